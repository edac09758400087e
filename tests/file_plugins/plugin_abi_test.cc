// Drives the built file plugins through their C ABI with a test host: configs in, records and
// commit offsets out, as the worker will.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "plugin_harness.h"
#include "test_util.h"

namespace sluice::file_test {
namespace {

struct Connector {
  const sluice_connector_class& c;
  sluice_connector* instance = nullptr;
  ~Connector() {
    if (instance) c.connector_destroy(instance);
  }
};

struct Task {
  const sluice_connector_class& c;
  sluice_task* instance = nullptr;
  ~Task() {
    if (instance) c.task_destroy(instance);
  }
};

sluice_sink_record SinkRecordOf(const std::string& topic, int64_t offset, sluice_data value) {
  sluice_sink_record record{};
  record.topic = Buf(topic);
  record.offset = offset;
  record.key = {SLUICE_DATA_NULL, {}};
  record.value = value;
  return record;
}

// Creates a connector from `config` and returns the task configs it hands out.
std::vector<nlohmann::json> TaskConfigs(const sluice_connector_class& c,
                                        const nlohmann::json& config, int max_tasks) {
  sluice_connector_context ctx;
  sluice_call call;
  Connector connector{c};
  std::string json = config.dump();
  EXPECT_EQ(c.connector_create(&call, &ctx, Buf(json), &connector.instance), SLUICE_OK)
      << call.error;
  EXPECT_EQ(c.connector_task_configs(connector.instance, &call, max_tasks), SLUICE_OK)
      << call.error;
  return call.task_configs;
}

// Polls until `count` records arrived, or `rounds` polls of 100 ms were made.
std::vector<sluice_call::Record> PollRecords(const sluice_connector_class& c, sluice_task* task,
                                             size_t count, int rounds = 100) {
  std::vector<sluice_call::Record> records;
  for (int i = 0; i < rounds && records.size() < count; ++i) {
    sluice_call call;
    EXPECT_EQ(c.source_task_poll(task, &call, 100), SLUICE_OK) << call.error;
    records.insert(records.end(), call.records.begin(), call.records.end());
  }
  return records;
}

TEST(FileSourcePlugin, TailsAFileAsKafkasFileStreamSourceDoes) {
  LoadedPlugin plugin("file-source.so");
  ASSERT_EQ(plugin.status(), SLUICE_OK) << plugin.error();
  const sluice_connector_class& c = plugin.only_class();
  TempDir dir;
  const std::string path = dir / "test.txt";
  WriteFile(path, "foo\nbar\n");

  auto configs =
      TaskConfigs(c, {{"name", "local-file-source"}, {"file", path}, {"topic", "connect-test"}}, 4);
  ASSERT_EQ(configs.size(), 1u) << "the file source always has exactly one task";
  EXPECT_EQ(configs[0]["batch.size"], "2000");  // defaults are filled in

  sluice_source_context ctx;
  sluice_call call;
  Task task{c};
  std::string config = configs[0].dump();
  ASSERT_EQ(c.source_task_create(&call, &ctx, Buf(config), &task.instance), SLUICE_OK)
      << call.error;
  auto records = PollRecords(c, task.instance, 2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].topic, "connect-test");
  EXPECT_EQ(records[0].key_kind, SLUICE_DATA_NULL);
  EXPECT_EQ(records[0].value_kind, SLUICE_DATA_STRING);
  EXPECT_EQ(records[0].value, "foo");
  EXPECT_EQ(records[1].value, "bar");
  EXPECT_GT(records[0].timestamp_ms, 0);
  EXPECT_EQ(records[0].partition, nlohmann::json({{"filename", path}}));
  EXPECT_EQ(records[1].offset["position"], 8);
  EXPECT_EQ(records[1].offset["inode"], InodeOf(path));
}

TEST(FileSourcePlugin, ResumesFromTheOffsetTheHostStored) {
  LoadedPlugin plugin("file-source.so");
  const sluice_connector_class& c = plugin.only_class();
  TempDir dir;
  const std::string path = dir / "test.txt";
  WriteFile(path, "old\nnew\n");

  sluice_source_context ctx;
  ctx.offsets[nlohmann::json({{"filename", path}}).dump()] =
      nlohmann::json({{"position", 4}, {"inode", InodeOf(path)}}).dump();
  sluice_call call;
  Task task{c};
  std::string config = nlohmann::json({{"file", path}, {"topic", "t"}}).dump();
  ASSERT_EQ(c.source_task_create(&call, &ctx, Buf(config), &task.instance), SLUICE_OK)
      << call.error;
  auto records = PollRecords(c, task.instance, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].value, "new");
}

