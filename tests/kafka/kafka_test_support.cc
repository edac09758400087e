#include "kafka/kafka_test_support.h"

#include <mutex>

namespace sluice::testing {

std::map<std::string, std::string> FastWorkerConfig(
    const MockKafkaCluster& cluster, const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> config = {
      {"bootstrap.servers", cluster.bootstrap_servers()},
      // Short group timeouts: the mock coordinator waits session.timeout.ms - 1 s for members
      // to rejoin.
      {"consumer.session.timeout.ms", "3000"},
      {"consumer.heartbeat.interval.ms", "300"},
      // Regex subscriptions notice new topics through metadata refreshes.
      {"consumer.topic.metadata.refresh.interval.ms", "500"},
      {"consumer.fetch.wait.max.ms", "50"},
      {"producer.linger.ms", "1"},
      // Keys a worker config holds that are not client settings.
      {"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
      {"admin.listeners", "http://127.0.0.1:8084"},
  };
  for (const auto& [key, value] : extra) config[key] = value;
  return config;
}

void RecordingListener::OnPartitionsAssigned(const std::vector<TopicPartition>& partitions) {
  assigned.insert(assigned.end(), partitions.begin(), partitions.end());
  if (on_assigned) on_assigned(partitions);
}

void RecordingListener::OnPartitionsRevoked(const std::vector<TopicPartition>& partitions) {
  revoked.insert(revoked.end(), partitions.begin(), partitions.end());
}

MockKafkaCluster* KafkaTransportTest::shared_cluster_ = nullptr;

void KafkaTransportTest::SetUpTestSuite() {
  shared_cluster_ = new MockKafkaCluster();
}

void KafkaTransportTest::TearDownTestSuite() {
  delete shared_cluster_;
  shared_cluster_ = nullptr;
}

void KafkaTransportTest::SetUp() {
  cluster_ = shared_cluster_;
  transport_ = TransportOn(*cluster_);
  ASSERT_NE(transport_, nullptr);
}

std::unique_ptr<transport::kafka::KafkaTransport> KafkaTransportTest::TransportOn(
    MockKafkaCluster& cluster) {
  auto transport = transport::kafka::KafkaTransport::Create(FastWorkerConfig(cluster));
  EXPECT_TRUE(transport.ok()) << transport.status().ToString();
  return transport.ok() ? std::move(*transport) : nullptr;
}

std::unique_ptr<Producer> KafkaTransportTest::NewProducer(
    const transport::ClientConfig& overrides) {
  auto producer = transport_->CreateProducer(overrides);
  EXPECT_TRUE(producer.ok()) << producer.status().ToString();
  return producer.ok() ? std::move(*producer) : nullptr;
}

std::unique_ptr<Consumer> KafkaTransportTest::NewConsumer(
    const std::string& group, transport::RebalanceListener* listener,
    const std::string& auto_offset_reset, const transport::ClientConfig& overrides) {
  ConsumerOptions options;
  options.group_id = group;
  options.listener = listener;
  options.auto_offset_reset = auto_offset_reset;
  options.client_config = overrides;
  auto consumer = transport_->CreateConsumer(options);
  EXPECT_TRUE(consumer.ok()) << consumer.status().ToString();
  return consumer.ok() ? std::move(*consumer) : nullptr;
}

std::vector<DeliveryReport> KafkaTransportTest::ProduceAll(Producer& producer,
                                                           std::vector<ProducerRecord> records) {
  // Shared with the callbacks, which could outlive this call if a flush failed.
  struct Reports {
    std::mutex mu;
    std::vector<DeliveryReport> reports;
  };
  auto shared = std::make_shared<Reports>();
  shared->reports.resize(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    Status sent = producer.Send(std::move(records[i]), [shared, i](const DeliveryReport& report) {
      std::lock_guard<std::mutex> lock(shared->mu);
      shared->reports[i] = report;
    });
    EXPECT_TRUE(sent.ok()) << sent.ToString();
  }
  Status flushed = producer.Flush(kPatience);
  EXPECT_TRUE(flushed.ok()) << flushed.ToString();
  std::lock_guard<std::mutex> lock(shared->mu);
  return shared->reports;
}

void KafkaTransportTest::ProduceValues(const std::string& topic, int32_t partition, int count,
                                       const std::string& prefix) {
  std::unique_ptr<Producer> producer = NewProducer();
  ASSERT_NE(producer, nullptr);
  std::vector<ProducerRecord> records;
  for (int i = 0; i < count; ++i) {
    records.push_back(
        Record(topic, "k" + std::to_string(i), prefix + std::to_string(i), partition));
  }
  for (const DeliveryReport& report : ProduceAll(*producer, std::move(records))) {
    ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  }
}

std::vector<ConsumedRecord> KafkaTransportTest::ConsumeAtLeast(Consumer& consumer, size_t count) {
  std::vector<ConsumedRecord> records;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (records.size() < count && std::chrono::steady_clock::now() < deadline) {
    auto batch = consumer.Poll(std::chrono::milliseconds(200), 100);
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    if (!batch.ok()) break;
    records.insert(records.end(), batch->begin(), batch->end());
  }
  EXPECT_GE(records.size(), count) << "records did not arrive within " << kPatience.count() << " s";
  return records;
}

void KafkaTransportTest::AwaitAssignment(Consumer& consumer) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (consumer.Assignment().empty() && std::chrono::steady_clock::now() < deadline) {
    auto batch = consumer.Poll(std::chrono::milliseconds(100), 1);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    ASSERT_TRUE(batch->empty()) << "AwaitAssignment is for consumers with nothing to read yet";
  }
  ASSERT_FALSE(consumer.Assignment().empty())
      << "no assignment within " << kPatience.count() << " s";
}

ProducerRecord Record(const std::string& topic, std::optional<std::string> key,
                      std::optional<std::string> value, int32_t partition) {
  ProducerRecord record;
  record.topic = topic;
  record.partition = partition;
  record.key = std::move(key);
  record.value = std::move(value);
  return record;
}

}  // namespace sluice::testing
