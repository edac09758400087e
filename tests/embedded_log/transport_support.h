// Helpers for tests that go through the Transport interface.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "test_support.h"
#include "transport/embedded/embedded_transport.h"

namespace sluice::embedded::testing {

// Records what a consumer's rebalance listener was told, as "assigned t-0,t-1" lines.
class RecordingListener : public transport::RebalanceListener {
 public:
  void OnPartitionsAssigned(const std::vector<transport::TopicPartition>& partitions) override {
    events.push_back("assigned " + Join(partitions));
  }
  void OnPartitionsRevoked(const std::vector<transport::TopicPartition>& partitions) override {
    events.push_back("revoked " + Join(partitions));
  }
  std::vector<std::string> events;

 private:
  static std::string Join(const std::vector<transport::TopicPartition>& partitions) {
    std::string s;
    for (const auto& tp : partitions) {
      if (!s.empty()) s += ',';
      s += tp.ToString();
    }
    return s;
  }
};

inline transport::ProducerRecord Record(const std::string& topic, std::optional<std::string> key,
                                        std::optional<std::string> value) {
  transport::ProducerRecord r;
  r.topic = topic;
  r.key = std::move(key);
  r.value = std::move(value);
  return r;
}

// Sends every record, waits for all deliveries and returns their reports in send order.
inline std::vector<transport::DeliveryReport> SendAll(
    transport::Producer& producer, std::vector<transport::ProducerRecord> records) {
  auto reports = std::make_shared<std::vector<transport::DeliveryReport>>(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    Status st =
        producer.Send(std::move(records[i]),
                      [reports, i](const transport::DeliveryReport& r) { (*reports)[i] = r; });
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  Status flushed = producer.Flush(std::chrono::seconds(30));
  EXPECT_TRUE(flushed.ok()) << flushed.ToString();
  return *reports;
}

// Polls until `count` records arrived or `max_empty_polls` polls in a row brought nothing.
inline std::vector<transport::ConsumedRecord> Drain(transport::Consumer& consumer, size_t count,
                                                    int max_empty_polls = 50) {
  std::vector<transport::ConsumedRecord> all;
  int empty = 0;
  while (all.size() < count && empty < max_empty_polls) {
    auto batch = consumer.Poll(std::chrono::milliseconds(100), 500);
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    if (!batch.ok()) break;
    empty = batch->empty() ? empty + 1 : 0;
    for (auto& r : *batch) all.push_back(std::move(r));
  }
  return all;
}

class TransportTest : public ::testing::Test {
 protected:
  std::unique_ptr<EmbeddedTransport> Open(std::map<std::string, std::string> config = {},
                                          EmbeddedOptions options = {}) {
    config.try_emplace("log.dirs", data_dir());
    auto transport = EmbeddedTransport::Open(config, std::move(options));
    EXPECT_TRUE(transport.ok()) << transport.status().ToString();
    return transport.ok() ? std::move(*transport) : nullptr;
  }

  std::unique_ptr<transport::Producer> Producer(EmbeddedTransport& t,
                                                transport::ClientConfig config = {}) {
    auto producer = t.CreateProducer(config);
    EXPECT_TRUE(producer.ok()) << producer.status().ToString();
    return producer.ok() ? std::move(*producer) : nullptr;
  }

  std::unique_ptr<transport::Consumer> Consumer(EmbeddedTransport& t, const std::string& group,
                                                transport::RebalanceListener* listener = nullptr,
                                                const std::string& reset = "earliest") {
    transport::ConsumerOptions options;
    options.group_id = group;
    options.listener = listener;
    options.auto_offset_reset = reset;
    auto consumer = t.CreateConsumer(options);
    EXPECT_TRUE(consumer.ok()) << consumer.status().ToString();
    return consumer.ok() ? std::move(*consumer) : nullptr;
  }

  std::string data_dir() const { return dir_ / "data"; }

  TempDir dir_;
};

}  // namespace sluice::embedded::testing