TEST(FileSourcePlugin, RejectsAnInvalidConfigNamingTheKeys) {
  LoadedPlugin plugin("file-source.so");
  const sluice_connector_class& c = plugin.only_class();
  sluice_connector_context ctx;
  sluice_call call;
  sluice_connector* connector = nullptr;
  std::string config =
      nlohmann::json({{"file", "/tmp/x"}, {"batch.size", "0"}, {"mode", "spooldir"}}).dump();
  EXPECT_EQ(c.connector_create(&call, &ctx, Buf(config), &connector), SLUICE_INVALID_CONFIG);
  EXPECT_EQ(connector, nullptr);
  EXPECT_NE(call.error.find("\"topic\""), std::string::npos) << call.error;
  EXPECT_NE(call.error.find("batch.size"), std::string::npos) << call.error;
  EXPECT_NE(call.error.find("spooldir.path"), std::string::npos) << call.error;
}

TEST(FileSourcePlugin, SpoolModeAddsHeadersAndCompletesFilesAfterCommit) {
  LoadedPlugin plugin("file-source.so");
  const sluice_connector_class& c = plugin.only_class();
  TempDir dir;
  WriteFile(dir / "orders.csv", "1,apple\n2,pear\n");

  sluice_source_context ctx;
  sluice_call call;
  Task task{c};
  std::string config = nlohmann::json({{"topic", "orders"},
                                       {"mode", "spooldir"},
                                       {"spooldir.path", dir.root()},
                                       {"spooldir.file.header", "true"},
                                       {"spooldir.basename.header", "true"},
                                       {"spooldir.timestamp.header", "true"}})
                           .dump();
  ASSERT_EQ(c.source_task_create(&call, &ctx, Buf(config), &task.instance), SLUICE_OK)
      << call.error;
  auto records = PollRecords(c, task.instance, 2);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].value, "1,apple");
  EXPECT_EQ(records[0].headers["file"], dir / "orders.csv");
  EXPECT_EQ(records[0].headers["basename"], "orders.csv");
  EXPECT_EQ(records[0].headers["timestamp"], std::to_string(records[0].timestamp_ms));
  EXPECT_EQ(records[1].offset["position"], 15);

  // The host stores the offsets of acknowledged records, then calls commit.
  ctx.offsets[records[1].partition.dump()] = records[1].offset.dump();
  ASSERT_EQ(c.source_task_commit(task.instance, &call), SLUICE_OK) << call.error;
  EXPECT_TRUE(Exists(dir / "orders.csv.COMPLETED"));
  EXPECT_TRUE(PollRecords(c, task.instance, 1, /*rounds=*/2).empty());
}

// The host commits while records are in flight: commit is no proof that all were delivered.
TEST(FileSourcePlugin, SpoolModeKeepsAFileWhoseLastRecordsAreNotCommitted) {
  LoadedPlugin plugin("file-source.so");
  const sluice_connector_class& c = plugin.only_class();
  TempDir dir;
  WriteFile(dir / "orders.csv", "1,apple\n2,pear\n3,plum\n");

  sluice_source_context ctx;
  sluice_call call;
  Task task{c};
  std::string config = nlohmann::json({{"topic", "orders"},
                                       {"mode", "spooldir"},
                                       {"spooldir.delete.policy", "immediate"},
                                       {"spooldir.path", dir.root()}})
                           .dump();
  ASSERT_EQ(c.source_task_create(&call, &ctx, Buf(config), &task.instance), SLUICE_OK)
      << call.error;
  auto records = PollRecords(c, task.instance, 3);
  ASSERT_EQ(records.size(), 3u);

  // Only the first record was acknowledged when the host committed.
  ctx.offsets[records[0].partition.dump()] = records[0].offset.dump();
  ASSERT_EQ(c.source_task_commit(task.instance, &call), SLUICE_OK) << call.error;
  EXPECT_TRUE(PollRecords(c, task.instance, 1, /*rounds=*/2).empty());
  EXPECT_TRUE(Exists(dir / "orders.csv")) << "deleted with records still in flight";

  ctx.offsets[records[2].partition.dump()] = records[2].offset.dump();
  ASSERT_EQ(c.source_task_commit(task.instance, &call), SLUICE_OK) << call.error;
  EXPECT_FALSE(Exists(dir / "orders.csv"));
}

