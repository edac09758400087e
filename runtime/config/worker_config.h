// The worker's own configuration (connect-standalone.properties and friends), Kafka Connect's key
// names wherever Kafka Connect has the concept. Unknown keys are kept in `raw` for the parts that
// read their own (producer.*, consumer.*, admin.*, log.*).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "sluice/config_def.h"

namespace sluice::config {

using StringMap = std::map<std::string, std::string>;

struct ConverterSetting {
  std::string class_name;
  StringMap config;  // the keys under "<prefix>.", prefix stripped
};

struct WorkerConfig {
  StringMap raw;

  // Unset: the embedded log under log.dirs.
  std::optional<std::string> bootstrap_servers;
  std::string listeners;
  std::string grpc_listeners;
  std::vector<std::string> plugin_path;

  ConverterSetting key_converter;
  ConverterSetting value_converter;
  ConverterSetting header_converter;

  std::string offset_storage_file;
  // Connector configs and target states survive restarts in this file, beside the offsets.
  std::string config_storage_file;
  int64_t offset_flush_interval_ms = 60000;
  int64_t offset_flush_timeout_ms = 5000;
  // exactly.once.source.support=enabled: source offsets are journaled with the records.
  bool exactly_once_source = false;
  int64_t task_shutdown_graceful_timeout_ms = 5000;
  bool topic_tracking_enable = true;
  bool topic_tracking_allow_reset = true;
  // host:port shown as worker_id in statuses.
  std::string advertised_worker_id;

  // Parses and validates; every invalid value is reported at once, by key. `default_plugin_path`
  // is used when plugin.path is not set (plugins/ beside the executable's bin/).
  static Result<WorkerConfig> Parse(const StringMap& props, const std::string& default_plugin_path);

  static const ConfigDef& Definition();
};

// The self-healing keys (task.restart.*, task.stuck.threshold.ms), which the worker config sets
// and a connector config may override. With `worker_defaults` they carry their defaults (the
// worker's definition); without, they are unset unless given (a connector's, where unset means
// the worker's value).
void DefineSelfHealingKeys(ConfigDef& definition, bool worker_defaults, const std::string& group);

// Collects the keys below `prefix` ("producer.") with the prefix removed.
StringMap WithPrefixStripped(const StringMap& props, const std::string& prefix);

}  // namespace sluice::config
