// Which source offsets may be committed: the acknowledged prefix of each partition, and
// tombstones in their place among the records.
#include "worker/submitted_records.h"

#include <gtest/gtest.h>

namespace sluice::worker {
namespace {

using Offsets = std::map<std::string, std::string>;

TEST(SubmittedRecords, CommitsEachPartitionsAcknowledgedPrefix) {
  SubmittedRecords s;
  auto a1 = s.Submit("a", "1");
  auto a2 = s.Submit("a", "2");
  auto b1 = s.Submit("b", "1");
  s.Ack(a2);
  s.Ack(b1);
  EXPECT_EQ(s.TakeCommittable(), (Offsets{{"b", "1"}}));  // a1 holds a2 back
  s.Ack(a1);
  EXPECT_EQ(s.TakeCommittable(), (Offsets{{"a", "2"}}));
  EXPECT_EQ(s.outstanding(), 0u);
}

TEST(SubmittedRecords, ATombstoneWaitsForTheRecordsBeforeIt) {
  SubmittedRecords s;
  auto a1 = s.Submit("a", "1");
  s.SubmitTombstone("a");
  EXPECT_TRUE(s.TakeCommittable().empty());
  s.Ack(a1);
  EXPECT_EQ(s.TakeCommittable(), (Offsets{{"a", ""}}));  // empty: delete the stored offset
  // A record after the tombstone (a new file of the same name) wins over it.
  s.SubmitTombstone("b");
  auto b2 = s.Submit("b", "7");
  s.Ack(b2);
  EXPECT_EQ(s.TakeCommittable(), (Offsets{{"b", "7"}}));
}

TEST(SubmittedRecords, LateAcknowledgementsAfterClearAreIgnored) {
  SubmittedRecords s;
  auto a1 = s.Submit("a", "1");
  s.Clear();
  s.Ack(a1);
  EXPECT_TRUE(s.TakeCommittable().empty());
  EXPECT_EQ(s.outstanding(), 0u);
}

}  // namespace
}  // namespace sluice::worker

#include "worker/topic_tracker.h"

namespace sluice::worker {
namespace {

// KIP-558's active topics: a task records each topic once, and again after the set is reset.
TEST(TaskTopics, RecordsEachTopicOnceAndAgainAfterAReset) {
  TopicTracker tracker;
  TaskTopics task(&tracker, "c");
  task.Note("a");
  task.Note("a");
  task.Note("b");
  task.Note("a");
  EXPECT_EQ(tracker.Get("c"), (std::set<std::string>{"a", "b"}));
  tracker.Reset("c");
  EXPECT_TRUE(tracker.Get("c").empty());
  task.Note("a");
  EXPECT_EQ(tracker.Get("c"), (std::set<std::string>{"a"}));
}

}  // namespace
}  // namespace sluice::worker