TEST(FileSinkPlugin, WritesOneLinePerRecordAndCommitsOnlyWhatIsOnDisk) {
  LoadedPlugin plugin("file-sink.so");
  ASSERT_EQ(plugin.status(), SLUICE_OK) << plugin.error();
  const sluice_connector_class& c = plugin.only_class();
  TempDir dir;
  const std::string path = dir / "test.sink.txt";

  auto configs = TaskConfigs(c, {{"file", path}, {"topics", "connect-test"}}, 3);
  ASSERT_EQ(configs.size(), 3u) << "one config per task, all appending to the same file";

  sluice_sink_context ctx;
  sluice_call call;
  Task task{c};
  std::string config = configs[0].dump();
  ASSERT_EQ(c.sink_task_create(&call, &ctx, Buf(config), &task.instance), SLUICE_OK) << call.error;

  const std::string topic = "connect-test";
  const std::string foo = "foo";
  const std::string raw("r\0w", 3);
  sluice_sink_record records[3] = {SinkRecordOf(topic, 10, {SLUICE_DATA_STRING, Buf(foo)}),
                                   SinkRecordOf(topic, 11, {SLUICE_DATA_BYTES, Buf(raw)}),
                                   SinkRecordOf(topic, 12, {SLUICE_DATA_NULL, {}})};
  ASSERT_EQ(c.sink_task_put(task.instance, &call, records, 3), SLUICE_OK) << call.error;

  sluice_topic_partition_offset current{Buf(topic), 0, 13};
  ASSERT_EQ(c.sink_task_pre_commit(task.instance, &call, &current, 1), SLUICE_OK) << call.error;
  // By the time the offsets come back, the lines are in the file.
  EXPECT_EQ(ReadWholeFile(path), "foo\n" + raw + "\nnull\n");
  ASSERT_EQ(call.commits.size(), 1u);
  EXPECT_EQ(call.commits[0], (std::pair<std::string, int64_t>{"connect-test-0", 13}));
}

TEST(FileSinkPlugin, CommitsNothingWhenTheLinesCannotBeWritten) {
  LoadedPlugin plugin("file-sink.so");
  const sluice_connector_class& c = plugin.only_class();
  sluice_sink_context ctx;
  sluice_call call;
  Task task{c};
  std::string config = nlohmann::json({{"file", "/dev/full"}}).dump();
  ASSERT_EQ(c.sink_task_create(&call, &ctx, Buf(config), &task.instance), SLUICE_OK) << call.error;
  const std::string topic = "t";
  const std::string value = "lost";
  sluice_sink_record record = SinkRecordOf(topic, 0, {SLUICE_DATA_STRING, Buf(value)});
  // Each batch is written out when it is put, so the put is what fails, naming the file.
  EXPECT_EQ(c.sink_task_put(task.instance, &call, &record, 1), SLUICE_FATAL);
  EXPECT_NE(call.error.find("/dev/full"), std::string::npos) << call.error;
  sluice_call commit_call;
  sluice_topic_partition_offset current{Buf(topic), 0, 1};
  c.sink_task_pre_commit(task.instance, &commit_call, &current, 1);
  EXPECT_TRUE(commit_call.commits.empty());
}

}  // namespace
}  // namespace sluice::file_test
