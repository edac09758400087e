#include "transport/kafka/kafka_transport.h"

#include <chrono>
#include <utility>

#include "common/log.h"
#include "transport/kafka/client_settings.h"
#include "transport/kafka/kafka_admin.h"
#include "transport/kafka/kafka_consumer.h"
#include "transport/kafka/kafka_logging.h"
#include "transport/kafka/kafka_producer.h"

namespace sluice::transport::kafka {
namespace {

// librdkafka's default socket.timeout.ms: how long one request to a broker may take.
constexpr int kDefaultSocketTimeoutMs = 60000;

std::chrono::milliseconds RequestTimeout(const ClientSettings& settings) {
  return std::chrono::milliseconds(
      IntSetting(settings, "socket.timeout.ms", kDefaultSocketTimeoutMs));
}

}  // namespace

Result<std::unique_ptr<KafkaTransport>> KafkaTransport::Create(
    const std::map<std::string, std::string>& worker_config) {
  SLUICE_ASSIGN_OR_RETURN(WorkerClientSettings parsed, ParseWorkerClientSettings(worker_config));
  auto settings = std::make_unique<WorkerClientSettings>(std::move(parsed));

  // Build (and drop) a producer and a consumer configuration now, so that a bad worker-level
  // setting stops the worker at start rather than its first connector.
  SLUICE_ASSIGN_OR_RETURN(ClientSettings producer, ProducerSettings(*settings, {}));
  SLUICE_RETURN_IF_ERROR(BuildConf(producer).status());
  ConsumerOptions probe;
  probe.group_id = "sluice-config-check";
  SLUICE_ASSIGN_OR_RETURN(ClientSettings consumer, ConsumerSettings(*settings, probe));
  SLUICE_RETURN_IF_ERROR(BuildConf(consumer).status());

  const ClientSettings admin_settings = AdminSettings(*settings);
  SLUICE_ASSIGN_OR_RETURN(ConfPtr admin_conf, BuildConf(admin_settings));
  SLUICE_ASSIGN_OR_RETURN(
      std::unique_ptr<KafkaAdmin> admin,
      KafkaAdmin::Create(std::move(admin_conf), RequestTimeout(admin_settings)));
  SLUICE_LOG_INFO(kKafkaLogger, "Kafka transport using bootstrap.servers="
                                    << worker_config.at("bootstrap.servers") << " (librdkafka "
                                    << rd_kafka_version_str() << ")");
  return std::unique_ptr<KafkaTransport>(new KafkaTransport(std::move(settings), std::move(admin)));
}

KafkaTransport::KafkaTransport(std::unique_ptr<WorkerClientSettings> settings,
                               std::unique_ptr<KafkaAdmin> admin)
    : settings_(std::move(settings)), admin_(std::move(admin)) {}

KafkaTransport::~KafkaTransport() = default;

std::string KafkaTransport::ClusterId() const {
  std::lock_guard<std::mutex> lock(cluster_id_mu_);
  if (cluster_id_.empty()) {
    std::optional<std::string> id = admin_->ClusterId(kClusterIdWait);
    if (id) {
      cluster_id_ = *id;
    } else {
      SLUICE_LOG_WARN(kKafkaLogger, "no Kafka broker answered a cluster id request");
    }
  }
  return cluster_id_;
}

Result<std::unique_ptr<Producer>> KafkaTransport::CreateProducer(const ClientConfig& config) {
  SLUICE_ASSIGN_OR_RETURN(ClientSettings settings, ProducerSettings(*settings_, config));
  SLUICE_ASSIGN_OR_RETURN(ConfPtr conf, BuildConf(settings));
  SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<KafkaProducer> producer,
                          KafkaProducer::Create(std::move(conf)));
  return std::unique_ptr<Producer>(std::move(producer));
}

Result<std::unique_ptr<Consumer>> KafkaTransport::CreateConsumer(const ConsumerOptions& options) {
  SLUICE_ASSIGN_OR_RETURN(ClientSettings settings, ConsumerSettings(*settings_, options));
  SLUICE_ASSIGN_OR_RETURN(ConfPtr conf, BuildConf(settings));
  SLUICE_ASSIGN_OR_RETURN(
      std::unique_ptr<KafkaConsumer> consumer,
      KafkaConsumer::Create(std::move(conf), options.listener, RequestTimeout(settings)));
  return std::unique_ptr<Consumer>(std::move(consumer));
}

Admin& KafkaTransport::admin() {
  return *admin_;
}

}  // namespace sluice::transport::kafka
