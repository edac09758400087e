// The hdfs-sink task end to end, driven as the worker drives it, against the local file system
// and against WebHDFS and HttpFS (the test server in each mode): layout and names, time
// partitioning, every rotation rule, exactly-once recovery after a crash, record errors; then,
// over WebHDFS only, injected lease and server errors, outages, a namenode that goes away, a
// permission denial, and a task stopped with a request in flight.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "sink_driver.h"
#include "test_support.h"
#include "webhdfs_test_server.h"

namespace sluice::hdfs_test {
namespace {

namespace fs = std::filesystem;

enum class Backend { kLocal, kWebHdfs, kHttpFs };

// 2024-05-01T11:54:34Z: Flume's example time of day.
constexpr int64_t kBaseMs = kMay1st2024Ms + (11 * 3600 + 54 * 60 + 34) * 1000;

class SinkFixture {
 protected:
  void StartBackend(Backend backend) {
    backend_ = backend;
    data_ = dir_.path() / "data";
    fs::create_directories(data_);
    if (backend != Backend::kLocal) {
      const bool httpfs = backend == Backend::kHttpFs;
      server_ = std::make_unique<WebHdfsTestServer>(data_, WebHdfsTestServer::Options{httpfs});
      url_ = server_->url();
    } else {
      url_ = "file://" + data_.string();
    }
  }

  Props Config(const Props& extra = {}) const {
    Props props = {{"hdfs.url", url_},
                   {"hdfs.user", "sluice"},
                   {"flush.size", "3"},
                   {"retry.backoff.ms", "5"},
                   {"hdfs.retry.max", "3"}};
    if (backend_ == Backend::kHttpFs) props["hdfs.httpfs"] = "true";  // data=true uploads
    for (const auto& [k, v] : extra) props[k] = v;
    return props;
  }

  // A path as the sink sees it on its store (what a commit log holds).
  std::string StorePath(const std::string& path) const {
    return backend_ == Backend::kLocal ? data_.string() + path : path;
  }

  std::vector<std::string> Committed(const std::string& topic) const {
    return FilesUnder(data_ / "topics" / topic);
  }
  std::vector<std::string> TempFiles() const { return FilesUnder(data_ / "topics" / "+tmp"); }
  std::string Content(const std::string& topic, const std::string& file) const {
    return ReadFile(data_ / "topics" / topic / file);
  }

  // Every line of every committed file of `topic`, each a JSON string "v<n>": the n's.
  std::multiset<int> CommittedValues(const std::string& topic) const {
    std::multiset<int> values;
    static const std::regex kValue(R"re("v(\d+)")re");
    for (const auto& file : Committed(topic)) {
      for (const auto& line : Lines(Content(topic, file))) {
        std::smatch m;
        EXPECT_TRUE(std::regex_match(line, m, kValue)) << file << ": " << line;
        values.insert(std::stoi(m[1].str()));
      }
    }
    return values;
  }

  static std::multiset<int> Range(int n) {
    std::multiset<int> out;
    for (int i = 0; i < n; ++i) out.insert(i);
    return out;
  }

