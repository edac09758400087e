// The Kafka transport's group consumer against librdkafka's mock cluster: committed offsets,
// seeks, pauses, wake-ups, pattern subscriptions, rebalances and auto.offset.reset.
//
// The mock's coordinator holds a new group's first join for 3 s, so each test that joins a group
// costs that much; tests that need no group skip subscribing altogether.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <thread>

#include "kafka/kafka_test_support.h"

namespace sluice::testing {
namespace {

using transport::OffsetMap;

class KafkaConsumerTest : public KafkaTransportTest {};

std::vector<int64_t> Offsets(const std::vector<ConsumedRecord>& records) {
  std::vector<int64_t> offsets;
  for (const ConsumedRecord& record : records) offsets.push_back(record.offset);
  return offsets;
}

std::vector<int64_t> Range(int64_t from, int64_t to) {  // [from, to)
  std::vector<int64_t> offsets;
  for (int64_t offset = from; offset < to; ++offset) offsets.push_back(offset);
  return offsets;
}

TEST_F(KafkaConsumerTest, NewGroupMemberResumesFromTheCommittedOffset) {
  ASSERT_TRUE(cluster_->CreateTopic("resume", 1).ok());
  ProduceValues("resume", 0, 10);
  const TopicPartition partition{"resume", 0};
  RecordingListener listener;
  {
    std::unique_ptr<Consumer> first = NewConsumer("resume-group", &listener);
    ASSERT_TRUE(first->Subscribe({"resume"}).ok());
    EXPECT_EQ(first->Committed({partition}).value(), OffsetMap{}) << "nothing committed yet";
    std::vector<ConsumedRecord> records = ConsumeAtLeast(*first, 10);
    EXPECT_EQ(Offsets(records), Range(0, 10));
    ASSERT_TRUE(first->Commit({{partition, 6}}).ok());
    EXPECT_EQ(first->Committed({partition}).value(), (OffsetMap{{partition, 6}}));
    ASSERT_TRUE(first->Close().ok());
    EXPECT_TRUE(first->Close().ok()) << "Close is idempotent";
    EXPECT_EQ(first->Poll(std::chrono::milliseconds(0), 1).status().code(),
              StatusCode::kFailedPrecondition);
  }
  EXPECT_EQ(listener.assigned, std::vector<TopicPartition>{partition});
  EXPECT_EQ(listener.revoked, std::vector<TopicPartition>{partition}) << "Close revokes";

  std::unique_ptr<Consumer> next = NewConsumer("resume-group");
  ASSERT_TRUE(next->Subscribe({"resume"}).ok());
  std::vector<ConsumedRecord> records = ConsumeAtLeast(*next, 4);
  EXPECT_EQ(Offsets(records), Range(6, 10));
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().value, "v6");
}

TEST_F(KafkaConsumerTest, SeekInTheAssignmentListenerSetsWhereReadingStarts) {
  ASSERT_TRUE(cluster_->CreateTopic("seek-start", 1).ok());
  ProduceValues("seek-start", 0, 10);
  const TopicPartition partition{"seek-start", 0};
  // A committed offset that the seek must win over.
  ASSERT_TRUE(transport_->admin().AlterGroupOffsets("seek-start-group", {{partition, 8}}).ok());

  RecordingListener listener;
  Consumer* consumer = nullptr;
  listener.on_assigned = [&](const std::vector<TopicPartition>& partitions) {
    for (const TopicPartition& assigned : partitions) {
      Status sought = consumer->Seek(assigned, 3);
      EXPECT_TRUE(sought.ok()) << sought.ToString();
    }
  };
  std::unique_ptr<Consumer> owned = NewConsumer("seek-start-group", &listener);
  consumer = owned.get();
  ASSERT_TRUE(consumer->Subscribe({"seek-start"}).ok());
  EXPECT_EQ(Offsets(ConsumeAtLeast(*consumer, 7)), Range(3, 10));
}

TEST_F(KafkaConsumerTest, SeekMovesAPartitionThatIsBeingRead) {
  ASSERT_TRUE(cluster_->CreateTopic("seek-live", 1).ok());
  ProduceValues("seek-live", 0, 10);
  const TopicPartition partition{"seek-live", 0};
  std::unique_ptr<Consumer> consumer = NewConsumer("seek-live-group");
  ASSERT_TRUE(consumer->Subscribe({"seek-live"}).ok());

  // Right after the first record, while later ones are already fetched.
  std::vector<ConsumedRecord> first;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (first.empty() && std::chrono::steady_clock::now() < deadline) {
    auto batch = consumer->Poll(std::chrono::milliseconds(200), 1);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    ASSERT_LE(batch->size(), 1u) << "Poll returned more than max_records";
    first = *batch;
  }
  ASSERT_EQ(Offsets(first), std::vector<int64_t>{0});
  ASSERT_TRUE(consumer->Seek(partition, 5).ok());
  EXPECT_EQ(Offsets(ConsumeAtLeast(*consumer, 5)), Range(5, 10));

  // And backwards, once everything was read.
  ASSERT_TRUE(consumer->Seek(partition, 2).ok());
  EXPECT_EQ(Offsets(ConsumeAtLeast(*consumer, 8)), Range(2, 10));
}

TEST_F(KafkaConsumerTest, SeekNeedsAnAssignedPartitionAndAValidOffset) {
  std::unique_ptr<Consumer> consumer = NewConsumer("seek-checks-group");
  Status unassigned = consumer->Seek(TopicPartition{"elsewhere", 0}, 1);
  EXPECT_EQ(unassigned.code(), StatusCode::kFailedPrecondition) << unassigned.ToString();
  EXPECT_NE(unassigned.message().find("elsewhere-0"), std::string::npos) << unassigned.message();
  EXPECT_EQ(consumer->Seek(TopicPartition{"elsewhere", 0}, -5).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(consumer->Pause({TopicPartition{"elsewhere", 0}}).code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(KafkaConsumerTest, PausedPartitionsDeliverNothingUntilResumed) {
  ASSERT_TRUE(cluster_->CreateTopic("pausing", 2).ok());
  const TopicPartition paused{"pausing", 0};
  std::unique_ptr<Consumer> consumer = NewConsumer("pausing-group");
  ASSERT_TRUE(consumer->Subscribe({"pausing"}).ok());
  AwaitAssignment(*consumer);
  ASSERT_EQ(consumer->Assignment().size(), 2u);
  ASSERT_TRUE(consumer->Pause({paused}).ok());
  ProduceValues("pausing", 0, 5, "p0-");
  ProduceValues("pausing", 1, 5, "p1-");

  std::vector<ConsumedRecord> while_paused = ConsumeAtLeast(*consumer, 5);
  // A few more polls give a paused partition every chance to leak records.
  for (int i = 0; i < 3; ++i) {
    auto batch = consumer->Poll(std::chrono::milliseconds(200), 100);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    while_paused.insert(while_paused.end(), batch->begin(), batch->end());
  }
  EXPECT_EQ(while_paused.size(), 5u);
  for (const ConsumedRecord& record : while_paused) EXPECT_EQ(record.partition, 1);

  ASSERT_TRUE(consumer->Resume({paused}).ok());
  std::vector<ConsumedRecord> resumed = ConsumeAtLeast(*consumer, 5);
  EXPECT_EQ(resumed.size(), 5u);
  for (const ConsumedRecord& record : resumed) EXPECT_EQ(record.partition, 0);
}

TEST_F(KafkaConsumerTest, WakeupInterruptsABlockedPoll) {
  ASSERT_TRUE(cluster_->CreateTopic("quiet", 1).ok());
  std::unique_ptr<Consumer> consumer = NewConsumer("quiet-group");
  ASSERT_TRUE(consumer->Subscribe({"quiet"}).ok());
  constexpr auto kLongPoll = std::chrono::seconds(120);
  std::thread waker([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    consumer->Wakeup();
  });
  const auto started = std::chrono::steady_clock::now();
  auto batch = consumer->Poll(kLongPoll, 10);
  const auto waited = std::chrono::steady_clock::now() - started;
  waker.join();
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_TRUE(batch->empty());
  EXPECT_LT(waited, kLongPoll) << "Poll ran to its timeout instead of waking up";
}

TEST_F(KafkaConsumerTest, WakeupBeforePollInterruptsTheNextPollOnly) {
  std::unique_ptr<Consumer> consumer = NewConsumer("early-wakeup-group");
  consumer->Wakeup();
  constexpr auto kLongPoll = std::chrono::seconds(120);
  const auto started = std::chrono::steady_clock::now();
  auto batch = consumer->Poll(kLongPoll, 10);
  EXPECT_LT(std::chrono::steady_clock::now() - started, kLongPoll);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_TRUE(batch->empty());
  EXPECT_TRUE(consumer->Poll(std::chrono::milliseconds(50), 10).ok());
}

TEST_F(KafkaConsumerTest, PatternSubscriptionFollowsWholeMatchingTopicNames) {
  for (const char* topic : {"metrics-a", "metrics-a-raw", "ametrics-a"}) {
    ASSERT_TRUE(cluster_->CreateTopic(topic, 1).ok());
    ProduceValues(topic, 0, 1, std::string(topic) + "-");
  }
  std::unique_ptr<Consumer> consumer = NewConsumer("metrics-group");
  ASSERT_TRUE(consumer->SubscribePattern("metrics-[ab]").ok());
  std::vector<ConsumedRecord> records = ConsumeAtLeast(*consumer, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].topic, "metrics-a");
  // Committed, so that the rebalance below does not deliver it again.
  ASSERT_TRUE(consumer->Commit({{TopicPartition{"metrics-a", 0}, 1}}).ok());

  // A matching topic created later joins the subscription at the next metadata refresh.
  ASSERT_TRUE(cluster_->CreateTopic("metrics-b", 1).ok());
  ProduceValues("metrics-b", 0, 1, "metrics-b-");
  records = ConsumeAtLeast(*consumer, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].topic, "metrics-b");
  std::vector<TopicPartition> expected = {{"metrics-a", 0}, {"metrics-b", 0}};
  EXPECT_EQ(consumer->Assignment(), expected);
}

TEST_F(KafkaConsumerTest, InvalidPatternIsRejected) {
  std::unique_ptr<Consumer> consumer = NewConsumer("bad-pattern-group");
  Status subscribed = consumer->SubscribePattern("metrics-(");
  EXPECT_EQ(subscribed.code(), StatusCode::kInvalidArgument) << subscribed.ToString();
  EXPECT_NE(subscribed.message().find("metrics-("), std::string::npos) << subscribed.message();
}

TEST_F(KafkaConsumerTest, AutoOffsetResetDecidesWhereAGroupWithoutOffsetsStarts) {
  ASSERT_TRUE(cluster_->CreateTopic("reset", 1).ok());
  ProduceValues("reset", 0, 3, "old-");
  // Both groups join at once: the mock holds each first join for the same 3 s.
  std::unique_ptr<Consumer> latest = NewConsumer("reset-latest-group", nullptr, "latest");
  std::unique_ptr<Consumer> none = NewConsumer("reset-none-group", nullptr, "none");
  ASSERT_TRUE(latest->Subscribe({"reset"}).ok());
  ASSERT_TRUE(none->Subscribe({"reset"}).ok());

  Status failure;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (failure.ok() && std::chrono::steady_clock::now() < deadline) {
    auto batch = none->Poll(std::chrono::milliseconds(200), 10);
    if (batch.ok()) {
      EXPECT_TRUE(batch->empty()) << "auto.offset.reset=none must not pick a start";
    } else {
      failure = batch.status();
    }
  }
  EXPECT_EQ(failure.code(), StatusCode::kFailedPrecondition) << failure.ToString();
  EXPECT_NE(failure.message().find("AUTO_OFFSET_RESET"), std::string::npos) << failure.message();

  // "latest" is resolved some time after the assignment, so new records keep coming until one
  // arrives; none of the old ones may.
  std::vector<ConsumedRecord> records;
  const auto latest_deadline = std::chrono::steady_clock::now() + kPatience;
  for (int i = 0; records.empty() && std::chrono::steady_clock::now() < latest_deadline; ++i) {
    ProduceValues("reset", 0, 1, "new-" + std::to_string(i) + "-");
    auto batch = latest->Poll(std::chrono::milliseconds(200), 10);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    records = *batch;
  }
  ASSERT_FALSE(records.empty());
  for (const ConsumedRecord& record : records) {
    EXPECT_GE(record.offset, 3);
    EXPECT_TRUE(record.value->starts_with("new-")) << *record.value;
  }
}

TEST_F(KafkaConsumerTest, ListenerExceptionIsReportedByPoll) {
  ASSERT_TRUE(cluster_->CreateTopic("throwing", 1).ok());
  RecordingListener listener;
  listener.on_assigned = [](const std::vector<TopicPartition>&) {
    throw std::runtime_error("cannot open the sink");
  };
  std::unique_ptr<Consumer> consumer = NewConsumer("throwing-group", &listener);
  ASSERT_TRUE(consumer->Subscribe({"throwing"}).ok());
  Status failure;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (failure.ok() && std::chrono::steady_clock::now() < deadline) {
    failure = consumer->Poll(std::chrono::milliseconds(200), 10).status();
  }
  EXPECT_NE(failure.message().find("cannot open the sink"), std::string::npos)
      << failure.ToString();
}

// Members of one group share a topic's partitions; with the cooperative assignor the first
// member gives up only what the newcomer takes, and keeps reading the rest throughout.
TEST_F(KafkaConsumerTest, CooperativeMembersSplitPartitionsIncrementally) {
  ASSERT_TRUE(cluster_->CreateTopic("shared", 2).ok());
  const transport::ClientConfig cooperative = {
      {"partition.assignment.strategy", "cooperative-sticky"}};
  RecordingListener first_listener;
  RecordingListener second_listener;
  std::unique_ptr<Consumer> first =
      NewConsumer("shared-group", &first_listener, "earliest", cooperative);
  ASSERT_TRUE(first->Subscribe({"shared"}).ok());
  AwaitAssignment(*first);
  ASSERT_EQ(first->Assignment().size(), 2u);

  std::unique_ptr<Consumer> second =
      NewConsumer("shared-group", &second_listener, "earliest", cooperative);
  ASSERT_TRUE(second->Subscribe({"shared"}).ok());
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while ((first->Assignment().size() != 1 || second->Assignment().size() != 1) &&
         std::chrono::steady_clock::now() < deadline) {
    ASSERT_TRUE(first->Poll(std::chrono::milliseconds(50), 10).ok());
    ASSERT_TRUE(second->Poll(std::chrono::milliseconds(50), 10).ok());
  }
  ASSERT_EQ(first->Assignment().size(), 1u);
  ASSERT_EQ(second->Assignment().size(), 1u);
  EXPECT_NE(first->Assignment(), second->Assignment());
  EXPECT_EQ(first_listener.revoked.size(), 1u) << "only the partition handed over is revoked";
  EXPECT_EQ(second_listener.assigned, second->Assignment());

  // Each member reads its own partition.
  ProduceValues("shared", 0, 3, "p0-");
  ProduceValues("shared", 1, 3, "p1-");
  std::vector<ConsumedRecord> first_records = ConsumeAtLeast(*first, 3);
  std::vector<ConsumedRecord> second_records = ConsumeAtLeast(*second, 3);
  for (const ConsumedRecord& record : first_records) {
    EXPECT_EQ(record.partition, first->Assignment()[0].partition);
  }
  for (const ConsumedRecord& record : second_records) {
    EXPECT_EQ(record.partition, second->Assignment()[0].partition);
  }
}

}  // namespace
}  // namespace sluice::testing
