// librdkafka's log lines, routed to Sluice's logger "transport.kafka" instead of stderr, so that
// their level is set like every other logger's (PUT /admin/loggers/transport.kafka).
#pragma once

#include <librdkafka/rdkafka.h>

namespace sluice::transport::kafka {

inline constexpr const char* kKafkaLogger = "transport.kafka";

// Installs the log callback on `conf`. librdkafka calls it from its own threads.
void RouteLogsToSluice(rd_kafka_conf_t* conf);

}  // namespace sluice::transport::kafka
