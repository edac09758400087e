// Consumer groups through the Transport interface: assignment within a group, independence of
// groups, pattern subscriptions, committed offsets, offset resets.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "transport_support.h"

namespace sluice::embedded::testing {
namespace {

using namespace std::chrono_literals;
using transport::ProducerRecord;
using transport::TopicPartition;

std::vector<ProducerRecord> Numbered(const std::string& topic, int count, int32_t partition = -1,
                                     int first = 0) {
  std::vector<ProducerRecord> records;
  for (int i = first; i < first + count; ++i) {
    auto r = Record(topic, std::nullopt, WithNumber("v", i));
    r.partition = partition;
    records.push_back(std::move(r));
  }
  return records;
}

TEST_F(TransportTest, MembersOfAGroupSplitPartitionsAndTheListenerSeesEveryChange) {
  auto t = Open();
  ASSERT_TRUE(t->admin().CreateTopic({"shared", 4, -1, {}}).ok());
  RecordingListener l1, l2;
  auto c1 = Consumer(*t, "g", &l1);
  auto c2 = Consumer(*t, "g", &l2);

  ASSERT_TRUE(c1->Subscribe({"shared"}).ok());
  ASSERT_TRUE(c1->Poll(0ms, 10).ok());
  EXPECT_EQ(l1.events, std::vector<std::string>{"assigned shared-0,shared-1,shared-2,shared-3"});

  ASSERT_TRUE(c2->Subscribe({"shared"}).ok());
  ASSERT_TRUE(c2->Poll(0ms, 10).ok());  // c1 still holds everything: c2 waits for it
  EXPECT_TRUE(l2.events.empty());
  ASSERT_TRUE(c1->Poll(0ms, 10).ok());  // c1 gives everything up, takes its half back
  EXPECT_EQ(l1.events, (std::vector<std::string>{"assigned shared-0,shared-1,shared-2,shared-3",
                                                 "revoked shared-0,shared-1,shared-2,shared-3",
                                                 "assigned shared-0,shared-1"}));
  ASSERT_TRUE(c2->Poll(0ms, 10).ok());
  EXPECT_EQ(l2.events, std::vector<std::string>{"assigned shared-2,shared-3"});
  EXPECT_EQ(c2->Assignment(), (std::vector<TopicPartition>{{"shared", 2}, {"shared", 3}}));

  auto producer = Producer(*t);
  for (int32_t p = 0; p < 4; ++p) SendAll(*producer, Numbered("shared", 5, p, p * 100));
  for (const auto& r : Drain(*c1, 10)) EXPECT_LT(r.partition, 2);
  for (const auto& r : Drain(*c2, 10)) EXPECT_GE(r.partition, 2);

  ASSERT_TRUE(c1->Close().ok());  // leaving revokes through the listener, on the caller's thread
  EXPECT_EQ(l1.events.back(), "revoked shared-0,shared-1");
  ASSERT_TRUE(c2->Poll(0ms, 10).ok());
  EXPECT_EQ(l2.events,
            (std::vector<std::string>{"assigned shared-2,shared-3", "revoked shared-2,shared-3",
                                      "assigned shared-0,shared-1,shared-2,shared-3"}));
}

TEST_F(TransportTest, TwoGroupsReadOneTopicAtTheirOwnPace) {
  auto t = Open();
  auto idle = Consumer(*t, "never-polls-again");
  ASSERT_TRUE(idle->Subscribe({"feed"}).ok());
  ASSERT_TRUE(idle->Poll(0ms, 1).ok());  // holds partition feed-0 of its own group from now on

  auto producer = Producer(*t);
  auto reports = SendAll(*producer, Numbered("feed", 3000));
  for (const auto& r : reports) ASSERT_TRUE(r.status.ok());

  auto busy = Consumer(*t, "keeps-up");
  ASSERT_TRUE(busy->Subscribe({"feed"}).ok());
  auto got = Drain(*busy, 3000);
  ASSERT_EQ(got.size(), 3000u);
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_EQ(got[i].offset, static_cast<int64_t>(i));
    ASSERT_EQ(got[i].value, WithNumber("v", i));
  }
  // The idle group's position is untouched: it still starts at the beginning.
  auto first = idle->Poll(1s, 1);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].offset, 0);
}

