// Flume's classic job through the real worker: web servers drop finished log files into a spool
// directory; file-source (mode=spooldir) reads each once into a topic of the embedded log;
// hdfs-sink writes them to `file://` storage in one directory per 10 minutes of the lines' own
// `ts` field (TimeBasedPartitioner + RecordField), committing each file exactly once. The worker
// is SIGKILLed several times at random moments while files arrive, once in the middle of a
// commit of several files, and every line must end up committed exactly once.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <regex>
#include <set>

#include "topic_reader.h"
#include "worker_process.h"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

// 2024-05-01T11:50:00Z: the lines' times run from here for 35 minutes, so they fall into the
// buckets 11:50, 12:00, 12:10 and 12:20.
constexpr int64_t kFirstTs = 1714564200000;
constexpr int64_t kSpanMs = 35 * 60 * 1000;
constexpr int kFiles = 30;
constexpr int kLinesPerFile = 1000;
constexpr int kLines = kFiles * kLinesPerFile;

// The servers' logs are merged, so neighbouring lines are minutes apart: every file, and every
// commit of the sink, spans all four buckets, and each commit renames several files (through
// the sink's commit log). 7919 is prime, so id -> slot is a permutation of 0..kLines-1.
int64_t TimestampOf(int id) {
  const int64_t slot = (int64_t{id} * 7919) % kLines;
  return kFirstTs + kSpanMs * slot / kLines;
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
    // A commit splits its offsets among the buckets, so a file holds some of start..end. Lines
    // enter the topic in id order, so each line's id is its offset.
    if (lines.empty() || static_cast<int64_t>(lines.size()) > end - start + 1) {
      out.problems.push_back(name + " holds " + std::to_string(lines.size()) + " lines");
    }
    for (const auto& line : lines) {
      auto json = nlohmann::json::parse(line, nullptr, false);
      if (!json.is_object() || !json.contains("id")) {
        out.problems.push_back("not a log line: " + line);
        continue;
      }
      const int id = json["id"].get<int>();
      if (id < start || id > end) {
        out.problems.push_back("id " + std::to_string(id) + " is in " + name);
      }
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

// The sink's committed offset, from the committed file names (the largest end offset, plus 1):
// cheap enough to poll while the worker runs. Lines enter the topic in id order and exactly
// once, so it is also how many lines are committed.
int64_t CommittedOffset(const fs::path& store) {
  static const std::regex kName(R"(weblogs\+0\+\d{10}\+(\d{10})\.json)");
  int64_t next = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(store / "topics/weblogs", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::smatch m;
    const std::string name = it->path().filename().string();
    if (std::regex_match(name, m, kName))
      next = std::max<int64_t>(next, std::stoll(m[1].str()) + 1);
  }
  return next;
}

// The sink's commit log of partition 0: present only while a commit of several files renames
// them.
fs::path CommitLog(const fs::path& store) {
  return store / "logs/weblogs/0/log";
}

int CompletedFiles(const fs::path& spool) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(spool)) {
    n += entry.path().extension() == ".COMPLETED" ? 1 : 0;
  }
  return n;
}

// What a SIGKILLed worker left behind, read once it is dead.
struct KillReport {
  int64_t dropped = 0;      // lines put into the spool directory before the kill
  int64_t in_topic = 0;     // lines the source had written to the topic
  int64_t committed = 0;    // lines in the sink's committed files
  bool mid_commit = false;  // the sink's commit log was there: a commit of several files was cut
};

