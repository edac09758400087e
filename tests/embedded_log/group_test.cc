// Range assignment, and group offsets that survive a reopen.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"
#include "transport/embedded/offset_store.h"
#include "transport/embedded/range_assignor.h"

namespace sluice::embedded {
namespace {

using transport::TopicPartition;
using TPs = std::vector<TopicPartition>;

TEST(RangeAssign, SplitsEachTopicIntoContiguousRangesInMemberOrder) {
  auto a =
      RangeAssign({{"m1", {"t", "u"}}, {"m2", {"t", "u"}}, {"m3", {"t"}}}, {{"t", 7}, {"u", 2}});
  // t: 7 partitions over 3 members -> 3, 2, 2; u: 2 over m1, m2 -> 1, 1.
  EXPECT_EQ(a["m1"], (TPs{{"t", 0}, {"t", 1}, {"t", 2}, {"u", 0}}));
  EXPECT_EQ(a["m2"], (TPs{{"t", 3}, {"t", 4}, {"u", 1}}));
  EXPECT_EQ(a["m3"], (TPs{{"t", 5}, {"t", 6}}));
}

TEST(RangeAssign, MoreMembersThanPartitionsLeavesSomeIdleAndSkipsMissingTopics) {
  auto a = RangeAssign({{"a", {"t", "missing"}}, {"b", {"t"}}, {"c", {"t"}}}, {{"t", 2}});
  EXPECT_EQ(a["a"], (TPs{{"t", 0}}));
  EXPECT_EQ(a["b"], (TPs{{"t", 1}}));
  ASSERT_TRUE(a.count("c"));
  EXPECT_TRUE(a["c"].empty());
}

TEST(OffsetStore, CommitsAreDurableAndMergeByPartition) {
  testing::TempDir dir;
  const std::string path = dir / "__consumer_offsets";
  {
    auto store = *OffsetStore::Open(path);
    ASSERT_TRUE(store->Commit("connect-sink", {{{"t", 0}, 10}, {{"t", 1}, 20}}).ok());
    ASSERT_TRUE(store->Commit("connect-sink", {{{"t", 1}, 25}}).ok());
    ASSERT_TRUE(store->Commit("group with spaces/and:slashes", {{{"u", 0}, 1}}).ok());
  }
  auto store = *OffsetStore::Open(path);
  EXPECT_EQ(store->Committed("connect-sink"),
            (transport::OffsetMap{{{"t", 0}, 10}, {{"t", 1}, 25}}));
  EXPECT_EQ(store->Committed("group with spaces/and:slashes"),
            (transport::OffsetMap{{{"u", 0}, 1}}));
  EXPECT_TRUE(store->Committed("nobody").empty());
  EXPECT_EQ(store->Groups().size(), 2u);
  EXPECT_TRUE(std::filesystem::exists(path + "/group%20with%20spaces%2Fand%3Aslashes.json"));

  ASSERT_TRUE(store->Delete("connect-sink", {{"t", 0}}).ok());
  EXPECT_EQ(store->Committed("connect-sink"), (transport::OffsetMap{{{"t", 1}, 25}}));
  ASSERT_TRUE(store->Delete("connect-sink", {}).ok());
  EXPECT_TRUE(store->Committed("connect-sink").empty());
  EXPECT_FALSE(std::filesystem::exists(path + "/connect-sink.json"));
}

TEST(OffsetStore, RejectsBadCommitsAndReportsADamagedFileByName) {
  testing::TempDir dir;
  const std::string path = dir / "offsets";
  {
    auto store = *OffsetStore::Open(path);
    EXPECT_EQ(store->Commit("", {{{"t", 0}, 1}}).code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(store->Commit("g", {{{"t", 0}, -5}}).code(), StatusCode::kInvalidArgument);
  }
  // A leftover temporary file from a commit cut short is ignored and removed.
  { std::ofstream(path + "/g.json.tmp") << "{ half"; }
  ASSERT_TRUE(OffsetStore::Open(path).ok());
  EXPECT_FALSE(std::filesystem::exists(path + "/g.json.tmp"));

  { std::ofstream(path + "/g.json") << "not json"; }
  auto reopened = OffsetStore::Open(path);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kCorruption);
  EXPECT_NE(reopened.status().message().find("g.json"), std::string::npos);
}

TEST(OffsetStore, GroupFileNamesEscapeEverythingButSafeCharacters) {
  EXPECT_EQ(GroupFileStem("connect-my_sink.v2"), "connect-my_sink.v2");
  EXPECT_EQ(GroupFileStem("a/b"), "a%2Fb");
  EXPECT_EQ(GroupFileStem(".."), "%2E%2E");
  EXPECT_NE(GroupFileStem("a/b"), GroupFileStem("a_b"));
}

}  // namespace
}  // namespace sluice::embedded
