// Loads the built hdfs-sink.so with dlopen and drives it through the C ABI alone: what
// sluice_plugin_init declares, a config refused with INVALID_CONFIG, and a task that writes and
// commits.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "sink_driver.h"
#include "test_support.h"

namespace sluice::hdfs_test {
namespace {

sluice_buffer Buf(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

class LoadedPlugin {
 public:
  LoadedPlugin() {
    const std::string path = std::string(SLUICE_PLUGIN_DIR) + "/hdfs-sink.so";
    handle_ = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) throw std::runtime_error(std::string("dlopen: ") + ::dlerror());
    auto init =
        reinterpret_cast<sluice_plugin_init_fn>(::dlsym(handle_, SLUICE_PLUGIN_ENTRY_SYMBOL));
    if (init == nullptr) throw std::runtime_error(path + " does not export sluice_plugin_init");
    api_.struct_size = sizeof(api_);
    char error[256] = {0};
    status_ = init(&TestHost(), &api_, error, sizeof error);
    error_ = error;
  }
  ~LoadedPlugin() { ::dlclose(handle_); }
  LoadedPlugin(const LoadedPlugin&) = delete;
  LoadedPlugin& operator=(const LoadedPlugin&) = delete;

  sluice_status status() const { return status_; }
  const std::string& error() const { return error_; }
  const sluice_plugin_api& api() const { return api_; }

 private:
  void* handle_ = nullptr;
  sluice_plugin_api api_{};
  sluice_status status_ = SLUICE_FATAL;
  std::string error_;
};

TEST(HdfsSinkPlugin, DeclaresConfluentsClassNameAndAliases) {
  LoadedPlugin plugin;
  ASSERT_EQ(plugin.status(), SLUICE_OK) << plugin.error();
  EXPECT_STREQ(plugin.api().plugin_name, "hdfs-sink");
  ASSERT_EQ(plugin.api().connector_class_count, 1u);
  const sluice_connector_class& c = *plugin.api().connector_classes[0];
  EXPECT_EQ(c.type, SLUICE_PLUGIN_SINK);
  EXPECT_STREQ(c.class_name, "HdfsSinkConnector");
  std::vector<std::string> aliases;
  for (const char* const* a = c.aliases; a && *a; ++a) aliases.emplace_back(*a);
  EXPECT_EQ(aliases,
            (std::vector<std::string>{"HdfsSink", "io.confluent.connect.hdfs.HdfsSinkConnector"}));
  for (auto hook :
       {reinterpret_cast<void*>(c.sink_task_create), reinterpret_cast<void*>(c.sink_task_put),
        reinterpret_cast<void*>(c.sink_task_pre_commit), reinterpret_cast<void*>(c.sink_task_open),
        reinterpret_cast<void*>(c.sink_task_close), reinterpret_cast<void*>(c.task_wakeup)}) {
    EXPECT_NE(hook, nullptr);
  }
  std::set<std::string> keys;
  for (const auto& key : nlohmann::json::parse(c.config_def_json)) {
    keys.insert(key.at("name").get<std::string>());
  }
  for (const char* key : {"hdfs.url", "flush.size", "topics.dir", "partitioner.class",
                          "path.format", "rotate.schedule.interval.ms", "format.class"}) {
    EXPECT_EQ(keys.count(key), 1u) << key;
  }
}

TEST(HdfsSinkPlugin, RefusesABadConfigWithItsReason) {
  LoadedPlugin plugin;
  ASSERT_EQ(plugin.status(), SLUICE_OK) << plugin.error();
  const sluice_connector_class& c = *plugin.api().connector_classes[0];
  sluice_call call;
  sluice_connector_context ctx;
  sluice_connector* connector = nullptr;
  const std::string config = R"({"hdfs.url":"hdfs://nn:8020","flush.size":"3"})";
  EXPECT_EQ(c.connector_create(&call, &ctx, Buf(config), &connector), SLUICE_INVALID_CONFIG);
  EXPECT_EQ(connector, nullptr);
  EXPECT_NE(call.error.find("webhdfs://"), std::string::npos) << call.error;
}

TEST(HdfsSinkPlugin, WritesAndCommitsThroughTheAbi) {
  TempDir dir;
  LoadedPlugin plugin;
  ASSERT_EQ(plugin.status(), SLUICE_OK) << plugin.error();
  const sluice_connector_class& c = *plugin.api().connector_classes[0];
  const std::string config =
      nlohmann::json{{"hdfs.url", "file://" + dir.path().string()}, {"flush.size", "2"}}.dump();
  sluice_sink_context ctx;
  sluice_call call;
  sluice_task* task = nullptr;
  ASSERT_EQ(c.sink_task_create(&call, &ctx, Buf(config), &task), SLUICE_OK) << call.error;

  const std::string topic = "abi";
  sluice_topic_partition_offset tpo{Buf(topic), 0, 0};
  ASSERT_EQ(c.sink_task_open(task, &call, &tpo, 1), SLUICE_OK) << call.error;
  const std::string values[] = {"first", "second", "third"};
  std::vector<sluice_sink_record> records;
  for (int i = 0; i < 3; ++i) {
    sluice_sink_record r{};
    r.topic = Buf(topic);
    r.offset = i;
    r.timestamp_ms = kMay1st2024Ms;
    r.value = {SLUICE_DATA_STRING, Buf(values[i])};
    records.push_back(r);
  }
  ASSERT_EQ(c.sink_task_put(task, &call, records.data(), records.size()), SLUICE_OK) << call.error;
  tpo.offset = 3;
  ASSERT_EQ(c.sink_task_pre_commit(task, &call, &tpo, 1), SLUICE_OK) << call.error;
  EXPECT_EQ(call.commits, (std::vector<std::pair<std::string, int64_t>>{{"abi-0", 2}}));
  EXPECT_EQ(ReadFile(dir.path() / "topics/abi/partition=0/abi+0+0000000000+0000000001.json"),
            "\"first\"\n\"second\"\n");
  ASSERT_EQ(c.sink_task_close(task, &call, &tpo, 1), SLUICE_OK) << call.error;
  c.task_destroy(task);
  EXPECT_TRUE(FilesUnder(dir.path() / "topics/+tmp").empty());
}

}  // namespace
}  // namespace sluice::hdfs_test
