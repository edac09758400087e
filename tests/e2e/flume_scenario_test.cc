// Flume's classic job through the real worker: web servers drop finished log files into a spool
// directory; file-source (mode=spooldir) reads each once into a topic of the embedded log;
// hdfs-sink writes them to `file://` storage in one directory per 10 minutes of the lines' own
// `ts` field (TimeBasedPartitioner + RecordField), committing each file exactly once.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "worker_process.h"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

// 2024-05-01T11:50:00Z: the lines' times run from here for 35 minutes, so they fall into the
// buckets 11:50, 12:00, 12:10 and 12:20.
constexpr int64_t kFirstTs = 1714564200000;
constexpr int64_t kSpanMs = 35 * 60 * 1000;
constexpr int kFiles = 20;
constexpr int kLinesPerFile = 1000;
constexpr int kLines = kFiles * kLinesPerFile;

int64_t TimestampOf(int id) {
  return kFirstTs + kSpanMs * id / kLines;
}

std::string BucketOf(int64_t ts_ms) {
  const int64_t minutes = (ts_ms - kFirstTs) / 60000 + 50;  // minutes after 11:00
  const int64_t bucket = minutes / 10 * 10;
  char text[32];
  std::snprintf(text, sizeof text, "hm=%02d%02d", static_cast<int>(11 + bucket / 60),
                static_cast<int>(bucket % 60));
  return text;
}

// Writes file `index` of the web servers' output under a hidden name, then renames it into the
// spool directory, so that the source only ever sees complete files.
void DropSpoolFile(const fs::path& spool, int index) {
  std::string text;
  for (int id = index * kLinesPerFile; id < (index + 1) * kLinesPerFile; ++id) {
    text += R"({"id":)" + std::to_string(id) + R"(,"ts":)" + std::to_string(TimestampOf(id)) +
            R"(,"request":"GET /products/)" + std::to_string(id % 97) +
            R"( HTTP/1.1","status":200})" + "\n";
  }
  const fs::path hidden = spool / ("." + std::to_string(index) + ".tmp");
  AppendToFile(hidden.string(), text);
  fs::rename(hidden, spool / ("access-" + std::to_string(1000 + index) + ".log"));
}

nlohmann::json SpoolSource(const fs::path& spool) {
  return {{"connector.class", "FileStreamSource"},
          {"mode", "spooldir"},
          {"spooldir.path", spool.string()},
          {"topic", "weblogs"}};
}

nlohmann::json HdfsSink(const fs::path& store, int flush_size, int64_t schedule_ms) {
  return {{"connector.class", "HdfsSinkConnector"},
          {"topics", "weblogs"},
          {"hdfs.url", "file://" + store.string()},
          {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
          {"value.converter.schemas.enable", "false"},
          {"format.class", "json"},
          {"partitioner.class", "TimeBasedPartitioner"},
          {"path.format", "'dt'=yyyy-MM-dd/'hm'=HHmm"},
          {"partition.duration.ms", "600000"},
          {"timestamp.extractor", "RecordField"},
          {"timestamp.field", "ts"},
          {"timezone", "UTC"},
          {"flush.size", std::to_string(flush_size)},
          {"rotate.schedule.interval.ms", std::to_string(schedule_ms)}};
}

// Lines cross the topic as they are (the sink's JsonConverter parses them into maps). Source
// offsets are journaled with the records (exactly.once.source.support), so the source repeats
// nothing after a SIGKILL; the sink's file names and commit log do the same on the other side.
std::map<std::string, std::string> WorkerConfig(int64_t offset_flush_interval_ms = 100) {
  return {{"key.converter", "org.apache.kafka.connect.storage.StringConverter"},
          {"value.converter", "org.apache.kafka.connect.storage.StringConverter"},
          {"exactly.once.source.support", "enabled"},
          {"offset.flush.interval.ms", std::to_string(offset_flush_interval_ms)}};
}

// What the committed files under <store>/topics/weblogs hold.
struct Committed {
  std::map<std::string, std::vector<int>> ids_by_bucket;  // "dt=2024-05-01/hm=1150" -> ids
  std::multiset<int> ids;
  std::vector<std::string> problems;  // lines or files that break the layout
};

Committed ReadCommitted(const fs::path& store) {
  static const std::regex kName(R"(weblogs\+0\+(\d{10})\+(\d{10})\.json)");
  Committed out;
  const fs::path topic_dir = store / "topics/weblogs";
  if (!fs::exists(topic_dir)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(topic_dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string bucket = entry.path().parent_path().lexically_relative(topic_dir).string();
    std::smatch m;
    const std::string name = entry.path().filename().string();
    if (!std::regex_match(name, m, kName)) {
      out.problems.push_back("unexpected file " + entry.path().string());
      continue;
    }
    const auto lines = ReadLines(entry.path().string());
    const int64_t start = std::stoll(m[1].str());
    const int64_t end = std::stoll(m[2].str());
    if (static_cast<int64_t>(lines.size()) != end - start + 1) {
      out.problems.push_back(name + " holds " + std::to_string(lines.size()) + " lines");
    }
    for (const auto& line : lines) {
      auto json = nlohmann::json::parse(line, nullptr, false);
      if (!json.is_object() || !json.contains("id")) {
        out.problems.push_back("not a log line: " + line);
        continue;
      }
      const int id = json["id"].get<int>();
      if ("dt=2024-05-01/" + BucketOf(json["ts"].get<int64_t>()) != bucket) {
        out.problems.push_back("id " + std::to_string(id) + " is in " + bucket);
      }
      out.ids.insert(id);
      out.ids_by_bucket[bucket].push_back(id);
    }
  }
  return out;
}

// Every id from 0 to kLines-1 exactly once, in the right buckets, and nothing else.
void ExpectExactlyOnce(const Committed& committed) {
  for (const auto& problem : committed.problems) ADD_FAILURE() << problem;
  EXPECT_EQ(committed.ids.size(), static_cast<size_t>(kLines));
  int duplicates = 0;
  int missing = 0;
  for (int id = 0; id < kLines; ++id) {
    const size_t n = committed.ids.count(id);
    duplicates += n > 1 ? static_cast<int>(n - 1) : 0;
    missing += n == 0 ? 1 : 0;
  }
  EXPECT_EQ(duplicates, 0);
  EXPECT_EQ(missing, 0);
  std::set<std::string> buckets;
  for (const auto& [bucket, ids] : committed.ids_by_bucket) buckets.insert(bucket);
  EXPECT_EQ(buckets, (std::set<std::string>{"dt=2024-05-01/hm=1150", "dt=2024-05-01/hm=1200",
                                            "dt=2024-05-01/hm=1210", "dt=2024-05-01/hm=1220"}));
}

int CompletedFiles(const fs::path& spool) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(spool)) {
    n += entry.path().extension() == ".COMPLETED" ? 1 : 0;
  }
  return n;
}

