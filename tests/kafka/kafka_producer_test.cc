// The Kafka transport's producer against librdkafka's mock cluster: what goes in comes out,
// every record gets exactly one delivery report, keyed records land where Kafka's Java client
// puts them, and injected broker errors are retried without duplicates.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>

#include "kafka/kafka_test_support.h"

namespace sluice::testing {
namespace {

using transport::RecordHeader;

constexpr int16_t kProduceApiKey = 0;  // Kafka protocol ApiKey of Produce requests

class KafkaProducerTest : public KafkaTransportTest {};

TEST_F(KafkaProducerTest, RoundTripKeepsKeysValuesHeadersAndTimestamps) {
  ASSERT_TRUE(cluster_->CreateTopic("round-trip", 1).ok());
  std::vector<ProducerRecord> sent;
  sent.push_back(Record("round-trip", "k1", "v1"));
  sent.back().headers = {RecordHeader{"trace", "abc"}, RecordHeader{"empty", ""},
                         RecordHeader{"null", std::nullopt}, RecordHeader{"trace", "second"}};
  sent.back().timestamp_ms = 1700000000123;
  sent.push_back(Record("round-trip", std::nullopt, "null key"));
  sent.back().timestamp_ms = 1600000000000;
  sent.push_back(Record("round-trip", "", ""));                   // empty, not null
  sent.push_back(Record("round-trip", "deleted", std::nullopt));  // tombstone
  std::unique_ptr<Producer> producer = NewProducer();
  for (const DeliveryReport& report : ProduceAll(*producer, sent)) {
    ASSERT_TRUE(report.status.ok()) << report.status.ToString();
  }

  std::unique_ptr<Consumer> consumer = NewConsumer("round-trip-reader");
  ASSERT_TRUE(consumer->Subscribe({"round-trip"}).ok());
  std::vector<ConsumedRecord> got = ConsumeAtLeast(*consumer, sent.size());
  ASSERT_EQ(got.size(), sent.size());
  for (size_t i = 0; i < sent.size(); ++i) {
    SCOPED_TRACE("record " + std::to_string(i));
    EXPECT_EQ(got[i].topic, "round-trip");
    EXPECT_EQ(got[i].partition, 0);
    EXPECT_EQ(got[i].offset, static_cast<int64_t>(i));
    EXPECT_EQ(got[i].key, sent[i].key);
    EXPECT_EQ(got[i].value, sent[i].value);
    ASSERT_EQ(got[i].headers.size(), sent[i].headers.size());
    for (size_t h = 0; h < sent[i].headers.size(); ++h) {
      EXPECT_EQ(got[i].headers[h].key, sent[i].headers[h].key);
      EXPECT_EQ(got[i].headers[h].value, sent[i].headers[h].value);
    }
    if (sent[i].timestamp_ms != transport::kNoTimestamp) {
      EXPECT_EQ(got[i].timestamp_ms, sent[i].timestamp_ms);
    } else {
      EXPECT_GT(got[i].timestamp_ms, 1600000000000) << "the send time was not stamped";
    }
  }
}

TEST_F(KafkaProducerTest, EveryRecordGetsExactlyOneDeliveryReport) {
  ASSERT_TRUE(cluster_->CreateTopic("reports", 1).ok());
  constexpr int kRecords = 200;
  std::vector<std::atomic<int>> calls(kRecords);
  std::vector<std::atomic<int64_t>> offsets(kRecords);
  {
    std::unique_ptr<Producer> producer = NewProducer();
    for (int i = 0; i < kRecords; ++i) {
      ASSERT_TRUE(producer
                      ->Send(Record("reports", "k", "v" + std::to_string(i)),
                             [&, i](const DeliveryReport& report) {
                               EXPECT_TRUE(report.status.ok()) << report.status.ToString();
                               EXPECT_EQ(report.partition, 0);
                               offsets[i] = report.offset;
                               ++calls[i];
                             })
                      .ok());
    }
    ASSERT_TRUE(producer->Flush(kPatience).ok());
  }  // destroying the producer must not report anything twice
  std::set<int64_t> distinct;
  for (int i = 0; i < kRecords; ++i) {
    EXPECT_EQ(calls[i], 1) << "record " << i;
    distinct.insert(offsets[i]);
  }
  // One partition, so the offsets are exactly 0..kRecords-1, in send order.
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kRecords));
  EXPECT_EQ(*distinct.begin(), 0);
  EXPECT_EQ(*distinct.rbegin(), kRecords - 1);
  for (int i = 1; i < kRecords; ++i) EXPECT_LT(offsets[i - 1], offsets[i]);
}

