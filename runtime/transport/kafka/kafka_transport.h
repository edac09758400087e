// The Kafka transport: Sluice's topic interface over a Kafka cluster, through librdkafka.
//
//   SLUICE_ASSIGN_OR_RETURN(auto transport, KafkaTransport::Create(worker_config));
//
// The worker config's `bootstrap.servers` and its `producer.*`, `consumer.*` and `admin.*` keys
// (prefix stripped) configure the clients; they are librdkafka property names
// (https://github.com/confluentinc/librdkafka/blob/master/CONFIGURATION.md), most of which are
// also Kafka's Java client names. ClientConfig given to CreateProducer / ConsumerOptions (the
// connector's `producer.override.*` / `consumer.override.*` keys, prefix stripped) override the
// worker's. An unknown property or invalid value is an InvalidArgument naming the key.
//
// Producers are idempotent with acks=all and partition keyed records as Kafka's Java client does
// (murmur2); their delivery callbacks run on one thread per producer. Consumers never commit on
// their own, call their RebalanceListener inside Poll, and take topic patterns in the subset of
// ECMAScript syntax that librdkafka's regex engine shares (classes, groups, alternation,
// quantifiers). See client_settings.h for every configuration layer.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "transport/transport.h"

namespace sluice::transport::kafka {

class KafkaAdmin;
struct WorkerClientSettings;

class KafkaTransport final : public Transport {
 public:
  // Validates every client setting up front; does not contact the cluster.
  static Result<std::unique_ptr<KafkaTransport>> Create(
      const std::map<std::string, std::string>& worker_config);
  ~KafkaTransport() override;

  std::string Name() const override { return "kafka"; }
  // Asks the cluster once and remembers the answer. Empty while no broker can be reached; such a
  // call waits up to kClusterIdWait (or the admin client's socket.timeout.ms, if shorter), so
  // that a status page stays responsive while Kafka is down.
  std::string ClusterId() const override;

  static constexpr std::chrono::seconds kClusterIdWait{5};

  Result<std::unique_ptr<Producer>> CreateProducer(const ClientConfig& config) override;
  Result<std::unique_ptr<Consumer>> CreateConsumer(const ConsumerOptions& options) override;
  Admin& admin() override;

 private:
  KafkaTransport(std::unique_ptr<WorkerClientSettings> settings, std::unique_ptr<KafkaAdmin> admin);

  std::unique_ptr<WorkerClientSettings> settings_;
  std::unique_ptr<KafkaAdmin> admin_;

  mutable std::mutex cluster_id_mu_;
  mutable std::string cluster_id_;  // guarded by cluster_id_mu_
};

}  // namespace sluice::transport::kafka