TEST(FlumeScenario, SpooledFilesLandInTenMinuteDirectoriesExactlyOnceAcrossASigkill) {
  TempDir dir;
  const fs::path spool = dir.path() / "spool";
  const fs::path store = dir.path() / "store";
  fs::create_directories(spool);

  {
    // No offset flush before the kill: only the journal knows how far the source got.
    WorkerProcess worker(dir.path(), WorkerConfig(3600 * 1000));
    ASSERT_TRUE(worker.Start()) << worker.log();
    ASSERT_EQ(worker.Request("PUT", "/connectors/spool/config", SpoolSource(spool).dump()).status,
              201);
    ASSERT_EQ(
        worker.Request("PUT", "/connectors/hdfs/config", HdfsSink(store, 700, 1000).dump()).status,
        201);
    ASSERT_TRUE(worker.WaitForTasks("spool", "RUNNING")) << worker.log();
    ASSERT_TRUE(worker.WaitForTasks("hdfs", "RUNNING")) << worker.log();

    // Half of the files, then a SIGKILL while the second half is arriving.
    for (int i = 0; i < kFiles / 2; ++i) DropSpoolFile(spool, i);
    ASSERT_TRUE(Eventually([&] { return !ReadCommitted(store).ids.empty(); })) << worker.log();
    for (int i = kFiles / 2; i < kFiles * 3 / 4; ++i) DropSpoolFile(spool, i);
    worker.Kill();
  }
  const Committed at_kill = ReadCommitted(store);
  EXPECT_LT(at_kill.ids.size(), static_cast<size_t>(kLines)) << "the kill came too late to count";
  for (int i = kFiles * 3 / 4; i < kFiles; ++i) DropSpoolFile(spool, i);

  WorkerProcess worker(dir.path(), WorkerConfig());
  ASSERT_TRUE(worker.Start()) << worker.log();
  ASSERT_TRUE(Eventually([&] { return ReadCommitted(store).ids.size() >= kLines; },
                         std::chrono::seconds(60)))
      << ReadCommitted(store).ids.size() << " of " << kLines << " lines committed\n"
      << worker.log();
  // Give a duplicate the time to show up, should one be on its way.
  ::usleep(1500 * 1000);
  ExpectExactlyOnce(ReadCommitted(store));
  EXPECT_EQ(CompletedFiles(spool), kFiles);
  EXPECT_FALSE(fs::exists(store / "topics/+tmp/weblogs/0") &&
               !fs::is_empty(store / "topics/+tmp/weblogs/0"))
      << "temporary files left behind";
  EXPECT_EQ(worker.Stop(), 0) << worker.log();
}

// Confluent's sink leaves the last file open until the next record comes; with
// rotate.schedule.interval.ms Sluice commits it on the wall clock, traffic or not.
TEST(FlumeScenario, TheLastOpenFileIsCommittedOnTimeWithoutFurtherRecords) {
  TempDir dir;
  const fs::path spool = dir.path() / "spool";
  const fs::path store = dir.path() / "store";
  fs::create_directories(spool);

  WorkerProcess worker(dir.path(), WorkerConfig());
  ASSERT_TRUE(worker.Start()) << worker.log();
  ASSERT_EQ(worker.Request("PUT", "/connectors/spool/config", SpoolSource(spool).dump()).status,
            201);
  // flush.size far above what arrives: only the schedule can commit.
  ASSERT_EQ(worker.Request("PUT", "/connectors/hdfs/config", HdfsSink(store, 1000000, 2000).dump())
                .status,
            201);
  ASSERT_TRUE(worker.WaitForTasks("hdfs", "RUNNING")) << worker.log();
  DropSpoolFile(spool, 0);

  ASSERT_TRUE(Eventually([&] { return ReadCommitted(store).ids.size() == kLinesPerFile; },
                         std::chrono::seconds(15)))
      << worker.log();
  const Committed committed = ReadCommitted(store);
  for (const auto& problem : committed.problems) ADD_FAILURE() << problem;
  EXPECT_EQ(*committed.ids.begin(), 0);
  EXPECT_EQ(*committed.ids.rbegin(), kLinesPerFile - 1);
  EXPECT_EQ(worker.Stop(), 0) << worker.log();
}

}  // namespace
}  // namespace sluice::testing
