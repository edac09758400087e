// Topics: creation (explicit and on first use), metadata that survives restarts, deletion, and the
// background flusher.
#include "transport/embedded/log_manager.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/properties.h"
#include "test_support.h"

namespace sluice::embedded {
namespace {

namespace fs = std::filesystem;
using testing::FakeClock;
using testing::FaultyFileWriter;
using testing::MakeBatch;
using testing::ReadAll;
using testing::TempDir;
using testing::WithNumber;

class LogManagerTest : public ::testing::Test {
 protected:
  std::shared_ptr<LogManager> Open(bool background = false) {
    LogManager::Options options{settings_, writer_, clock_.fn(), background};
    auto manager = LogManager::Open(options);
    EXPECT_TRUE(manager.ok()) << manager.status().ToString();
    return manager.ok() ? *manager : nullptr;
  }

  static void Append(const Topic& topic, int32_t partition, const std::string& value) {
    SealedBatch batch = MakeBatch(1, value, 1, 1);
    ASSERT_TRUE(topic.partition(partition)->Append(&batch).ok());
  }

  TempDir dir_;
  EmbeddedLogSettings settings_ = [this] {
    EmbeddedLogSettings s;
    s.log_dir = dir_.path();
    return s;
  }();
  FakeClock clock_;
  std::shared_ptr<FaultyFileWriter> writer_ = std::make_shared<FaultyFileWriter>();
};

TEST_F(LogManagerTest, CreatesListsDescribesAndPersistsTopics) {
  {
    auto logs = Open();
    ASSERT_TRUE(
        logs->CreateTopic("orders", 3, {{"segment.bytes", "200"}, {"cleanup.policy", "delete"}})
            .ok());
    ASSERT_TRUE(logs->CreateTopic("audit.events_v2", -1, {}).ok());  // -1: num.partitions
    EXPECT_EQ(logs->CreateTopic("orders", 1, {}).code(), StatusCode::kAlreadyExists);
    EXPECT_EQ(logs->ListTopics(), (std::vector<std::string>{"audit.events_v2", "orders"}));

    auto orders = *logs->GetTopic("orders", false);
    for (int i = 0; i < 10; ++i) Append(*orders, 1, WithNumber("v", i));
    auto description = logs->DescribeTopic("orders");
    ASSERT_TRUE(description.ok());
    ASSERT_EQ(description->partitions.size(), 3u);
    EXPECT_EQ(description->partitions[1].start_offset, 0);
    EXPECT_EQ(description->partitions[1].end_offset, 10);
    EXPECT_GT(description->partitions[1].size_bytes, 0);
    EXPECT_EQ(description->partitions[0].end_offset, 0);
  }
  // Kafka's layout: a folder per partition, each with the topic's metadata.
  for (int p = 0; p < 3; ++p) {
    EXPECT_TRUE(fs::exists(dir_ / (WithNumber("orders-", p)) + "/topic.json"));
  }
  EXPECT_TRUE(fs::exists(dir_ / "orders-1/00000000000000000000.log"));
  EXPECT_TRUE(fs::exists(dir_ / "audit.events_v2-0"));

  auto logs = Open();
  EXPECT_EQ(logs->ListTopics(), (std::vector<std::string>{"audit.events_v2", "orders"}));
  auto orders = *logs->GetTopic("orders", false);
  EXPECT_EQ(orders->partition_count(), 3);
  EXPECT_EQ(orders->configs().at("segment.bytes"), "200");
  EXPECT_EQ(orders->configs().at("cleanup.policy"), "delete");
  EXPECT_EQ(testing::Values(ReadAll(*orders->partition(1))).size(), 10u);
  // The topic's segment.bytes applies: its small segments rolled.
  size_t segments = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "orders-1"))
    segments += e.path().extension() == ".log";
  EXPECT_GT(segments, 1u);
}

TEST_F(LogManagerTest, CreatesTopicsOnFirstUseWithNumPartitions) {
  settings_.num_partitions = 4;
  auto logs = Open();
  auto topic = logs->GetTopic("auto", /*create_if_missing=*/true);
  ASSERT_TRUE(topic.ok());
  EXPECT_EQ((*topic)->partition_count(), 4);
  EXPECT_EQ(logs->GetTopic("other", /*create_if_missing=*/false).status().code(),
            StatusCode::kNotFound);
}

