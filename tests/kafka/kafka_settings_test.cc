// How the Kafka transport turns worker and connector settings into librdkafka configuration, and
// librdkafka errors into Status. Needs no cluster: nothing here connects.
#include <gtest/gtest.h>

#include "transport/kafka/client_settings.h"
#include "transport/kafka/kafka_error.h"
#include "transport/kafka/kafka_transport.h"

namespace sluice::transport::kafka {
namespace {

// Nothing listens there, and nothing in these tests connects.
const std::map<std::string, std::string> kWorker = {{"bootstrap.servers", "127.0.0.1:1"}};

std::map<std::string, std::string> WorkerWith(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> config = kWorker;
  config.insert(extra.begin(), extra.end());
  return config;
}

void ExpectMentions(const Status& status, const std::string& text) {
  EXPECT_NE(status.message().find(text), std::string::npos)
      << "'" << status.message() << "' should mention '" << text << "'";
}

TEST(KafkaClientSettingsTest, BootstrapServersIsRequired) {
  auto transport = KafkaTransport::Create({{"producer.linger.ms", "5"}});
  EXPECT_EQ(transport.status().code(), StatusCode::kInvalidArgument);
  ExpectMentions(transport.status(), "bootstrap.servers");
}

TEST(KafkaClientSettingsTest, UnknownWorkerPropertyIsNamedByItsKey) {
  auto transport = KafkaTransport::Create(WorkerWith({{"consumer.max.poll.records", "500"}}));
  EXPECT_EQ(transport.status().code(), StatusCode::kInvalidArgument);
  ExpectMentions(transport.status(), "worker config 'consumer.max.poll.records'");
  ExpectMentions(transport.status(), "No such configuration property");
}

TEST(KafkaClientSettingsTest, InvalidWorkerValueIsNamedByItsKey) {
  auto transport = KafkaTransport::Create(WorkerWith({{"producer.linger.ms", "soon"}}));
  EXPECT_EQ(transport.status().code(), StatusCode::kInvalidArgument);
  ExpectMentions(transport.status(), "worker config 'producer.linger.ms'");
  ExpectMentions(transport.status(), "soon");
}

TEST(KafkaClientSettingsTest, UnknownConnectorOverrideIsNamedByItsKey) {
  auto transport = KafkaTransport::Create(kWorker);
  ASSERT_TRUE(transport.ok()) << transport.status().ToString();
  auto producer = (*transport)->CreateProducer({{"bogus.setting", "1"}});
  EXPECT_EQ(producer.status().code(), StatusCode::kInvalidArgument);
  ExpectMentions(producer.status(), "connector client override 'bogus.setting'");

  ConsumerOptions options;
  options.group_id = "g";
  options.client_config = {{"fetch.min.bytes", "-3"}};
  auto consumer = (*transport)->CreateConsumer(options);
  EXPECT_EQ(consumer.status().code(), StatusCode::kInvalidArgument);
  ExpectMentions(consumer.status(), "connector client override 'fetch.min.bytes'");
}

TEST(KafkaClientSettingsTest, KafkaConnectRestKeysAreNotClientSettings) {
  auto transport = KafkaTransport::Create(WorkerWith({
      {"admin.listeners", "http://127.0.0.1:8084"},
      {"admin.listeners.https.ssl.keystore.location", "/etc/keystore"},
      {"listeners", "http://:8083"},
      {"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
  }));
  EXPECT_TRUE(transport.ok()) << transport.status().ToString();
}

TEST(KafkaClientSettingsTest, LaterLayersWin) {
  auto worker = ParseWorkerClientSettings(
      WorkerWith({{"producer.linger.ms", "5"}, {"producer.partitioner", "consistent_random"}}));
  ASSERT_TRUE(worker.ok()) << worker.status().ToString();
  auto settings = ProducerSettings(*worker, {{"linger.ms", "50"}});
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->at("linger.ms").value, "50") << "connector override over worker";
  EXPECT_EQ(settings->at("linger.ms").origin, "connector client override 'linger.ms'");
  EXPECT_EQ(settings->at("partitioner").value, "consistent_random") << "worker over default";
  EXPECT_EQ(settings->at("bootstrap.servers").value, "127.0.0.1:1");

  auto defaults = ProducerSettings(*ParseWorkerClientSettings(kWorker), {});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->at("partitioner").value, "murmur2_random") << "Java-compatible by default";
  EXPECT_EQ(defaults->at("enable.idempotence").value, "true");
  EXPECT_EQ(defaults->at("acks").value, "all");
}

TEST(KafkaClientSettingsTest, DeliveryGuaranteesCannotBeSwitchedOff) {
  auto no_idempotence =
      KafkaTransport::Create(WorkerWith({{"producer.enable.idempotence", "false"}}));
  EXPECT_EQ(no_idempotence.status().code(), StatusCode::kInvalidArgument);
  ExpectMentions(no_idempotence.status(), "worker config 'producer.enable.idempotence'");

  auto worker = ParseWorkerClientSettings(kWorker);
  ASSERT_TRUE(worker.ok());
  ConsumerOptions options;
  options.group_id = "g";
  options.client_config = {{"enable.auto.commit", "true"}};
  auto auto_commit = ConsumerSettings(*worker, options);
  EXPECT_EQ(auto_commit.status().code(), StatusCode::kInvalidArgument);
  ExpectMentions(auto_commit.status(), "connector client override 'enable.auto.commit'");

  // The same guarantee in other spellings is fine.
  options.client_config = {{"enable.auto.commit", "FALSE"}, {"enable.auto.offset.store", "0"}};
  EXPECT_TRUE(ConsumerSettings(*worker, options).ok());
  EXPECT_TRUE(ProducerSettings(*worker, {{"acks", "-1"}, {"enable.idempotence", "1"}}).ok());
}

TEST(KafkaClientSettingsTest, ConsumerTakesItsGroupAndResetPolicyFromTheOptions) {
  auto worker = ParseWorkerClientSettings(kWorker);
  ASSERT_TRUE(worker.ok());
  ConsumerOptions options;
  options.group_id = "connect-sink";
  options.auto_offset_reset = "none";
  auto settings = ConsumerSettings(*worker, options);
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->at("group.id").value, "connect-sink");
  EXPECT_EQ(settings->at("auto.offset.reset").value, "error") << "librdkafka's name for none";
  EXPECT_EQ(settings->at("enable.auto.commit").value, "false");
  EXPECT_EQ(settings->at("enable.auto.offset.store").value, "false");

