#include "main/transport_factory.h"

#include "transport/embedded/embedded_transport.h"
#include "transport/kafka/kafka_transport.h"

namespace sluice {

Result<std::unique_ptr<transport::Transport>> OpenTransport(const config::WorkerConfig& worker) {
  if (worker.bootstrap_servers) {
    SLUICE_ASSIGN_OR_RETURN(auto kafka, transport::kafka::KafkaTransport::Create(worker.raw));
    return std::unique_ptr<transport::Transport>(std::move(kafka));
  }
  SLUICE_ASSIGN_OR_RETURN(auto embedded, embedded::EmbeddedTransport::Open(worker.raw));
  return std::unique_ptr<transport::Transport>(std::move(embedded));
}

}  // namespace sluice