TEST_F(LogManagerTest, AutoCreationCanBeTurnedOff) {
  settings_.auto_create_topics = false;
  auto logs = Open();
  auto topic = logs->GetTopic("auto", /*create_if_missing=*/true);
  ASSERT_FALSE(topic.ok());
  EXPECT_EQ(topic.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(logs->CreateTopic("explicit", 1, {}).ok());
}

TEST_F(LogManagerTest, RejectsBadNamesPartitionCountsAndConfigs) {
  auto logs = Open();
  for (const std::string& name :
       std::vector<std::string>{"", ".", "..", "has space", "slash/name", std::string(250, 'a')}) {
    EXPECT_EQ(logs->CreateTopic(name, 1, {}).code(), StatusCode::kInvalidArgument) << name;
  }
  EXPECT_EQ(logs->CreateTopic("t", 0, {}).code(), StatusCode::kInvalidArgument);
  Status bad = logs->CreateTopic("t", 1, {{"retention.ms", "forever"}});
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("retention.ms"), std::string::npos);
  EXPECT_TRUE(logs->ListTopics().empty());
  EXPECT_FALSE(fs::exists(dir_ / "t-0"));
}

TEST_F(LogManagerTest, DeletesTopicsWithTheirFiles) {
  auto logs = Open();
  ASSERT_TRUE(logs->CreateTopic("doomed", 2, {}).ok());
  auto topic = *logs->GetTopic("doomed", false);
  Append(*topic, 0, "x");
  int changes = 0;
  logs->AddTopicsChangedListener([&] { ++changes; });
  ASSERT_TRUE(logs->DeleteTopic("doomed").ok());
  EXPECT_EQ(changes, 1);
  EXPECT_TRUE(topic->deleted());
  EXPECT_FALSE(fs::exists(dir_ / "doomed-0"));
  EXPECT_FALSE(fs::exists(dir_ / "doomed-1"));
  EXPECT_TRUE(logs->ListTopics().empty());
  EXPECT_EQ(logs->DeleteTopic("doomed").code(), StatusCode::kNotFound);
  EXPECT_EQ(logs->DescribeTopic("doomed").status().code(), StatusCode::kNotFound);
  // A holder of the old topic gets a clear error, and the name can be used again.
  SealedBatch batch = MakeBatch(1, "late", 1, 1);
  EXPECT_EQ(topic->partition(0)->Append(&batch).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(logs->CreateTopic("doomed", 1, {}).ok());
  EXPECT_EQ((*logs->GetTopic("doomed", false))->partition(0)->EndOffset(), 0);
}

TEST_F(LogManagerTest, FinishesInterruptedCreationsAndDeletionsAtOpen) {
  {
    auto logs = Open();
    ASSERT_TRUE(logs->CreateTopic("half", 3, {}).ok());
    ASSERT_TRUE(logs->CreateTopic("gone", 1, {}).ok());
  }
  fs::remove_all(dir_ / "half-2");                           // creation stopped before partition 2
  fs::rename(dir_ / "gone-0", dir_ / "gone-0.1234-delete");  // deletion stopped after the rename
  fs::create_directories(dir_ / "stray-0");                  // no topic.json: not ours, left alone

  auto logs = Open();
  EXPECT_EQ(logs->ListTopics(), std::vector<std::string>{"half"});
  EXPECT_EQ((*logs->GetTopic("half", false))->partition_count(), 3);
  EXPECT_TRUE(fs::exists(dir_ / "half-2/topic.json"));
  EXPECT_FALSE(fs::exists(dir_ / "gone-0.1234-delete"));
  EXPECT_TRUE(fs::exists(dir_ / "stray-0"));
}

TEST_F(LogManagerTest, ACleanShutdownIsMarkedUntilTheNextOpen) {
  const std::string marker = dir_ / ".clean-shutdown";
  {
    auto logs = Open();
    EXPECT_FALSE(fs::exists(marker));
    Append(**logs->GetTopic("t", true), 0, "kept");
  }
  EXPECT_TRUE(fs::exists(marker));
  {
    ::testing::internal::CaptureStderr();
    auto logs = Open();
    const std::string logged = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(logged.find("after a clean shutdown"), std::string::npos) << logged;
    // While running, a crash must not look clean.
    EXPECT_FALSE(fs::exists(marker));
    EXPECT_EQ(testing::Values(ReadAll(*(*logs->GetTopic("t", false))->partition(0))),
              std::vector<std::string>{"kept0"});
  }
  // Bytes that appeared after the clean stop are still checked and cut.
  { std::ofstream(dir_ / "t-0/00000000000000000000.log", std::ios::app) << "junk"; }
  ::testing::internal::CaptureStderr();
  auto logs = Open();
  const std::string logged = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(logged.find("dropping 4 bytes"), std::string::npos) << logged;
  EXPECT_EQ((*logs->GetTopic("t", false))->partition(0)->EndOffset(), 1);
}

TEST_F(LogManagerTest, BackgroundThreadFsyncsUnsyncedAppends) {
  settings_.flush_interval_ms = 10;
  auto logs = Open(/*background=*/true);
  auto topic = *logs->GetTopic("t", true);
  const int before = writer_->syncs();
  Append(*topic, 0, "durable soon");
  // Waits for the flusher (it runs every 10 ms); the bound only keeps a broken build from hanging.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (writer_->syncs() == before && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GT(writer_->syncs(), before);
}

}  // namespace
}  // namespace sluice::embedded