  TempDir dir_;
  Backend backend_ = Backend::kLocal;
  fs::path data_;
  std::string url_;
  std::unique_ptr<WebHdfsTestServer> server_;
};

class HdfsSink : public SinkFixture, public testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { StartBackend(GetParam()); }
};

TEST_P(HdfsSink, LaysOutAndNamesFilesAsConfluentDoes) {
  FakeKafka kafka;
  for (int i = 0; i < 7; ++i) kafka.Produce("logs", 0, "v" + std::to_string(i), kBaseMs);
  for (int i = 0; i < 3; ++i) kafka.Produce("logs", 1, "v" + std::to_string(100 + i), kBaseMs);
  SinkDriver driver(kafka, Config({{"hdfs.write.buffer.bytes", "1"}}));
  driver.Open({{"logs", 0}, {"logs", 1}});
  EXPECT_EQ(driver.DeliverAll(2), 0);

  EXPECT_EQ(Committed("logs"),
            (std::vector<std::string>{"partition=0/logs+0+0000000000+0000000002.json",
                                      "partition=0/logs+0+0000000003+0000000005.json",
                                      "partition=1/logs+1+0000000000+0000000002.json"}));
  EXPECT_EQ(Content("logs", "partition=0/logs+0+0000000003+0000000005.json"),
            "\"v3\"\n\"v4\"\n\"v5\"\n");
  // The seventh record waits in a temporary file named by a UUID.
  std::vector<std::string> temp = TempFiles();
  ASSERT_EQ(temp.size(), 1u);
  EXPECT_TRUE(std::regex_match(temp[0], std::regex(R"(logs/0/[0-9a-f-]{36}_tmp\.json)")))
      << temp[0];
  EXPECT_EQ(ReadFile(data_ / "topics" / "+tmp" / temp[0]), "\"v6\"\n");
  // Only what is in committed files may be committed.
  EXPECT_EQ(driver.CommitOffsets(),
            (std::map<TopicPartition, int64_t>{{{"logs", 0}, 6}, {{"logs", 1}, 3}}));
  driver.Shutdown();
  EXPECT_TRUE(TempFiles().empty());  // discarded: the next owner reads v6 again
  EXPECT_EQ((kafka.committed[{"logs", 0}]), 6);
}

TEST_P(HdfsSink, CommitsAtEveryFlushSizeBoundary) {
  for (int flush_size : {1, 2, 4, 10}) {
    const std::string topic = "n" + std::to_string(flush_size);
    FakeKafka kafka;
    for (int i = 0; i < 10; ++i) kafka.Produce(topic, 0, "v" + std::to_string(i), kBaseMs);
    SinkDriver driver(kafka, Config({{"flush.size", std::to_string(flush_size)},
                                     {"filename.offset.zero.pad.width", "2"}}));
    driver.Open({{topic, 0}});
    driver.DeliverAll(3);
    std::vector<std::string> expected;
    for (int start = 0; start + flush_size <= 10; start += flush_size) {
      char name[64];
      std::snprintf(name, sizeof name, "partition=0/%s+0+%02d+%02d.json", topic.c_str(), start,
                    start + flush_size - 1);
      expected.push_back(name);
    }
    EXPECT_EQ(Committed(topic), expected) << "flush.size=" << flush_size;
    EXPECT_EQ((driver.CommitOffsets()[{topic, 0}]), 10 / flush_size * flush_size);
  }
}

TEST_P(HdfsSink, CommitsWhenAFileReachesFlushFileSize) {
  FakeKafka kafka;
  for (int i = 0; i < 10; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  // Each line is 5 bytes ("v0" and a newline): the third makes a file reach 12 bytes. Uploads
  // in 4-byte chunks count as well as what is still buffered.
  SinkDriver driver(kafka, Config({{"flush.size", "1000"},
                                   {"flush.file.size", "12"},
                                   {"hdfs.write.buffer.bytes", "4"},
                                   {"filename.offset.zero.pad.width", "1"}}));
  driver.Open({{"t", 0}});
  driver.DeliverAll(4);
  EXPECT_EQ(Committed("t"),
            (std::vector<std::string>{"partition=0/t+0+0+2.json", "partition=0/t+0+3+5.json",
                                      "partition=0/t+0+6+8.json"}));
  for (const auto& file : Committed("t")) EXPECT_EQ(Content("t", file).size(), 15u) << file;
  EXPECT_EQ((driver.CommitOffsets()[{"t", 0}]), 9);  // v9 waits in an open file
}

// With gzip the size is the compressed size so far: deflate emits its output in blocks, so a
// file is committed with the record that makes the stored bytes reach the limit.
TEST_P(HdfsSink, CommitsGzippedFilesByTheirCompressedSize) {
  constexpr int kRecords = 60;
  constexpr size_t kLimit = 16000;
  FakeKafka kafka;
  std::mt19937 random(7);
  std::map<std::string, int> ids;  // value -> record number
  for (int i = 0; i < kRecords; ++i) {
    std::string value = "v" + std::to_string(i) + "-";
    for (int k = 0; k < 2000; ++k) value += "0123456789abcdef"[random() % 16];
    ids[value] = i;
    kafka.Produce("z", 0, value, kBaseMs);
  }
  SinkDriver driver(kafka, Config({{"flush.size", "100000"},
                                   {"flush.file.size", std::to_string(kLimit)},
                                   {"format.class", "text"},
                                   {"format.compression", "gzip"},
                                   {"hdfs.write.buffer.bytes", "4096"}}));
  driver.Open({{"z", 0}});
  driver.DeliverAll(7);
  const std::vector<std::string> files = Committed("z");
  ASSERT_GE(files.size(), 2u) << "no file was committed by its size";
  std::vector<int> seen;
  int64_t next_start = 0;
  for (const auto& file : files) {
    const std::string stored = Content("z", file);
    EXPECT_GE(stored.size(), kLimit) << file << " was committed before it reached the limit";
    std::smatch m;
    ASSERT_TRUE(std::regex_match(file, m, std::regex(R"(partition=0/z\+0\+(\d+)\+(\d+)\.txt\.gz)")))
        << file;
    EXPECT_EQ(std::stoll(m[1].str()), next_start) << file;
    const std::vector<std::string> lines = Lines(Gunzip(stored));
    EXPECT_EQ(static_cast<int64_t>(lines.size()),
              std::stoll(m[2].str()) - std::stoll(m[1].str()) + 1)
        << file;
    for (const auto& line : lines) seen.push_back(ids.count(line) ? ids[line] : -1);
    next_start = std::stoll(m[2].str()) + 1;
  }
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<int>(i));
  EXPECT_LT(seen.size(), static_cast<size_t>(kRecords));  // the rest waits for the limit
  EXPECT_EQ((driver.CommitOffsets()[{"z", 0}]), next_start);
}

TEST_P(HdfsSink, PartitionsByTimeIntoTenMinuteDirectories) {
  FakeKafka kafka;
  // One record a minute for 35 minutes, from 11:54:34 to 12:29:34.
  for (int k = 0; k <= 35; ++k)
    kafka.Produce("web", 0, "v" + std::to_string(k), kBaseMs + k * 60000);
  SinkDriver driver(kafka, Config({{"flush.size", "36"},
                                   {"partitioner.class", "TimeBasedPartitioner"},
                                   {"partition.duration.ms", "600000"},
                                   {"path.format", "'dt'=yyyy-MM-dd/'hm'=HHmm"},
                                   {"timestamp.extractor", "Record"},
                                   {"timezone", "UTC"}}));
  driver.Open({{"web", 0}});
  driver.DeliverAll(5);
  // One commit of four files, their offsets interleaving nothing but split by time.
  EXPECT_EQ(Committed("web"),
            (std::vector<std::string>{"dt=2024-05-01/hm=1150/web+0+0000000000+0000000005.json",
                                      "dt=2024-05-01/hm=1200/web+0+0000000006+0000000015.json",
                                      "dt=2024-05-01/hm=1210/web+0+0000000016+0000000025.json",
                                      "dt=2024-05-01/hm=1220/web+0+0000000026+0000000035.json"}));
  EXPECT_EQ(CommittedValues("web"), Range(36));
  EXPECT_TRUE(FilesUnder(data_ / "logs").empty());  // the commit log is gone once done
  EXPECT_EQ((driver.CommitOffsets()[{"web", 0}]), 36);
}

TEST_P(HdfsSink, RotatesOnRecordTime) {
  FakeKafka kafka;
  for (int64_t seconds : {0, 10, 30, 60, 70, 130}) {
    kafka.Produce("t", 0, "v" + std::to_string(seconds), kBaseMs + seconds * 1000);
  }
  SinkDriver driver(kafka, Config({{"flush.size", "1000"},
                                   {"rotate.interval.ms", "60000"},
                                   {"timestamp.extractor", "Record"}}));
  driver.Open({{"t", 0}});
  driver.DeliverAll(10);
  // 60 s after the first record the file closes, before that record is written.
  EXPECT_EQ(Committed("t"),
            (std::vector<std::string>{"partition=0/t+0+0000000000+0000000002.json",
                                      "partition=0/t+0+0000000003+0000000004.json"}));
  EXPECT_EQ((driver.CommitOffsets()[{"t", 0}]), 5);
}

TEST_P(HdfsSink, ScheduledRotationClosesAnIdleFileOnTime) {
  FakeKafka kafka;
  kafka.Produce("idle", 0, "v0", kBaseMs);
  kafka.Produce("idle", 0, "v1", kBaseMs);
  SinkDriver driver(kafka,
                    Config({{"flush.size", "1000"}, {"rotate.schedule.interval.ms", "300"}}));
  driver.Open({{"idle", 0}});
  driver.DeliverAll();
  // No record comes after these two; the task's timer commits them anyway.
  ASSERT_TRUE(Eventually([&] { return !Committed("idle").empty(); }));
  EXPECT_EQ(Committed("idle"),
            (std::vector<std::string>{"partition=0/idle+0+0000000000+0000000001.json"}));
  EXPECT_TRUE(Eventually([&] {
    std::lock_guard<std::mutex> lock(driver.context().mu);
    return driver.context().commit_requests > 0;
  }));
  EXPECT_EQ((driver.CommitOffsets()[{"idle", 0}]), 2);
}

TEST_P(HdfsSink, ExactlyOnceAcrossACrash) {
  FakeKafka kafka;
  // Records alternate between two time directories, so every commit renames two files.
  auto produce = [&](int i) {
    kafka.Produce("clicks", 0, "v" + std::to_string(i), kBaseMs + (i % 2) * 600000);
  };
  for (int i = 0; i < 12; ++i) produce(i);
  const Props props = Config({{"flush.size", "5"},
                              {"hdfs.write.buffer.bytes", "1"},
                              {"partitioner.class", "TimeBasedPartitioner"},
                              {"partition.duration.ms", "600000"},
                              {"path.format", "'hm'=HHmm"},
                              {"timestamp.extractor", "Record"}});
  {
    SinkDriver first(kafka, props);
    first.Open({{"clicks", 0}});
    first.DeliverAll(3);
    EXPECT_EQ(Committed("clicks").size(), 4u);  // offsets 0-4 and 5-9, two files each
    EXPECT_EQ(TempFiles().size(), 2u);          // 10 and 11, in two directories' files
    first.Crash();                              // no Close, no Stop, no offset commit
  }
  EXPECT_EQ(TempFiles().size(), 2u);
  for (int i = 12; i < 23; ++i) produce(i);

  SinkDriver second(kafka, props);
  second.Open({{"clicks", 0}});
  EXPECT_EQ(second.position({"clicks", 0}), 10);  // from the file names, not from Kafka (0)
  EXPECT_TRUE(TempFiles().empty());               // the crashed run's files are gone
  second.DeliverAll(4);
  second.Shutdown();
  EXPECT_EQ(CommittedValues("clicks"), Range(20));  // 20-22 wait for a fourth commit
  std::vector<std::string> names = Committed("clicks");
  EXPECT_NE(std::find(names.begin(), names.end(), "hm=1150/clicks+0+0000000010+0000000014.json"),
            names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "hm=1200/clicks+0+0000000011+0000000013.json"),
            names.end());
}