TEST_F(KafkaProducerTest, PollWaitsForDeliveryReports) {
  ASSERT_TRUE(cluster_->CreateTopic("polled", 1).ok());
  std::unique_ptr<Producer> producer = NewProducer();
  std::atomic<int> delivered{0};
  ASSERT_TRUE(
      producer->Send(Record("polled", "k", "v"), [&](const DeliveryReport&) { ++delivered; }).ok());
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (delivered == 0 && std::chrono::steady_clock::now() < deadline) {
    producer->Poll(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(delivered, 1);
  producer->Poll(std::chrono::milliseconds(0));  // nothing pending: returns at once
}

// Expected partitions computed with an independent Python port of Kafka's Utils.murmur2 (checked
// against the vectors in Kafka's UtilsTest): toPositive(murmur2(key)) % 7.
TEST_F(KafkaProducerTest, KeyedRecordsLandWhereKafkasJavaClientPutsThem) {
  ASSERT_TRUE(cluster_->CreateTopic("keyed", 7).ok());
  const std::map<std::string, int32_t> expected = {
      {"alpha", 1},   {"bravo", 5}, {"charlie", 4}, {"delta", 6},   {"echo", 0},
      {"foxtrot", 6}, {"golf", 1},  {"hotel", 5},   {"user-42", 1},
  };
  std::vector<ProducerRecord> records;
  for (const auto& [key, partition] : expected) records.push_back(Record("keyed", key, "v"));
  std::unique_ptr<Producer> producer = NewProducer();
  std::vector<DeliveryReport> reports = ProduceAll(*producer, records);
  size_t i = 0;
  for (const auto& [key, partition] : expected) {
    ASSERT_TRUE(reports[i].status.ok()) << reports[i].status.ToString();
    EXPECT_EQ(reports[i].partition, partition) << "key " << key;
    ++i;
  }
}

TEST_F(KafkaProducerTest, ExplicitPartitionWinsOverTheKey) {
  ASSERT_TRUE(cluster_->CreateTopic("explicit", 7).ok());
  std::unique_ptr<Producer> producer = NewProducer();
  // "alpha" hashes to partition 1.
  std::vector<DeliveryReport> reports =
      ProduceAll(*producer, {Record("explicit", "alpha", "v", 3)});
  ASSERT_TRUE(reports[0].status.ok()) << reports[0].status.ToString();
  EXPECT_EQ(reports[0].partition, 3);
}

TEST_F(KafkaProducerTest, RejectedProduceRequestsAreRetriedWithoutDuplicates) {
  MockKafkaCluster own_cluster;  // injected errors stay out of the other tests
  ASSERT_TRUE(own_cluster.CreateTopic("faulty", 1).ok());
  // Pushed onto broker 1's own stack (rather than the cluster's) so that the test can check that
  // every one of them was served.
  constexpr int32_t kBroker = 1;
  ASSERT_EQ(
      rd_kafka_mock_broker_push_request_error_rtts(
          own_cluster.raw(), kBroker, kProduceApiKey, 4, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
          0, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, 0, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, 0,
          RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, 0),
      RD_KAFKA_RESP_ERR_NO_ERROR);
  constexpr int kRecords = 20;
  std::vector<ProducerRecord> records;
  for (int i = 0; i < kRecords; ++i) records.push_back(Record("faulty", "k", std::to_string(i)));
  auto transport = TransportOn(own_cluster);
  auto producer = transport->CreateProducer({});
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  std::vector<DeliveryReport> reports = ProduceAll(**producer, records);
  for (int i = 0; i < kRecords; ++i) {
    ASSERT_TRUE(reports[i].status.ok()) << reports[i].status.ToString();
    EXPECT_EQ(reports[i].offset, i) << "appended once each, in send order";
  }
  auto description = transport->admin().DescribeTopic("faulty");
  ASSERT_TRUE(description.ok()) << description.status().ToString();
  EXPECT_EQ(description->partitions.at(0).end_offset, kRecords) << "duplicates were appended";
  size_t errors_left = 0;
  ASSERT_EQ(rd_kafka_mock_broker_error_stack_cnt(own_cluster.raw(), kBroker, kProduceApiKey,
                                                 &errors_left),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(errors_left, 0u) << "the producer did not meet every injected error";
}

TEST_F(KafkaProducerTest, PermanentBrokerErrorReachesTheDeliveryCallback) {
  MockKafkaCluster own_cluster;  // injected errors stay out of the other tests
  ASSERT_TRUE(own_cluster.CreateTopic("forbidden", 1).ok());
  own_cluster.PushRequestErrors(kProduceApiKey, {RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED});
  auto transport = TransportOn(own_cluster);
  auto producer = transport->CreateProducer({});
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  std::vector<DeliveryReport> reports = ProduceAll(**producer, {Record("forbidden", "k", "v")});
  EXPECT_EQ(reports[0].status.code(), StatusCode::kFailedPrecondition)
      << reports[0].status.ToString();
  EXPECT_NE(reports[0].status.message().find("TOPIC_AUTHORIZATION_FAILED"), std::string::npos)
      << reports[0].status.message();
}

TEST_F(KafkaProducerTest, UndeliverableRecordReportsTheErrorOnce) {
  MockKafkaCluster own_cluster;  // its broker goes down
  ASSERT_TRUE(own_cluster.CreateTopic("unreachable", 1).ok());
  auto transport = TransportOn(own_cluster);
  auto producer = transport->CreateProducer({{"message.timeout.ms", "500"}});
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  ASSERT_EQ(rd_kafka_mock_broker_set_down(own_cluster.raw(), 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  std::atomic<int> calls{0};
  Status outcome;
  ASSERT_TRUE((*producer)
                  ->Send(Record("unreachable", "k", "v"),
                         [&](const DeliveryReport& report) {
                           outcome = report.status;
                           ++calls;
                         })
                  .ok());
  ASSERT_TRUE((*producer)->Flush(kPatience).ok());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(outcome.code(), StatusCode::kTimeout) << outcome.ToString();
  EXPECT_NE(outcome.message().find("unreachable"), std::string::npos) << outcome.message();
}

TEST_F(KafkaProducerTest, FullQueueIsRetriableAndNeverReported) {
  ASSERT_TRUE(cluster_->CreateTopic("full", 1).ok());
  // One record fills the queue; a long linger keeps it queued until Flush.
  std::unique_ptr<Producer> producer =
      NewProducer({{"queue.buffering.max.messages", "1"}, {"linger.ms", "60000"}});
  std::atomic<int> calls{0};
  auto count = [&](const DeliveryReport&) { ++calls; };
  ASSERT_TRUE(producer->Send(Record("full", "k", "first"), count).ok());
  Status second = producer->Send(Record("full", "k", "second"), count);
  EXPECT_EQ(second.code(), StatusCode::kRetriable) << second.ToString();
  ASSERT_TRUE(producer->Flush(kPatience).ok());
  EXPECT_EQ(calls, 1) << "only the queued record is reported";
}

TEST_F(KafkaProducerTest, ConnectorOverridesMustKeepIdempotenceAndAcks) {
  auto weak_acks = transport_->CreateProducer({{"acks", "1"}});
  ASSERT_FALSE(weak_acks.ok());
  EXPECT_EQ(weak_acks.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(weak_acks.status().message().find("connector client override 'acks'"),
            std::string::npos)
      << weak_acks.status().message();
  EXPECT_TRUE(transport_->CreateProducer({{"acks", "-1"}}).ok()) << "-1 is Kafka's spelling of all";
}

}  // namespace
}  // namespace sluice::testing
