// Loads each built plugin with dlopen/dlsym and checks what sluice_plugin_init declares.
#include <gtest/gtest.h>

#include <set>

#include "plugin_harness.h"

namespace sluice::file_test {
namespace {

std::set<std::string> ConfigKeys(const sluice_connector_class& c) {
  std::set<std::string> keys;
  for (const auto& key : nlohmann::json::parse(c.config_def_json)) {
    keys.insert(key.at("name").get<std::string>());
  }
  return keys;
}

TEST(PluginLoad, FileSourceDeclaresKafkasClassNameAndAliases) {
  LoadedPlugin plugin("file-source.so");
  ASSERT_EQ(plugin.status(), SLUICE_OK) << plugin.error();
  EXPECT_EQ(plugin.api().abi_major, static_cast<uint32_t>(SLUICE_ABI_MAJOR));
  EXPECT_STREQ(plugin.api().plugin_name, "file-source");
  const sluice_connector_class& c = plugin.only_class();
  EXPECT_EQ(c.type, SLUICE_PLUGIN_SOURCE);
  EXPECT_STREQ(c.class_name, "FileStreamSourceConnector");
  EXPECT_EQ(Aliases(c),
            (std::vector<std::string>{"FileStreamSource",
                                      "org.apache.kafka.connect.file.FileStreamSourceConnector"}));
  EXPECT_NE(c.connector_create, nullptr);
  EXPECT_NE(c.source_task_create, nullptr);
  EXPECT_NE(c.source_task_poll, nullptr);
  EXPECT_NE(c.source_task_commit, nullptr);
  EXPECT_NE(c.task_wakeup, nullptr);
  std::set<std::string> keys = ConfigKeys(c);
  for (const char* key :
       {"file", "topic", "batch.size", "max.line.bytes", "mode", "spooldir.path",
        "spooldir.completed.suffix", "spooldir.delete.policy", "spooldir.include.pattern",
        "spooldir.ignore.pattern", "spooldir.consume.order", "spooldir.recursive",
        "spooldir.file.header", "spooldir.basename.header", "spooldir.timestamp.header"}) {
    EXPECT_EQ(keys.count(key), 1u) << key;
  }
}

TEST(PluginLoad, FileSinkDeclaresKafkasClassNameAndAliases) {
  LoadedPlugin plugin("file-sink.so");
  ASSERT_EQ(plugin.status(), SLUICE_OK) << plugin.error();
  EXPECT_STREQ(plugin.api().plugin_name, "file-sink");
  const sluice_connector_class& c = plugin.only_class();
  EXPECT_EQ(c.type, SLUICE_PLUGIN_SINK);
  EXPECT_STREQ(c.class_name, "FileStreamSinkConnector");
  EXPECT_EQ(Aliases(c),
            (std::vector<std::string>{"FileStreamSink",
                                      "org.apache.kafka.connect.file.FileStreamSinkConnector"}));
  EXPECT_NE(c.sink_task_create, nullptr);
  EXPECT_NE(c.sink_task_put, nullptr);
  EXPECT_NE(c.sink_task_pre_commit, nullptr);
  // topics/topics.regex belong to the host; the plugin declares only its own key.
  EXPECT_EQ(ConfigKeys(c), (std::set<std::string>{"file"}));
}

TEST(PluginLoad, RefusesAHostOfAnotherAbiMajor) {
  sluice_host_api other = TestHost();
  other.abi_major = SLUICE_ABI_MAJOR + 1;
  LoadedPlugin plugin("file-source.so", other);
  EXPECT_EQ(plugin.status(), SLUICE_FATAL);
  EXPECT_NE(plugin.error().find("ABI"), std::string::npos) << plugin.error();
}

}  // namespace
}  // namespace sluice::file_test
