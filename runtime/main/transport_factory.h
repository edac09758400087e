// Picks the transport: Kafka when bootstrap.servers is set, else the embedded log.
#pragma once

#include <memory>

#include "common/status.h"
#include "config/worker_config.h"
#include "transport/transport.h"

namespace sluice {

Result<std::unique_ptr<transport::Transport>> OpenTransport(const config::WorkerConfig& worker);

}  // namespace sluice
