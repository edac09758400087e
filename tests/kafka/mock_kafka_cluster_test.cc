// The facts about librdkafka's mock cluster that mock_kafka_cluster.h states and tests rely on.
#include "kafka/mock_kafka_cluster.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "kafka/kafka_test_support.h"

namespace sluice::testing {
namespace {

class MockKafkaClusterTest : public KafkaTransportTest {};

TEST_F(MockKafkaClusterTest, ListensOnLoopbackWithOneAddressPerBroker) {
  MockKafkaCluster three(3);
  const std::string servers = three.bootstrap_servers();
  EXPECT_EQ(std::count(servers.begin(), servers.end(), ','), 2) << servers;
  EXPECT_TRUE(servers.starts_with("127.0.0.1:")) << servers;
  EXPECT_TRUE(three.CreateTopic("replicated", 2, 3).ok());
}

TEST_F(MockKafkaClusterTest, CreateTopicRefusesAnExistingTopic) {
  ASSERT_TRUE(cluster_->CreateTopic("once", 1).ok());
  Status again = cluster_->CreateTopic("once", 1);
  EXPECT_FALSE(again.ok());
  EXPECT_NE(again.message().find("'once'"), std::string::npos) << again.message();
}

TEST_F(MockKafkaClusterTest, ProducersCreateMissingTopicsWithFourPartitions) {
  std::unique_ptr<Producer> producer = NewProducer();
  std::vector<DeliveryReport> reports = ProduceAll(*producer, {Record("auto-created", "k", "v")});
  ASSERT_TRUE(reports[0].status.ok()) << reports[0].status.ToString();
  auto description = transport_->admin().DescribeTopic("auto-created");
  ASSERT_TRUE(description.ok()) << description.status().ToString();
  EXPECT_EQ(description->partitions.size(), 4u);
}

}  // namespace
}  // namespace sluice::testing
