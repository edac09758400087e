// What survives: reopening, write errors (injected, and a real full disk where one can be
// mounted), the log directory's lock and identity.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/properties.h"
#include "transport_support.h"

namespace sluice::embedded::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using transport::DeliveryReport;
using transport::ProducerRecord;

TEST_F(TransportTest, ReopeningAfterCloseKeepsTopicsRecordsAndConfigs) {
  std::vector<transport::TopicDescription> before;
  std::vector<transport::ConsumedRecord> records_before;
  {
    auto t = Open({{"log.segment.bytes", "4096"}});
    ASSERT_TRUE(t->admin().CreateTopic({"a", 3, -1, {{"retention.ms", "86400000"}}}).ok());
    auto producer = Producer(*t, {{"batch.size", "512"}});
    std::vector<ProducerRecord> records;
    for (int i = 0; i < 2000; ++i) {
      auto r = Record(i % 2 ? "a" : "b", WithNumber("key", i % 13), WithNumber("value-", i));
      r.headers = {{"i", std::to_string(i)}};
      records.push_back(std::move(r));
    }
    for (const auto& report : SendAll(*producer, records)) ASSERT_TRUE(report.status.ok());
    const std::vector<std::string> names = *t->admin().ListTopics();
    for (const auto& name : names) before.push_back(*t->admin().DescribeTopic(name));
    auto consumer = Consumer(*t, "snapshot");
    ASSERT_TRUE(consumer->Subscribe({"a", "b"}).ok());
    records_before = Drain(*consumer, 2000);
  }
  auto t = Open({{"log.segment.bytes", "4096"}});
  ASSERT_EQ(*t->admin().ListTopics(), (std::vector<std::string>{"a", "b"}));
  for (const auto& description : before) {
    auto now = t->admin().DescribeTopic(description.name);
    ASSERT_TRUE(now.ok());
    ASSERT_EQ(now->partitions.size(), description.partitions.size());
    for (size_t p = 0; p < description.partitions.size(); ++p) {
      EXPECT_EQ(now->partitions[p].start_offset, description.partitions[p].start_offset);
      EXPECT_EQ(now->partitions[p].end_offset, description.partitions[p].end_offset);
      EXPECT_EQ(now->partitions[p].size_bytes, description.partitions[p].size_bytes);
    }
  }
  auto consumer = Consumer(*t, "snapshot-again");
  ASSERT_TRUE(consumer->Subscribe({"a", "b"}).ok());
  auto records_after = Drain(*consumer, 2000);
  ASSERT_EQ(records_after.size(), records_before.size());
  auto key = [](const transport::ConsumedRecord& r) {
    return std::tie(r.topic, r.partition, r.offset);
  };
  auto by_position = [&](auto& v) {
    std::sort(v.begin(), v.end(), [&](const auto& x, const auto& y) { return key(x) < key(y); });
  };
  by_position(records_before);
  by_position(records_after);
  for (size_t i = 0; i < records_after.size(); ++i) {
    EXPECT_EQ(key(records_after[i]), key(records_before[i]));
    EXPECT_EQ(records_after[i].key, records_before[i].key);
    EXPECT_EQ(records_after[i].value, records_before[i].value);
    EXPECT_EQ(records_after[i].timestamp_ms, records_before[i].timestamp_ms);
    ASSERT_EQ(records_after[i].headers.size(), 1u);
    EXPECT_EQ(records_after[i].headers[0].value, records_before[i].headers[0].value);
  }
}

