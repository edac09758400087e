// The Kafka transport's Admin against librdkafka's mock cluster: topics and their offsets,
// consumer-group offsets, the cluster id, and how requests the mock lacks fail.
#include <gtest/gtest.h>

#include <algorithm>

#include "kafka/kafka_test_support.h"

namespace sluice::testing {
namespace {

using transport::NewTopic;
using transport::OffsetMap;

class KafkaAdminTest : public KafkaTransportTest {};

TEST_F(KafkaAdminTest, ListTopicsNamesTheClustersTopicsInOrder) {
  ASSERT_TRUE(cluster_->CreateTopic("listed-b", 3).ok());
  ASSERT_TRUE(cluster_->CreateTopic("listed-a", 1).ok());
  auto topics = transport_->admin().ListTopics();
  ASSERT_TRUE(topics.ok()) << topics.status().ToString();
  EXPECT_TRUE(std::is_sorted(topics->begin(), topics->end()));
  EXPECT_NE(std::find(topics->begin(), topics->end(), "listed-a"), topics->end());
  EXPECT_NE(std::find(topics->begin(), topics->end(), "listed-b"), topics->end());
}

TEST_F(KafkaAdminTest, DescribeTopicReportsPartitionsAndTheirOffsets) {
  ASSERT_TRUE(cluster_->CreateTopic("described", 3).ok());
  ProduceValues("described", 0, 5);
  ProduceValues("described", 2, 2);
  auto description = transport_->admin().DescribeTopic("described");
  ASSERT_TRUE(description.ok()) << description.status().ToString();
  EXPECT_EQ(description->name, "described");
  ASSERT_EQ(description->partitions.size(), 3u);
  const int64_t expected_end[] = {5, 0, 2};
  for (int32_t p = 0; p < 3; ++p) {
    SCOPED_TRACE("partition " + std::to_string(p));
    EXPECT_EQ(description->partitions[p].partition, p);
    EXPECT_EQ(description->partitions[p].start_offset, 0);
    EXPECT_EQ(description->partitions[p].end_offset, expected_end[p]);
    EXPECT_EQ(description->partitions[p].size_bytes, -1) << "Kafka does not tell";
  }
}

TEST_F(KafkaAdminTest, DescribingAMissingTopicIsNotFoundAndDoesNotCreateIt) {
  auto description = transport_->admin().DescribeTopic("never-created");
  EXPECT_EQ(description.status().code(), StatusCode::kNotFound) << description.status().ToString();
  auto topics = transport_->admin().ListTopics();
  ASSERT_TRUE(topics.ok()) << topics.status().ToString();
  EXPECT_EQ(std::find(topics->begin(), topics->end(), "never-created"), topics->end());
}

TEST_F(KafkaAdminTest, ClusterIdComesFromTheCluster) {
  EXPECT_EQ(transport_->Name(), "kafka");
  const std::string id = transport_->ClusterId();
  EXPECT_TRUE(id.starts_with("mockCluster")) << id;
  EXPECT_EQ(transport_->ClusterId(), id);
}

TEST_F(KafkaAdminTest, ClusterIdIsEmptyWhileNoBrokerAnswers) {
  // Port 1 on loopback: nothing listens there.
  auto transport = transport::kafka::KafkaTransport::Create(
      {{"bootstrap.servers", "127.0.0.1:1"}, {"admin.socket.timeout.ms", "300"}});
  ASSERT_TRUE(transport.ok()) << transport.status().ToString();
  EXPECT_EQ((*transport)->ClusterId(), "");
}

TEST_F(KafkaAdminTest, GroupOffsetsCanBeSetAndListedWhileTheGroupIsIdle) {
  ASSERT_TRUE(cluster_->CreateTopic("group-offsets", 2).ok());
  transport::Admin& admin = transport_->admin();
  auto before = admin.ListGroupOffsets("idle-group");
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(*before, OffsetMap{});

  const OffsetMap offsets = {{TopicPartition{"group-offsets", 0}, 3},
                             {TopicPartition{"group-offsets", 1}, 1}};
  ASSERT_TRUE(admin.AlterGroupOffsets("idle-group", offsets).ok());
  auto after = admin.ListGroupOffsets("idle-group");
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(*after, offsets);
  EXPECT_TRUE(admin.AlterGroupOffsets("idle-group", {}).ok()) << "nothing to do";
}

TEST_F(KafkaAdminTest, GroupOffsetRequestsCheckTheirArguments) {
  transport::Admin& admin = transport_->admin();
  EXPECT_EQ(admin.ListGroupOffsets("").status().code(), StatusCode::kInvalidArgument);
  Status negative = admin.AlterGroupOffsets("checked-group", {{TopicPartition{"t", 0}, -2}});
  EXPECT_EQ(negative.code(), StatusCode::kInvalidArgument) << negative.ToString();
  EXPECT_NE(negative.message().find("t-0"), std::string::npos) << negative.message();
  EXPECT_EQ(admin.DeleteGroupOffsets("", {}).code(), StatusCode::kInvalidArgument);
}

TEST_F(KafkaAdminTest, CreateTopicRejectsImpossibleTopicsBeforeAskingTheCluster) {
  transport::Admin& admin = transport_->admin();
  EXPECT_EQ(admin.CreateTopic(NewTopic{"", 1, -1, {}}).code(), StatusCode::kInvalidArgument);
  Status no_partitions = admin.CreateTopic(NewTopic{"empty", 0, -1, {}});
  EXPECT_EQ(no_partitions.code(), StatusCode::kInvalidArgument) << no_partitions.ToString();
  EXPECT_NE(no_partitions.message().find("'empty'"), std::string::npos) << no_partitions.message();
  EXPECT_EQ(admin.CreateTopic(NewTopic{"unreplicated", 1, 0, {}}).code(),
            StatusCode::kInvalidArgument);
}

// The mock names no controller, so topic creation and deletion wait for one until the request
// times out; a real cluster answers them. What matters here is that the caller gets a timeout
// naming the request rather than a hang or a crash.
TEST_F(KafkaAdminTest, TopicChangesWithoutAControllerTimeOut) {
  auto transport = transport::kafka::KafkaTransport::Create(
      FastWorkerConfig(*cluster_, {{"admin.socket.timeout.ms", "500"}}));
  ASSERT_TRUE(transport.ok()) << transport.status().ToString();
  Status created = (*transport)->admin().CreateTopic(NewTopic{"wanted", 2, 1, {}});
  EXPECT_EQ(created.code(), StatusCode::kTimeout) << created.ToString();
  EXPECT_NE(created.message().find("creating topic 'wanted'"), std::string::npos)
      << created.message();
  ASSERT_TRUE(cluster_->CreateTopic("unwanted", 1).ok());
  Status deleted = (*transport)->admin().DeleteTopic("unwanted");
  EXPECT_EQ(deleted.code(), StatusCode::kTimeout) << deleted.ToString();
  EXPECT_NE(deleted.message().find("deleting topic 'unwanted'"), std::string::npos)
      << deleted.message();
}

}  // namespace
}  // namespace sluice::testing