TEST_F(TransportTest, APatternSubscriptionPicksUpTopicsCreatedLater) {
  auto t = Open();
  auto producer = Producer(*t);
  SendAll(*producer,
          {Record("metrics.cpu", std::nullopt, "cpu"), Record("logs", std::nullopt, "log")});
  RecordingListener listener;
  auto consumer = Consumer(*t, "metrics", &listener);
  ASSERT_EQ(consumer->SubscribePattern("metrics\\.[a-z]+(").code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(consumer->SubscribePattern("metrics\\..*").ok());
  auto first = Drain(*consumer, 1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].value, "cpu");
  // The new topic starts a rebalance, after which positions restart from committed offsets.
  ASSERT_TRUE(consumer->Commit({{{"metrics.cpu", 0}, 1}}).ok());

  SendAll(*producer, {Record("metrics.disk", std::nullopt, "disk"),  // created by this send
                      Record("logs", std::nullopt, "log again")});
  auto second = Drain(*consumer, 1);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].topic, "metrics.disk");
  EXPECT_EQ(listener.events.back(), "assigned metrics.cpu-0,metrics.disk-0");
  EXPECT_TRUE(consumer->Poll(50ms, 10)->empty());  // nothing from "logs"
}

TEST_F(TransportTest, CommittedOffsetsSurviveAReopen) {
  std::string cluster_id;
  {
    auto t = Open();
    cluster_id = t->ClusterId();
    auto producer = Producer(*t);
    SendAll(*producer, Numbered("jobs", 20));
    auto consumer = Consumer(*t, "workers");
    ASSERT_TRUE(consumer->Subscribe({"jobs"}).ok());
    auto first = consumer->Poll(5s, 12);
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->size(), 12u);
    ASSERT_TRUE(consumer->Commit({{{"jobs", 0}, 12}}).ok());
    EXPECT_EQ(*consumer->Committed({{"jobs", 0}, {"jobs", 7}}),
              (transport::OffsetMap{{{"jobs", 0}, 12}}));
    // The group is active: its offsets cannot be changed from outside.
    EXPECT_EQ(t->admin().AlterGroupOffsets("workers", {{{"jobs", 0}, 0}}).code(),
              StatusCode::kFailedPrecondition);
  }
  auto t = Open();
  EXPECT_EQ(t->ClusterId(), cluster_id);
  EXPECT_EQ(*t->admin().ListGroupOffsets("workers"), (transport::OffsetMap{{{"jobs", 0}, 12}}));
  auto consumer = Consumer(*t, "workers");
  ASSERT_TRUE(consumer->Subscribe({"jobs"}).ok());
  auto rest = Drain(*consumer, 8);
  ASSERT_EQ(rest.size(), 8u);
  EXPECT_EQ(rest.front().offset, 12);
  ASSERT_TRUE(consumer->Close().ok());

  // With no member left, offsets can be altered and deleted.
  ASSERT_TRUE(t->admin().AlterGroupOffsets("workers", {{{"jobs", 0}, 3}}).ok());
  auto again = Consumer(*t, "workers");
  ASSERT_TRUE(again->Subscribe({"jobs"}).ok());
  EXPECT_EQ(Drain(*again, 17).front().offset, 3);
  ASSERT_TRUE(again->Close().ok());
  ASSERT_TRUE(t->admin().DeleteGroupOffsets("workers", {}).ok());
  EXPECT_TRUE(t->admin().ListGroupOffsets("workers")->empty());
}