TEST_F(TransportTest, AWriteErrorFailsTheDeliveryAndWritesResumeWithNothingLost) {
  auto writer = std::make_shared<FaultyFileWriter>();
  auto t = Open({}, {writer, nullptr, true});
  auto producer = Producer(*t);
  auto numbered = [](int first, int count) {
    std::vector<ProducerRecord> records;
    for (int i = first; i < first + count; ++i)
      records.push_back(Record("t", std::nullopt, WithNumber("v", i)));
    return records;
  };
  for (const auto& r : SendAll(*producer, numbered(0, 5))) ASSERT_TRUE(r.status.ok());

  writer->FailWrites(true);
  for (const auto& r : SendAll(*producer, numbered(100, 5))) {
    EXPECT_EQ(r.status.code(), StatusCode::kIoError);
    EXPECT_NE(r.status.message().find("No space left on device"), std::string::npos);
    EXPECT_EQ(r.offset, -1);
  }
  writer->FailWrites(false);
  auto resumed = SendAll(*producer, numbered(5, 5));
  for (size_t i = 0; i < resumed.size(); ++i) {
    ASSERT_TRUE(resumed[i].status.ok());
    EXPECT_EQ(resumed[i].offset, static_cast<int64_t>(5 + i));  // no hole where the failure was
  }
  auto consumer = Consumer(*t, "check");
  ASSERT_TRUE(consumer->Subscribe({"t"}).ok());
  auto got = Drain(*consumer, 10);
  ASSERT_EQ(got.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(got[i].value, WithNumber("v", i));
  EXPECT_TRUE(consumer->Poll(50ms, 10)->empty());
}

// Mounts a small tmpfs for the test's duration, when this process may mount (root, no seccomp
// block). Unmounted when it goes out of scope.
class SmallTmpfs {
 public:
  SmallTmpfs(const std::string& path, const std::string& size) : path_(path) {
    fs::create_directories(path);
    mounted_ = ::geteuid() == 0 &&
               ::mount("tmpfs", path.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
  }
  ~SmallTmpfs() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  std::string path_;
  bool mounted_ = false;
};

TEST_F(TransportTest, ARealFullDiskFailsDeliveriesUntilSpaceReturns) {
  SmallTmpfs disk(dir_ / "tmpfs", "256k");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  const std::string filler = dir_ / "tmpfs/filler";
  { std::ofstream(filler) << std::string(96 * 1024, 'f'); }

  auto t = Open({{"log.dirs", dir_ / "tmpfs/data"}});
  auto producer = Producer(*t, {{"linger.ms", "0"}});
  std::vector<std::string> acknowledged;
  Status failure;
  for (int i = 0; i < 1000 && failure.ok(); ++i) {
    const std::string value = WithNumber("v", i) + std::string(2000, '.');
    for (const auto& r : SendAll(*producer, {Record("t", std::nullopt, value)})) {
      if (r.status.ok()) {
        acknowledged.push_back(value);
      } else {
        failure = r.status;
      }
    }
  }
  ASSERT_FALSE(failure.ok()) << "the 256 KiB disk never filled up";
  EXPECT_EQ(failure.code(), StatusCode::kIoError);
  EXPECT_NE(failure.message().find("No space left on device"), std::string::npos)
      << failure.ToString();
  ASSERT_FALSE(acknowledged.empty());

  fs::remove(filler);  // space returns
  for (int i = 0; i < 10; ++i) {
    const std::string value = WithNumber("after", i) + std::string(2000, '.');
    auto reports = SendAll(*producer, {Record("t", std::nullopt, value)});
    ASSERT_TRUE(reports[0].status.ok()) << reports[0].status.ToString();
    acknowledged.push_back(value);
  }
  auto consumer = Consumer(*t, "check");
  ASSERT_TRUE(consumer->Subscribe({"t"}).ok());
  auto got = Drain(*consumer, acknowledged.size());
  ASSERT_EQ(Values(got), acknowledged);  // each acknowledged record once, in order; nothing else
  consumer.reset();
  producer.reset();
  t.reset();
  // And recovery finds a clean log.
  auto reopened = Open({{"log.dirs", dir_ / "tmpfs/data"}});
  EXPECT_EQ(reopened->admin().DescribeTopic("t")->partitions[0].end_offset,
            static_cast<int64_t>(acknowledged.size()));
}

TEST_F(TransportTest, OneWorkerAtATimeOwnsTheLogDirectory) {
  auto first = Open();
  auto second = EmbeddedTransport::Open({{"log.dirs", data_dir()}});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(second.status().message().find("in use"), std::string::npos);
  first.reset();
  EXPECT_TRUE(EmbeddedTransport::Open({{"log.dirs", data_dir()}}).ok());
}

TEST_F(TransportTest, TheClusterIdIsGeneratedOnceAndKept) {
  std::string id;
  {
    auto t = Open();
    id = t->ClusterId();
    EXPECT_EQ(t->Name(), "embedded");
  }
  EXPECT_EQ(id.size(), 22u);
  auto meta = LoadPropertiesFile(data_dir() + "/meta.properties");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->at("cluster.id"), id);
  EXPECT_EQ(Open()->ClusterId(), id);
  // Another log directory is another cluster.
  auto other = EmbeddedTransport::Open({{"log.dirs", dir_ / "other"}});
  ASSERT_TRUE(other.ok());
  EXPECT_NE((*other)->ClusterId(), id);
}

TEST_F(TransportTest, DefaultsToSluiceDataInTheWorkingDirectoryAndLogsThePath) {
  const fs::path previous = fs::current_path();
  fs::current_path(dir_.path());
  ::testing::internal::CaptureStderr();
  auto t = EmbeddedTransport::Open({});
  const std::string logged = ::testing::internal::GetCapturedStderr();
  fs::current_path(previous);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const std::string expected = (fs::path(dir_.path()) / "sluice-data").string();
  EXPECT_EQ((*t)->log_dir(), expected);
  EXPECT_NE(logged.find("INFO"), std::string::npos);
  EXPECT_NE(logged.find(expected), std::string::npos) << logged;
}

TEST_F(TransportTest, InvalidSettingsAreReportedByKey) {
  auto t = EmbeddedTransport::Open({{"log.dirs", data_dir()}, {"log.retention.ms", "week"}});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(t.status().message().find("log.retention.ms"), std::string::npos);
  auto ok = Open();
  EXPECT_EQ(ok->CreateProducer({{"batch.size", "-4"}}).status().code(),
            StatusCode::kInvalidArgument);
  transport::ConsumerOptions options;
  options.group_id = "g";
  options.auto_offset_reset = "oldest";
  EXPECT_EQ(ok->CreateConsumer(options).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sluice::embedded::testing
