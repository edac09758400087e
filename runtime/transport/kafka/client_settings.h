// Decides the librdkafka configuration of each Kafka client that the transport creates.
//
// Layers, later ones winning, as Kafka Connect's Worker builds its clients:
//   1. Sluice's defaults (Java-compatible partitioner, quiet connection-close logs, ...);
//   2. for consumers, the group id and auto.offset.reset the caller asked for;
//   3. the worker's `bootstrap.servers` and its `producer.*` / `consumer.*` / `admin.*` keys,
//      prefix stripped;
//   4. the connector's `producer.override.*` / `consumer.override.*` keys (prefix stripped by
//      the caller).
// Then the settings that Sluice's delivery guarantees rest on are pinned (idempotent producer
// with acks=all; no automatic offset commits); a user value that contradicts one is an error
// rather than being silently replaced.
#pragma once

#include <librdkafka/rdkafka.h>

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"
#include "transport/kafka/rdkafka_handles.h"
#include "transport/transport.h"

namespace sluice::transport::kafka {

// One librdkafka property value and where it came from, so that an error names the key as the
// user wrote it (e.g. "worker config 'consumer.max.poll.records'").
struct ClientSetting {
  std::string value;
  std::string origin;
};

// librdkafka property name -> setting.
using ClientSettings = std::map<std::string, ClientSetting>;

// The worker-level part (layer 3) of each client's settings.
struct WorkerClientSettings {
  ClientSettings producer;
  ClientSettings consumer;
  ClientSettings admin;
};

// Picks `bootstrap.servers` (required) and the prefixed client keys out of a worker config; all
// other worker keys (converters, REST listeners, ...) are not client settings and are ignored.
Result<WorkerClientSettings> ParseWorkerClientSettings(
    const std::map<std::string, std::string>& worker_config);

Result<ClientSettings> ProducerSettings(const WorkerClientSettings& worker,
                                        const ClientConfig& overrides);
Result<ClientSettings> ConsumerSettings(const WorkerClientSettings& worker,
                                        const ConsumerOptions& options);
ClientSettings AdminSettings(const WorkerClientSettings& worker);

// Builds a librdkafka configuration whose logs go to Sluice's "transport.kafka" logger. Unknown
// properties and invalid values are reported by key and origin, with librdkafka's explanation.
Result<ConfPtr> BuildConf(const ClientSettings& settings);

// The integer value of `name` in `settings`, else `fallback`. For timeouts that the transport
// itself waits on (socket.timeout.ms); BuildConf has already validated the value.
int IntSetting(const ClientSettings& settings, const std::string& name, int fallback);

}  // namespace sluice::transport::kafka
