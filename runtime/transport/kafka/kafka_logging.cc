#include "transport/kafka/kafka_logging.h"

#include "common/log.h"

namespace sluice::transport::kafka {
namespace {

// librdkafka uses syslog levels: 0 emergency .. 3 error, 4 warning, 5 notice, 6 info, 7 debug.
log::Level FromSyslogLevel(int level) {
  if (level <= 3) return log::Level::kError;
  if (level == 4) return log::Level::kWarn;
  if (level <= 6) return log::Level::kInfo;
  return log::Level::kDebug;
}

void LogCallback(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
  SLUICE_LOG_AT(FromSyslogLevel(level), kKafkaLogger,
                "[" << (rk != nullptr ? rd_kafka_name(rk) : "rdkafka") << "] " << facility << ": "
                    << message);
}

}  // namespace

void RouteLogsToSluice(rd_kafka_conf_t* conf) {
  rd_kafka_conf_set_log_cb(conf, LogCallback);
}

}  // namespace sluice::transport::kafka