  // As in Kafka Connect, the worker's consumer.* keys override what the worker code chose.
  auto latest = ParseWorkerClientSettings(WorkerWith({{"consumer.auto.offset.reset", "latest"}}));
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(ConsumerSettings(*latest, options)->at("auto.offset.reset").value, "latest");

  options.auto_offset_reset = "sometimes";
  EXPECT_EQ(ConsumerSettings(*worker, options).status().code(), StatusCode::kInvalidArgument);
  options.auto_offset_reset = "earliest";
  options.group_id = "";
  EXPECT_EQ(ConsumerSettings(*worker, options).status().code(), StatusCode::kInvalidArgument);
}

TEST(KafkaClientSettingsTest, BuiltConfigurationCarriesTheSettings) {
  ClientSettings settings = {{"client.id", {"sluice-test", "test"}}, {"linger.ms", {"7", "test"}}};
  auto conf = BuildConf(settings);
  ASSERT_TRUE(conf.ok()) << conf.status().ToString();
  char value[64];
  size_t size = sizeof value;
  ASSERT_EQ(rd_kafka_conf_get(conf->get(), "linger.ms", value, &size), RD_KAFKA_CONF_OK);
  EXPECT_STREQ(value, "7");
  EXPECT_EQ(IntSetting(settings, "linger.ms", 0), 7);
  EXPECT_EQ(IntSetting(settings, "socket.timeout.ms", 60000), 60000) << "unset: the fallback";
}

TEST(KafkaErrorTest, CodesSayWhatTheCallerShouldDo) {
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR_NO_ERROR), StatusCode::kOk);
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR__QUEUE_FULL), StatusCode::kRetriable);
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION), StatusCode::kRetriable);
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR__TRANSPORT), StatusCode::kUnavailable);
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT), StatusCode::kTimeout);
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS), StatusCode::kAlreadyExists);
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART), StatusCode::kNotFound);
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR_INVALID_PARTITIONS), StatusCode::kInvalidArgument);
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR_GROUP_SUBSCRIBED_TO_TOPIC),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR__PURGE_QUEUE), StatusCode::kCancelled);
  EXPECT_EQ(KafkaErrorCode(RD_KAFKA_RESP_ERR_UNKNOWN), StatusCode::kInternal);
}

TEST(KafkaErrorTest, MessageNamesTheContextAndTheError) {
  EXPECT_TRUE(KafkaErrorStatus(RD_KAFKA_RESP_ERR_NO_ERROR, "anything").ok());
  Status status = KafkaErrorStatus(RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, "committing offsets");
  EXPECT_EQ(status.message(),
            "committing offsets: REBALANCE_IN_PROGRESS: Broker: Group rebalance in progress");
}

}  // namespace
}  // namespace sluice::transport::kafka
