#include "kafka/mock_kafka_cluster.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "transport/kafka/kafka_logging.h"

namespace sluice::testing {
namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "MockKafkaCluster: %s\n", message.c_str());
  std::abort();
}

}  // namespace

MockKafkaCluster::MockKafkaCluster(int brokers) : brokers_(brokers) {
  if (brokers < 1) Die("needs at least one broker, got " + std::to_string(brokers));
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  transport::kafka::RouteLogsToSluice(conf);
  char errstr[512];
  // Warnings and errors only: the owner is never given bootstrap.servers, which it would note.
  if (rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    Die(errstr);
  }
  owner_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (owner_ == nullptr) {
    rd_kafka_conf_destroy(conf);
    Die(std::string("cannot create the owning client: ") + errstr);
  }
  cluster_ = rd_kafka_mock_cluster_new(owner_, brokers);
  if (cluster_ == nullptr) Die("librdkafka could not start the mock cluster");
}

MockKafkaCluster::~MockKafkaCluster() {
  rd_kafka_mock_cluster_destroy(cluster_);
  rd_kafka_destroy(owner_);
}

std::string MockKafkaCluster::bootstrap_servers() const {
  return rd_kafka_mock_cluster_bootstraps(cluster_);
}

Status MockKafkaCluster::CreateTopic(const std::string& name, int partitions,
                                     int replication_factor) {
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions,
                                                       std::min(replication_factor, brokers_));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::InvalidArgument("mock cluster cannot create topic '" + name + "' with " +
                                   std::to_string(partitions) +
                                   " partitions: " + rd_kafka_err2str(err));
  }
  return Status::OK();
}

void MockKafkaCluster::PushRequestErrors(int16_t api_key,
                                         std::initializer_list<rd_kafka_resp_err_t> errors) {
  std::vector<rd_kafka_resp_err_t> list(errors);
  rd_kafka_mock_push_request_errors_array(cluster_, api_key, list.size(), list.data());
}

}  // namespace sluice::testing