TEST_P(HdfsSink, WritesAgainTheRecordsOfATemporaryFileThatVanished) {
  FakeKafka kafka;
  for (int i = 0; i < 6; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  SinkDriver driver(kafka, Config({{"hdfs.write.buffer.bytes", "1"}}));
  driver.Open({{"t", 0}});
  const auto& log = kafka.logs[{"t", 0}];
  driver.task().Put({log[0], log[1]});
  ASSERT_EQ(TempFiles().size(), 1u);
  fs::remove(data_ / "topics" / "+tmp" / TempFiles()[0]);  // someone else deletes it
  driver.DeliverAll(2);  // 0 and 1 again (skipped), then 2: its append finds no file
  EXPECT_EQ(Committed("t"),
            (std::vector<std::string>{"partition=0/t+0+0000000000+0000000002.json",
                                      "partition=0/t+0+0000000003+0000000005.json"}));
  EXPECT_EQ(CommittedValues("t"), Range(6));
  bool warned = false;
  for (const auto& line : driver.Logs()) {
    warned |= line.find("consumed again from offset 0") != std::string::npos;
  }
  EXPECT_TRUE(warned);
}

TEST_P(HdfsSink, RecoveryFinishesALoggedCommitAndDropsStrayFiles) {
  // A run that died in the middle of a two-file commit: the log is written, one file renamed.
  WriteFile(data_ / "topics/logs/hm=A/logs+0+0000000000+0000000002.json", "\"v0\"\n\"v2\"\n");
  WriteFile(data_ / "topics/+tmp/logs/0/b_tmp.json", "\"v1\"\n\"v3\"\n");
  WriteFile(data_ / "topics/+tmp/logs/0/stray_tmp.json", "\"v4\"\n");
  WriteFile(data_ / "topics/+tmp/logs/1/other_partition_tmp.json", "\"v9\"\n");
  const std::string log =
      R"({"version":1,"renames":[)"
      R"({"temp":")" +
      StorePath("/topics/+tmp/logs/0/a_tmp.json") + R"(","committed":")" +
      StorePath("/topics/logs/hm=A/logs+0+0000000000+0000000002.json") + R"("},{"temp":")" +
      StorePath("/topics/+tmp/logs/0/b_tmp.json") + R"(","committed":")" +
      StorePath("/topics/logs/hm=B/logs+0+0000000001+0000000003.json") + R"("}]})";
  WriteFile(data_ / "logs/logs/0/log", log);

  FakeKafka kafka;
  SinkDriver driver(kafka, Config());
  driver.Open({{"logs", 0}});
  EXPECT_EQ(Committed("logs"),
            (std::vector<std::string>{"hm=A/logs+0+0000000000+0000000002.json",
                                      "hm=B/logs+0+0000000001+0000000003.json"}));
  EXPECT_EQ(CommittedValues("logs"), Range(4));
  EXPECT_EQ(TempFiles(), (std::vector<std::string>{"logs/1/other_partition_tmp.json"}));
  EXPECT_FALSE(fs::exists(data_ / "logs/logs/0/log"));
  EXPECT_EQ(driver.position({"logs", 0}), 4);
}

