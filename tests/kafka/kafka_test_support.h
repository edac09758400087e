// Shared set-up for the Kafka transport tests: a mock cluster, a transport pointed at it with
// settings that keep group rebalances and metadata refreshes quick, and helpers that wait for
// deliveries and records with generous upper bounds (they return as soon as they are done).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kafka/mock_kafka_cluster.h"
#include "transport/kafka/kafka_transport.h"
#include "transport/transport.h"

namespace sluice::testing {

using transport::ConsumedRecord;
using transport::Consumer;
using transport::ConsumerOptions;
using transport::DeliveryReport;
using transport::Producer;
using transport::ProducerRecord;
using transport::TopicPartition;

// How long a helper keeps waiting for something that normally takes milliseconds.
inline constexpr std::chrono::seconds kPatience{30};

// Worker settings for a transport on `cluster`, plus `extra`.
std::map<std::string, std::string> FastWorkerConfig(
    const MockKafkaCluster& cluster, const std::map<std::string, std::string>& extra = {});

// Records partitions as the consumer's listener hears of them; optionally acts on assignment.
class RecordingListener : public transport::RebalanceListener {
 public:
  void OnPartitionsAssigned(const std::vector<TopicPartition>& partitions) override;
  void OnPartitionsRevoked(const std::vector<TopicPartition>& partitions) override;

  std::vector<TopicPartition> assigned;  // every partition ever assigned, in order
  std::vector<TopicPartition> revoked;   // every partition ever revoked, in order
  // Runs inside OnPartitionsAssigned, after recording.
  std::function<void(const std::vector<TopicPartition>&)> on_assigned;
};

// One mock cluster per test suite (starting one is quick, but stopping one takes librdkafka a
// second), so every test uses topic and group names of its own. A test that breaks the cluster
// or injects errors starts its own and uses TransportOn.
class KafkaTransportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  void SetUp() override;

  // A transport like transport_ on another cluster.
  static std::unique_ptr<transport::kafka::KafkaTransport> TransportOn(MockKafkaCluster& cluster);

  std::unique_ptr<Producer> NewProducer(const transport::ClientConfig& overrides = {});
  std::unique_ptr<Consumer> NewConsumer(const std::string& group,
                                        transport::RebalanceListener* listener = nullptr,
                                        const std::string& auto_offset_reset = "earliest",
                                        const transport::ClientConfig& overrides = {});

  // Sends every record, waits for all reports; returns them in send order.
  std::vector<DeliveryReport> ProduceAll(Producer& producer, std::vector<ProducerRecord> records);
  // Sends `count` records "<prefix>0".. with keys "k0".. to one partition.
  void ProduceValues(const std::string& topic, int32_t partition, int count,
                     const std::string& prefix = "v");
  // Polls until at least `count` records arrived (or kPatience passed).
  std::vector<ConsumedRecord> ConsumeAtLeast(Consumer& consumer, size_t count);
  // Polls until the consumer has an assignment (or kPatience passed).
  void AwaitAssignment(Consumer& consumer);

  MockKafkaCluster* cluster_ = nullptr;  // the suite's
  std::unique_ptr<transport::kafka::KafkaTransport> transport_;

 private:
  static MockKafkaCluster* shared_cluster_;
};

ProducerRecord Record(const std::string& topic, std::optional<std::string> key,
                      std::optional<std::string> value,
                      int32_t partition = transport::kAnyPartition);

}  // namespace sluice::testing
