// An in-memory Transport for the gRPC tests: topics of partitions held in vectors, a producer whose
// acknowledgements arrive in Poll/Flush (as the contract allows), and consumers that get every
// partition of what they subscribe to, in a group of their own making.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "transport/transport.h"

namespace sluice::testing {

class FakeTransport : public transport::Transport, private transport::Admin {
 public:
  std::string Name() const override { return "fake"; }
  std::string ClusterId() const override { return "fake-cluster"; }
  Result<std::unique_ptr<transport::Producer>> CreateProducer(
      const transport::ClientConfig& config) override;
  Result<std::unique_ptr<transport::Consumer>> CreateConsumer(
      const transport::ConsumerOptions& options) override;
  transport::Admin& admin() override { return *this; }

  // What consumers did: the groups they used and the commits they made.
  std::vector<std::string> consumer_groups();
  int commits();
  // Appends a record directly, waking consumers; returns its offset.
  int64_t Append(const std::string& topic, int32_t partition, std::optional<std::string> key,
                 std::optional<std::string> value);

  // Admin
  Status CreateTopic(const transport::NewTopic& topic) override;
  Result<std::vector<std::string>> ListTopics() override;
  Result<transport::TopicDescription> DescribeTopic(const std::string& name) override;
  Status DeleteTopic(const std::string& name) override;
  Result<transport::OffsetMap> ListGroupOffsets(const std::string& group) override;
  Status AlterGroupOffsets(const std::string& group, const transport::OffsetMap& offsets) override;
  Status DeleteGroupOffsets(const std::string& group,
                            const std::vector<transport::TopicPartition>& partitions) override;

 private:
  friend class FakeProducer;
  friend class FakeConsumer;
  using Partition = std::vector<transport::ConsumedRecord>;

  // Appends under mutex_; kNotFound for a missing topic or partition.
  Result<transport::DeliveryReport> AppendLocked(transport::ProducerRecord record);

  std::mutex mutex_;
  std::condition_variable appended_;
  std::map<std::string, std::vector<Partition>> topics_;
  std::map<std::string, transport::OffsetMap> group_offsets_;
  std::vector<std::string> consumer_groups_;
  int commits_ = 0;
};

}  // namespace sluice::testing
