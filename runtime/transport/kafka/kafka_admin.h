// Topic and consumer-group administration over librdkafka's Admin API and metadata.
//
// Each call blocks until the cluster answers or `request_timeout` (the admin client's
// socket.timeout.ms) passes. Topic creation and deletion need a controller broker and the
// CreateTopics/DeleteTopics APIs; against a cluster without them (such as librdkafka's mock
// cluster) they end in kTimeout. DeleteGroupOffsets needs brokers of Kafka 2.4 or later
// (OffsetDelete, KIP-496): against older ones (and the mock cluster) librdkafka 2.0.2 reports
// the missing API and then aborts the process (librdkafka issue #3663).
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "transport/kafka/rdkafka_handles.h"
#include "transport/transport.h"

namespace sluice::transport::kafka {

class KafkaAdmin final : public Admin {
 public:
  // Takes `conf` (built by BuildConf).
  static Result<std::unique_ptr<KafkaAdmin>> Create(ConfPtr conf,
                                                    std::chrono::milliseconds request_timeout);

  Status CreateTopic(const NewTopic& topic) override;
  // Every topic except Kafka's internal ones (__consumer_offsets, __transaction_state).
  Result<std::vector<std::string>> ListTopics() override;
  Result<TopicDescription> DescribeTopic(const std::string& name) override;
  Status DeleteTopic(const std::string& name) override;
  // The group's committed offsets on every partition of the cluster's current topics.
  Result<OffsetMap> ListGroupOffsets(const std::string& group) override;
  Status AlterGroupOffsets(const std::string& group, const OffsetMap& offsets) override;
  Status DeleteGroupOffsets(const std::string& group,
                            const std::vector<TopicPartition>& partitions) override;

  // The cluster id from metadata, waiting up to `wait` (at most the request timeout) for it, or
  // nullopt if no broker answered in time. librdkafka keeps metadata fresh in the background,
  // so once a broker has answered this returns at once.
  std::optional<std::string> ClusterId(std::chrono::milliseconds wait);

 private:
  KafkaAdmin(ClientPtr client, std::chrono::milliseconds request_timeout);

  Result<MetadataPtr> AllTopicsMetadata();
  AdminOptionsPtr Options(rd_kafka_admin_op_t op);
  // Waits for the result event of the request just sent to `queue`; checks its request-level
  // error, naming `what`.
  Result<EventPtr> AwaitResult(rd_kafka_queue_t* queue, const std::string& what);

  ClientPtr client_;
  const std::chrono::milliseconds request_timeout_;
};

}  // namespace sluice::transport::kafka
