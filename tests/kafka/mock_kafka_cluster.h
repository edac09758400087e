// A Kafka cluster inside the test process: librdkafka's mock cluster (rdkafka_mock.h), which
// speaks the Kafka protocol on loopback ports, so that real clients (Sluice's Kafka transport,
// kcat, python3-kafka) can connect to bootstrap_servers().
//
//   MockKafkaCluster cluster;             // one broker
//   ASSERT_TRUE(cluster.CreateTopic("orders", 3).ok());
//   worker_config["bootstrap.servers"] = cluster.bootstrap_servers();
//
// What the mock in Debian's librdkafka 2.0.2 does, established by experiment (the Kafka
// transport tests in this folder exercise the supported parts):
//   - Produce, Fetch, ListOffsets (watermarks) and Metadata; the cluster id is
//     "mockCluster<hex>".
//   - The idempotent producer (InitProducerId); a batch the broker rejected (injected errors) is
//     retried and appended once. But the mock does not deduplicate by sequence number: a batch
//     it appended whose acknowledgement the producer missed (request timeout) and sent again is
//     appended twice, where a real broker would drop the copy.
//   - Consumer groups through its own coordinator (FindCoordinator, JoinGroup, SyncGroup,
//     Heartbeat, LeaveGroup) with the eager and the cooperative-sticky assignors, and
//     OffsetCommit/OffsetFetch: commits, committed offsets, and the Admin API's
//     AlterConsumerGroupOffsets and ListConsumerGroupOffsets for named partitions. Asked for a
//     group's offsets on "all partitions" (no topic list) it answers with nothing.
//   - A topic that a producer sends to or a consumer subscribes to is created on first use with
//     4 partitions (the mock ignores allow.auto.create.topics); metadata requests for all
//     topics create nothing.
//   - No CreateTopics or DeleteTopics: its metadata names no controller, so these Admin requests
//     wait for one until the request times out ("Failed while waiting for controller"). Create
//     topics with CreateTopic() below.
//   - A new group's first join is held for 3 s; a later rejoin waits up to the members'
//     session.timeout.ms minus 1 s. Keep session timeouts short in tests.
//   - No ListGroups, DescribeGroups, DeleteGroups or OffsetDelete (the mock has no handler for
//     them). DeleteConsumerGroupOffsets fails with _UNSUPPORTED_FEATURE and librdkafka 2.0.2
//     then aborts the process (librdkafka issue #3663): never call Admin::DeleteGroupOffsets
//     on the mock.
//   - Each partition keeps only about its newest 5 MB (older records silently disappear; 20 MB
//     of 100 kB records left the last 47): keep volumes small or consumers caught up.
//   - Destroying a mock cluster takes librdkafka about a second.
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <initializer_list>
#include <string>

#include "common/status.h"

namespace sluice::testing {

class MockKafkaCluster {
 public:
  // Starts `brokers` brokers (ids 1..brokers) listening on loopback. Aborts the test binary if
  // librdkafka cannot start them: nothing a test could do would help.
  explicit MockKafkaCluster(int brokers = 1);
  ~MockKafkaCluster();
  MockKafkaCluster(const MockKafkaCluster&) = delete;
  MockKafkaCluster& operator=(const MockKafkaCluster&) = delete;

  // "127.0.0.1:port,..." for `bootstrap.servers`.
  std::string bootstrap_servers() const;

  // Creates a topic directly in the mock (which has no CreateTopics API). The replication factor
  // is capped at the number of brokers.
  Status CreateTopic(const std::string& name, int partitions, int replication_factor = 1);

  // The next `errors.size()` requests of type `api_key` (Produce = 0, Fetch = 1, OffsetCommit =
  // 8, ...: Kafka's protocol API keys) fail with these errors, in order. A broker that ever had
  // errors of its own pushed for `api_key` (rd_kafka_mock_broker_push_request_error_rtts) ignores
  // these, even once its own are used up: give such tests a cluster of their own.
  void PushRequestErrors(int16_t api_key, std::initializer_list<rd_kafka_resp_err_t> errors);

  // For everything else rdkafka_mock.h offers (broker down/up, latency, leader changes).
  rd_kafka_mock_cluster_t* raw() { return cluster_; }

 private:
  int brokers_;
  rd_kafka_t* owner_ = nullptr;  // the client handle librdkafka requires to own a mock cluster
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

}  // namespace sluice::testing