TEST_F(TransportTest, SeekPauseAndResumeWorkOnAssignedPartitionsOnly) {
  auto t = Open();
  auto producer = Producer(*t);
  SendAll(*producer, Numbered("s", 10));
  auto consumer = Consumer(*t, "seeker");
  ASSERT_TRUE(consumer->Subscribe({"s"}).ok());
  ASSERT_EQ(Drain(*consumer, 10).size(), 10u);
  ASSERT_TRUE(consumer->Seek({"s", 0}, 4).ok());
  auto from_four = Drain(*consumer, 6);
  ASSERT_EQ(from_four.size(), 6u);
  EXPECT_EQ(from_four.front().offset, 4);

  EXPECT_EQ(consumer->Seek({"other", 0}, 1).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(consumer->Seek({"s", 0}, -2).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(consumer->Pause({{"other", 0}}).code(), StatusCode::kFailedPrecondition);

  ASSERT_TRUE(consumer->Pause({{"s", 0}}).ok());
  SendAll(*producer, Numbered("s", 1, -1, 10));
  EXPECT_TRUE(consumer->Poll(50ms, 10)->empty());
  ASSERT_TRUE(consumer->Resume({{"s", 0}}).ok());
  auto resumed = Drain(*consumer, 1);
  ASSERT_EQ(resumed.size(), 1u);
  EXPECT_EQ(resumed[0].value, "v10");
}

class OffsetResetTest : public TransportTest {
 protected:
  // A topic whose oldest segments retention has deleted, and a group whose committed offset 0 now
  // points before the log start.
  void SetUp() override {
    t_ = Open();
    ASSERT_TRUE(
        t_->admin()
            .CreateTopic({"short", 1, -1, {{"segment.bytes", "500"}, {"retention.bytes", "1"}}})
            .ok());
    auto producer = Producer(*t_, {{"batch.size", "1"}});  // a batch per record: many segments
    SendAll(*producer, Numbered("short", 100));
    ASSERT_TRUE(t_->admin().AlterGroupOffsets("late", {{{"short", 0}, 0}}).ok());
    ASSERT_TRUE(t_->logs().EnforceRetention().ok());
    start_ = t_->admin().DescribeTopic("short")->partitions[0].start_offset;
    ASSERT_GT(start_, 0);
  }

  std::unique_ptr<EmbeddedTransport> t_;
  int64_t start_ = 0;
};

TEST_F(OffsetResetTest, EarliestMovesToTheLogStartWithAWarning) {
  auto consumer = Consumer(*t_, "late", nullptr, "earliest");
  ASSERT_TRUE(consumer->Subscribe({"short"}).ok());
  ::testing::internal::CaptureStderr();
  auto records = consumer->Poll(5s, 1000);
  const std::string logged = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(records.ok());
  ASSERT_FALSE(records->empty());
  EXPECT_EQ(records->front().offset, start_);
  EXPECT_EQ(records->back().value, "v99");
  EXPECT_NE(logged.find("WARN"), std::string::npos) << logged;
  EXPECT_NE(logged.find("short-0 is at offset 0, outside the log"), std::string::npos) << logged;
  EXPECT_NE(logged.find(WithNumber("resetting to the earliest offset ", start_)), std::string::npos)
      << logged;
}

TEST_F(OffsetResetTest, LatestSkipsToTheEnd) {
  auto consumer = Consumer(*t_, "late", nullptr, "latest");
  ASSERT_TRUE(consumer->Subscribe({"short"}).ok());
  EXPECT_TRUE(consumer->Poll(50ms, 1000)->empty());
  auto producer = Producer(*t_);
  SendAll(*producer, Numbered("short", 1, -1, 100));
  auto records = Drain(*consumer, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].offset, 100);
}

TEST_F(OffsetResetTest, NoneFailsThePoll) {
  auto consumer = Consumer(*t_, "late", nullptr, "none");
  ASSERT_TRUE(consumer->Subscribe({"short"}).ok());
  auto records = consumer->Poll(1s, 1000);
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(records.status().message().find("auto.offset.reset is none"), std::string::npos);
}

TEST_F(TransportTest, DeletingATopicRevokesItFromItsConsumers) {
  auto t = Open();
  RecordingListener listener;
  auto consumer = Consumer(*t, "g", &listener);
  ASSERT_TRUE(consumer->Subscribe({"temp"}).ok());
  ASSERT_TRUE(consumer->Poll(0ms, 1).ok());
  ASSERT_EQ(consumer->Assignment().size(), 1u);
  ASSERT_TRUE(t->admin().DeleteTopic("temp").ok());
  ASSERT_TRUE(consumer->Poll(0ms, 1).ok());
  EXPECT_TRUE(consumer->Assignment().empty());
  EXPECT_EQ(listener.events,
            (std::vector<std::string>{"assigned temp-0", "revoked temp-0", "assigned "}));
  EXPECT_TRUE(t->admin().ListTopics()->empty());
}

TEST_F(TransportTest, SubscribingNeedsAGroup) {
  auto t = Open();
  auto consumer = Consumer(*t, "");
  EXPECT_EQ(consumer->Subscribe({"x"}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(consumer->Commit({{{"x", 0}, 1}}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sluice::embedded::testing