TEST_P(HdfsSink, IgnoresATornCommitLog) {
  WriteFile(data_ / "topics/+tmp/t/0/a_tmp.json", "\"v5\"\n");
  WriteFile(data_ / "topics/t/partition=0/t+0+0000000000+0000000004.json", "");
  WriteFile(data_ / "logs/t/0/log", R"({"version":1,"renames":[{"temp":"/topi)");
  FakeKafka kafka;
  for (int i = 0; i < 8; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  SinkDriver driver(kafka, Config());
  driver.Open({{"t", 0}});
  EXPECT_EQ(driver.position({"t", 0}), 5);
  EXPECT_TRUE(TempFiles().empty());
  driver.DeliverAll();
  EXPECT_EQ(Committed("t").back(), "partition=0/t+0+0000000005+0000000007.json");
  bool warned = false;
  for (const auto& line : driver.Logs())
    warned |= line.find("incomplete commit log") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST_P(HdfsSink, HandsRecordsItCannotWriteToErrorHandling) {
  FakeKafka kafka;
  kafka.Produce("t", 0, "v0", kBaseMs);
  kafka.Produce("t", 0, "v1", SLUICE_NO_TIMESTAMP);
  kafka.Produce("t", 0, "v2", kBaseMs);
  const Props props = Config({{"flush.size", "2"},
                              {"partitioner.class", "HourlyPartitioner"},
                              {"timestamp.extractor", "Record"}});
  {
    SinkDriver strict(kafka, props);
    strict.Open({{"t", 0}});
    try {
      strict.DeliverAll();
      FAIL() << "a record without a timestamp was accepted";
    } catch (const sdk::PluginError& e) {
      EXPECT_EQ(e.status(), SLUICE_FATAL);
      EXPECT_NE(std::string(e.what()).find("t-0@1 has no timestamp"), std::string::npos)
          << e.what();
    }
  }
  SinkDriver tolerant(kafka, props);
  tolerant.context().tolerate_errant = true;
  tolerant.Open({{"t", 0}});
  tolerant.DeliverAll();
  EXPECT_EQ(tolerant.context().errant.size(), 1u);
  EXPECT_EQ(Committed("t"),
            (std::vector<std::string>{
                "year=2024/month=05/day=01/hour=11/t+0+0000000000+0000000002.json"}));
  EXPECT_EQ(Content("t", Committed("t")[0]), "\"v0\"\n\"v2\"\n");
}

TEST_P(HdfsSink, WritesGzippedTextAndStructsAsJson) {
  FakeKafka kafka;
  kafka.Produce("t", 0, "GET /index.html 200", kBaseMs);
  sdk::SinkRecord structured = kafka.logs[{"t", 0}].back();
  structured.offset = 1;
  structured.value = {nullptr,
                      Value(StructFields{{"path", Value("/a")}, {"ms", Value(int64_t{5})}})};
  kafka.logs[{"t", 0}].push_back(structured);
  SinkDriver driver(kafka, Config({{"flush.size", "2"},
                                   {"format.class", "text"},
                                   {"format.compression", "gzip"},
                                   {"hdfs.write.buffer.bytes", "16"}}));
  driver.Open({{"t", 0}});
  driver.DeliverAll(1);
  ASSERT_EQ(Committed("t"),
            (std::vector<std::string>{"partition=0/t+0+0000000000+0000000001.txt.gz"}));
  EXPECT_EQ(Gunzip(Content("t", Committed("t")[0])),
            "GET /index.html 200\n{\"path\":\"/a\",\"ms\":5}\n");
}

INSTANTIATE_TEST_SUITE_P(Backends, HdfsSink,
                         testing::Values(Backend::kLocal, Backend::kWebHdfs, Backend::kHttpFs),
                         [](const testing::TestParamInfo<Backend>& info) {
                           switch (info.param) {
                             case Backend::kLocal:
                               return "Local";
                             case Backend::kWebHdfs:
                               return "WebHdfs";
                             case Backend::kHttpFs:
                               return "HttpFs";
                           }
                           return "?";
                         });

// --- faults, over WebHDFS -----------------------------------------------------------------------

class HdfsSinkFaults : public SinkFixture, public testing::Test {
 protected:
  void SetUp() override { StartBackend(Backend::kWebHdfs); }
};

TEST_F(HdfsSinkFaults, RetriesLeaseAndServerErrorsWithoutDuplicates) {
  FakeKafka kafka;
  for (int i = 0; i < 9; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  server_->FailNext("CREATE", 2, 403, "AlreadyBeingCreatedException");
  server_->FailNext("APPEND", 1, 403, "LeaseExpiredException");
  server_->FailNext("RENAME", 1, 403, "RecoveryInProgressException");
  server_->FailNext("MKDIRS", 1, 500, "RuntimeException");
  Fault datanode;  // an append whose data may have landed: settled by the file's length
  datanode.op = "APPEND";
  datanode.node = Node::kDatanode;
  datanode.status = 500;
  server_->AddFault(datanode);
  datanode.skip = 2;  // and one that landed although its answer says otherwise
  datanode.apply_then_fail = true;
  server_->AddFault(datanode);
  Fault rename;  // a rename carried out whose answer was lost
  rename.op = "RENAME";
  rename.skip = 1;
  rename.status = 500;
  rename.apply_then_fail = true;
  server_->AddFault(rename);
  SinkDriver driver(kafka, Config({{"hdfs.write.buffer.bytes", "1"}}));
  driver.Open({{"t", 0}});
  EXPECT_GT(driver.DeliverAll(2), 0);
  driver.Shutdown();
  EXPECT_EQ(CommittedValues("t"), Range(9));
  EXPECT_EQ(Committed("t").size(), 3u);
  EXPECT_TRUE(TempFiles().empty());
}

TEST_F(HdfsSinkFaults, ACrashBetweenTheRenamesOfOneCommitLosesNothing) {
  FakeKafka kafka;
  // Even offsets go to one directory, odd ones to another: each commit renames two files.
  for (int i = 0; i < 10; ++i) {
    kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs + (i % 2) * 600000);
  }
  const Props props = Config({{"flush.size", "5"},
                              {"partitioner.class", "TimeBasedPartitioner"},
                              {"partition.duration.ms", "600000"},
                              {"path.format", "'hm'=HHmm"},
                              {"timestamp.extractor", "Record"}});
  Fault second_rename;  // the first file is committed, the second is refused for good
  second_rename.op = "RENAME";
  second_rename.skip = 1;
  second_rename.status = 403;
  second_rename.exception = "AccessControlException";
  server_->AddFault(second_rename);
  {
    SinkDriver first(kafka, props);
    first.Open({{"t", 0}});
    EXPECT_THROW(first.DeliverAll(5), sdk::PluginError);
    EXPECT_EQ(Committed("t"), (std::vector<std::string>{"hm=1150/t+0+0000000000+0000000004.json"}));
    first.Crash();
  }
  // The newest committed name says 5, but offsets 1 and 3 are only in a temporary file.
  SinkDriver second(kafka, props);
  second.Open({{"t", 0}});
  EXPECT_EQ(Committed("t"), (std::vector<std::string>{"hm=1150/t+0+0000000000+0000000004.json",
                                                      "hm=1200/t+0+0000000001+0000000003.json"}));
  EXPECT_EQ(second.position({"t", 0}), 5);
  second.DeliverAll(5);
  second.Shutdown();
  EXPECT_EQ(CommittedValues("t"), Range(10));
}

TEST_F(HdfsSinkFaults, HandsLongerOutagesBackToTheHostAndLogsWhy) {
  FakeKafka kafka;
  for (int i = 0; i < 6; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  server_->FailNext("RENAME", 5, 503, "");  // more than hdfs.retry.max in one call
  server_->FailNext("CREATE", 3, 403, "SafeModeException");
  SinkDriver driver(kafka, Config({{"hdfs.retry.max", "1"}}));
  driver.Open({{"t", 0}});
  EXPECT_GT(driver.DeliverAll(2), 0);  // RetriableErrors, then the same batches again
  driver.Shutdown();
  EXPECT_EQ(CommittedValues("t"), Range(6));
  bool logged_reason = false;
  for (const auto& line : driver.Logs()) {
    logged_reason |= line.find("SafeModeException") != std::string::npos;
  }
  EXPECT_TRUE(logged_reason);
}

TEST_F(HdfsSinkFaults, SurvivesTheNamenodeGoingAway) {
  FakeKafka kafka;
  for (int i = 0; i < 4; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  SinkDriver driver(kafka, Config({{"flush.size", "2"}, {"hdfs.retry.max", "1"}}));
  driver.Open({{"t", 0}});
  server_->StopNamenode();
  const auto batch = kafka.logs[{"t", 0}];
  try {
    driver.task().Put(batch);
    FAIL() << "wrote with the namenode down";
  } catch (const sdk::RetriableError& e) {
    EXPECT_NE(std::string(e.what()).find("no answer"), std::string::npos) << e.what();
  }
  server_->StartNamenode();
  driver.task().Put(batch);  // the host delivers the same batch again
  EXPECT_EQ(CommittedValues("t"), Range(4));
  EXPECT_EQ(Committed("t").size(), 2u);
}

// Puts the batch until the task stops throwing RetriableErrors; returns their messages and the
// error it ended with (empty when a Put succeeded).
struct PutOutcome {
  std::vector<std::string> retriable;
  std::string fatal;
};
PutOutcome PutUntilNotRetriable(SinkDriver& driver, const std::vector<sdk::SinkRecord>& batch) {
  PutOutcome out;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < give_up) {
    try {
      driver.task().Put(batch);
      return out;
    } catch (const sdk::RetriableError& e) {
      out.retriable.push_back(e.what());
    } catch (const sdk::PluginError& e) {
      EXPECT_EQ(e.status(), SLUICE_FATAL);
      out.fatal = e.what();
      return out;
    }
  }
  ADD_FAILURE() << "still retriable after a minute";
  return out;
}

// The waits "retry 1 of 1 in <n> ms" that the task logged, in order.
std::vector<int> LoggedWaits(SinkDriver& driver) {
  static const std::regex kWait(R"(retry \d+ of \d+ in (\d+) ms)");
  std::vector<int> waits;
  for (const auto& line : driver.Logs()) {
    std::smatch m;
    if (std::regex_search(line, m, kWait)) waits.push_back(std::stoi(m[1].str()));
  }
  return waits;
}

TEST_F(HdfsSinkFaults, AnOutageLongerThanTheRetryTimeoutFailsTheTaskSayingWhy) {
  FakeKafka kafka;
  for (int i = 0; i < 3; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  SinkDriver driver(kafka, Config({{"hdfs.retry.max", "1"},
                                   {"retry.backoff.ms", "5"},
                                   {"hdfs.retry.timeout.ms", "600"}}));
  driver.Open({{"t", 0}});
  server_->StopNamenode();
  const auto start = std::chrono::steady_clock::now();
  PutOutcome outcome = PutUntilNotRetriable(driver, kafka.logs[{"t", 0}]);  // as the host does
  const auto took = std::chrono::steady_clock::now() - start;

  // Retriable first, each naming the operation, the namenode and what failed.
  ASSERT_FALSE(outcome.retriable.empty());
  const std::string& first = outcome.retriable.front();
  const std::string namenode = "127.0.0.1:" + std::to_string(server_->namenode_port());
  EXPECT_NE(first.find("CREATE /topics/+tmp/t/0/"), std::string::npos) << first;
  EXPECT_NE(first.find(namenode), std::string::npos) << first;
  EXPECT_NE(first.find("no answer"), std::string::npos) << first;
  EXPECT_NE(first.find("the task fails after hdfs.retry.timeout.ms=600"), std::string::npos)
      << first;
  // Then fatal, so that the worker's restart policy applies.
  EXPECT_NE(outcome.fatal.find("longer than hdfs.retry.timeout.ms=600"), std::string::npos)
      << outcome.fatal;
  EXPECT_NE(outcome.fatal.find(namenode), std::string::npos) << outcome.fatal;
  EXPECT_GE(took, std::chrono::milliseconds(600));
  // The waits grow over the outage, across calls.
  std::vector<int> waits = LoggedWaits(driver);
  ASSERT_GE(waits.size(), 3u);
  EXPECT_TRUE(std::is_sorted(waits.begin(), waits.end()));
  EXPECT_GT(waits.back(), 4 * waits.front());
}

TEST_F(HdfsSinkFaults, ABatchThatReachesHdfsEndsTheOutage) {
  FakeKafka kafka;
  for (int i = 0; i < 6; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  SinkDriver driver(kafka, Config({{"hdfs.retry.max", "0"}, {"hdfs.retry.timeout.ms", "300"}}));
  driver.Open({{"t", 0}});
  const auto& log = kafka.logs[{"t", 0}];
  const std::vector<sdk::SinkRecord> first(log.begin(), log.begin() + 3);
  const std::vector<sdk::SinkRecord> second(log.begin() + 3, log.end());
  server_->StopNamenode();
  EXPECT_THROW(driver.task().Put(first), sdk::RetriableError);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // past the timeout
  server_->StartNamenode();
  driver.task().Put(first);  // the same batch again: it goes through
  server_->StopNamenode();
  // A new outage: retriable, although the first one began more than the timeout ago.
  EXPECT_THROW(driver.task().Put(second), sdk::RetriableError);
  server_->StartNamenode();
  driver.task().Put(second);
  EXPECT_EQ(CommittedValues("t"), Range(6));
}

// The timer thread commits on the wall clock without a hook call under way: its failures are
// logged when they happen and count towards the same timeout.
TEST_F(HdfsSinkFaults, FailedScheduledCommitsAreLoggedAtOnceAndCountTowardsTheTimeout) {
  FakeKafka kafka;
  kafka.Produce("idle", 0, "v0", kBaseMs);
  kafka.Produce("idle", 0, "v1", kBaseMs);
  SinkDriver driver(kafka, Config({{"name", "weblogs-hdfs"},
                                   {"flush.size", "1000"},
                                   {"rotate.schedule.interval.ms", "200"},
                                   {"hdfs.retry.max", "0"},
                                   {"retry.backoff.ms", "20"},
                                   {"hdfs.retry.timeout.ms", "800"}}));
  driver.Open({{"idle", 0}});
  server_->StopNamenode();
  driver.DeliverAll();  // buffered in memory: no request yet
  auto logged = [&](const std::string& text) {
    for (const auto& line : driver.Logs()) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  };
  // No hook is called meanwhile: the lines come from the timer thread itself.
  EXPECT_TRUE(Eventually([&] {
    return logged("hdfs-sink weblogs-hdfs: scheduled commit of idle-0 failed, retrying in");
  })) << testing::PrintToString(driver.Logs());
  EXPECT_TRUE(logged("no answer"));
  std::string fatal;
  EXPECT_TRUE(Eventually([&] {
    try {
      driver.task().PreCommit({{"idle", 0, 2}});
    } catch (const sdk::RetriableError&) {
      return false;
    } catch (const sdk::PluginError& e) {
      fatal = e.what();
      return true;
    }
    return false;
  }));
  EXPECT_NE(fatal.find("scheduled commit of idle-0 failed and HDFS has been failing for"),
            std::string::npos)
      << fatal;
  EXPECT_NE(fatal.find("hdfs.retry.timeout.ms=800"), std::string::npos) << fatal;
  EXPECT_TRUE(logged("the task fails at its next call"));
}

// The worker stops a task by waking it, then abandons its thread after
// task.shutdown.graceful.timeout.ms and may start another instance. A request in flight must
// end at once, and nothing the old instance does later may commit a file.
TEST_F(HdfsSinkFaults, AWakeUpToStopAbortsTheRequestInFlightAndNothingIsCommittedAfter) {
  FakeKafka kafka;
  for (int i = 0; i < 3; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  Fault slow;  // the namenode takes 20 s to answer the commit's first request
  slow.op = "CREATE";
  slow.delay = std::chrono::seconds(20);
  server_->AddFault(slow);
  SinkDriver driver(kafka, Config({{"shutdown.timeout.ms", "300"}}));
  driver.Open({{"t", 0}});

  std::thread worker_stopping([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    driver.task().Wakeup();
  });
  const auto start = std::chrono::steady_clock::now();
  try {
    driver.task().Put(kafka.logs[{"t", 0}]);  // flush.size=3: commits
    ADD_FAILURE() << "the slow commit was not aborted";
  } catch (const sdk::RetriableError& e) {
    EXPECT_NE(std::string(e.what()).find("aborted"), std::string::npos) << e.what();
  }
  const auto took = std::chrono::steady_clock::now() - start;
  worker_stopping.join();
  EXPECT_LT(took, std::chrono::seconds(1)) << "the Put waited for the slow answer";

  // The thread goes on after the worker gave up on it: closing the partition would retry the
  // commit (CREATE, then RENAME), but nothing is sent any more.
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const size_t sent = server_->Requests().size();
  driver.task().Close({{"t", 0, 3}});
  driver.task().Stop();
  EXPECT_EQ(server_->Requests().size(), sent) << server_->Requests().back();
  EXPECT_EQ(server_->CountRequests("RENAME", Node::kNamenode), 0);
  EXPECT_TRUE(Committed("t").empty());
}

// A pause wakes the task too; once the grace is over, the next batch opens the way again.
TEST_F(HdfsSinkFaults, TheFirstBatchAfterAPauseWritesAgain) {
  FakeKafka kafka;
  for (int i = 0; i < 3; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  SinkDriver driver(kafka, Config({{"shutdown.timeout.ms", "100"}}));
  driver.Open({{"t", 0}});
  driver.task().Wakeup();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  driver.DeliverAll();
  EXPECT_EQ(CommittedValues("t"), Range(3));
}

TEST_F(HdfsSinkFaults, PermissionDeniedFailsTheTask) {
  FakeKafka kafka;
  for (int i = 0; i < 3; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  server_->DenyWrites("/topics/t");
  SinkDriver driver(kafka, Config());
  driver.Open({{"t", 0}});
  try {
    driver.task().Put(kafka.logs[{"t", 0}]);
    FAIL() << "wrote where writing is denied";
  } catch (const sdk::RetriableError& e) {
    FAIL() << "a permission denial is not transient: " << e.what();
  } catch (const sdk::PluginError& e) {
    EXPECT_EQ(e.status(), SLUICE_FATAL);
    EXPECT_NE(std::string(e.what()).find("AccessControlException"), std::string::npos) << e.what();
  }
}

TEST_F(HdfsSinkFaults, SendsTheConfiguredUser) {
  FakeKafka kafka;
  for (int i = 0; i < 3; ++i) kafka.Produce("t", 0, "v" + std::to_string(i), kBaseMs);
  SinkDriver driver(kafka, Config({{"hdfs.user", "etl"}}));
  driver.Open({{"t", 0}});
  driver.DeliverAll();
  std::vector<std::string> requests = server_->Requests();
  ASSERT_FALSE(requests.empty());
  for (const auto& line : requests) EXPECT_NE(line.find("user=etl"), std::string::npos) << line;
}

}  // namespace
}  // namespace sluice::hdfs_test