TEST(FlumeScenario, SpooledFilesLandInTenMinuteDirectoriesExactlyOnceAcrossSigkills) {
  TempDir dir;
  const fs::path spool = dir.path() / "spool";
  const fs::path store = dir.path() / "store";
  fs::create_directories(spool);
  std::mt19937 random(20240501);
  auto between = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };

  // Six kills; every second one waits for a commit of several files to be under way.
  constexpr int kKills = 6;
  int dropped_files = 0;
  auto drop = [&] {
    if (dropped_files < kFiles) DropSpoolFile(spool, dropped_files++);
  };
  std::vector<KillReport> kills;
  for (int round = 0; round < kKills; ++round) {
    // Odd rounds flush source offsets often; even ones never (only the log's journal knows how
    // far the source got), so that both ways of resuming are killed.
    WorkerProcess worker(dir.path(), WorkerConfig(round % 2 == 0 ? 3600 * 1000 : 200));
    ASSERT_TRUE(worker.Start()) << worker.log();
    if (round == 0) {
      ASSERT_EQ(worker.Request("PUT", "/connectors/spool/config", SpoolSource(spool).dump()).status,
                201);
      ASSERT_EQ(worker.Request("PUT", "/connectors/hdfs/config", HdfsSink(store, 700, 1000).dump())
                    .status,
                201);
    }
    ASSERT_TRUE(worker.WaitForTasks("spool", "RUNNING")) << worker.log();
    ASSERT_TRUE(worker.WaitForTasks("hdfs", "RUNNING")) << worker.log();

    const int64_t committed_before = CommittedOffset(store);
    for (int i = 0; i < 3; ++i) drop();
    // Wait until this run commits something: the pipeline is flowing when the kill comes.
    ASSERT_TRUE(Eventually([&] { return CommittedOffset(store) > committed_before; },
                           std::chrono::seconds(30)))
        << worker.log();
    const bool at_a_commit = round % 2 == 1;
    if (at_a_commit) {
      // Kill the moment the sink has logged a commit of several files and is renaming them,
      // with more than a commit's worth of lines still to come behind it.
      drop();
      drop();
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!fs::exists(CommitLog(store)) && std::chrono::steady_clock::now() < give_up) {
        ::usleep(200);
      }
    } else {
      ::usleep(between(0, 400) * 1000);
      drop();  // lines still on their way at the kill: it comes a few milliseconds later
      ::usleep(between(0, 5) * 1000);
    }
    worker.Kill();

    KillReport report;
    report.dropped = int64_t{dropped_files} * kLinesPerFile;
    report.mid_commit = fs::exists(CommitLog(store));
    const Committed committed = ReadCommitted(store);
    report.committed = static_cast<int64_t>(committed.ids.size());
    std::set<int> in_topic;
    int topic_duplicates = 0;
    for (const auto& record : ReadTopic((dir.path() / "sluice-data").string(), "weblogs")) {
      auto json = nlohmann::json::parse(record.value.value_or(""), nullptr, false);
      if (json.is_object() && json.contains("id")) {
        topic_duplicates += in_topic.insert(json["id"].get<int>()).second ? 0 : 1;
      }
    }
    report.in_topic = static_cast<int64_t>(in_topic.size());
    kills.push_back(report);
    std::cout << "[ kill " << round + 1 << ": " << report.dropped << " lines dropped, "
              << report.in_topic << " in the topic, " << report.committed << " committed"
              << (report.mid_commit ? ", in the middle of a commit of several files" : "") << " ]"
              << std::endl;

    // The kill came mid-way: lines were still on their way from the spool directory (through
    // the topic) to the committed files.
    EXPECT_LT(report.committed, report.dropped) << "kill " << round + 1 << " came too late";
    // Exactly once so far: the source wrote no line twice, the sink committed none twice.
    EXPECT_EQ(topic_duplicates, 0) << "kill " << round + 1;
    for (const auto& problem : committed.problems) ADD_FAILURE() << problem;
    EXPECT_EQ(committed.ids.size(),
              std::set<int>(committed.ids.begin(), committed.ids.end()).size())
        << "duplicates after kill " << round + 1;
  }
  // Some kill found records between the topic and the committed files (the sink's work cut),
  // and some came in the middle of a commit of several files.
  EXPECT_TRUE(std::any_of(kills.begin(), kills.end(),
                          [](const KillReport& k) { return k.in_topic > k.committed; }));
  EXPECT_TRUE(std::any_of(kills.begin(), kills.end(), [](const KillReport& k) {
    return k.mid_commit;
  })) << "no kill came during a commit of several files";

  // The rest of the files arrive while the worker is down.
  while (dropped_files < kFiles) drop();
  WorkerProcess worker(dir.path(), WorkerConfig());
  ASSERT_TRUE(worker.Start()) << worker.log();
  ASSERT_TRUE(
      Eventually([&] { return CommittedOffset(store) >= kLines; }, std::chrono::seconds(60)))
      << CommittedOffset(store) << " of " << kLines << " lines committed\n"
      << worker.log();
  // Give a duplicate the time to show up, should one be on its way.
  ::usleep(1500 * 1000);
  ExpectExactlyOnce(ReadCommitted(store));
  EXPECT_TRUE(
      Eventually([&] { return CompletedFiles(spool) == kFiles; }, std::chrono::seconds(10)));
  // Completed files leave no offsets behind: the store does not grow with every file.
  EXPECT_TRUE(Eventually([&] {
    auto offsets = worker.Request("GET", "/connectors/spool/offsets").json();
    return offsets.contains("offsets") && offsets["offsets"].empty();
  })) << worker.Request("GET", "/connectors/spool/offsets").body;
  EXPECT_FALSE(fs::exists(CommitLog(store)));
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
