#include "config/worker_config.h"

#include <filesystem>

namespace sluice::config {
namespace {

constexpr const char* kJsonConverter = "org.apache.kafka.connect.json.JsonConverter";
constexpr const char* kSimpleHeaderConverter =
    "org.apache.kafka.connect.storage.SimpleHeaderConverter";

ConverterSetting Converter(const StringMap& props, const std::string& key,
                           const std::string& fallback) {
  auto it = props.find(key);
  return {it == props.end() ? fallback : it->second, WithPrefixStripped(props, key + ".")};
}

}  // namespace

StringMap WithPrefixStripped(const StringMap& props, const std::string& prefix) {
  StringMap out;
  for (auto it = props.lower_bound(prefix); it != props.end() && it->first.starts_with(prefix);
       ++it) {
    out[it->first.substr(prefix.size())] = it->second;
  }
  return out;
}

void DefineSelfHealingKeys(ConfigDef& d, bool worker_defaults, const std::string& group) {
  auto value = [&](const char* v) {
    return worker_defaults ? std::optional<std::string>(v) : std::nullopt;
  };
  const std::string unset = worker_defaults ? "" : " Unset: the worker's value.";
  d.Define("task.restart.max.attempts", ConfigType::kInt, value("5"), ConfigValidator::AtLeast(0),
           Importance::kMedium,
           "How many times a failed task is restarted within task.restart.window.ms before it "
           "stays FAILED; 0 leaves it FAILED at once, as Kafka Connect does." +
               unset,
           group, 1, Width::kShort, "Restart attempts");
  d.Define("task.restart.window.ms", ConfigType::kLong, value("600000"),
           ConfigValidator::AtLeast(1), Importance::kLow,
           "The window the restart attempts are counted in." + unset, group, 2, Width::kShort,
           "Restart window");
  d.Define("task.restart.backoff.initial.ms", ConfigType::kLong, value("1000"),
           ConfigValidator::AtLeast(0), Importance::kLow,
           "The wait before the first restart, doubled after each failure." + unset, group, 3,
           Width::kShort, "Initial restart backoff");
  d.Define("task.restart.backoff.max.ms", ConfigType::kLong, value("60000"),
           ConfigValidator::AtLeast(0), Importance::kLow,
           "The longest wait between restarts." + unset, group, 4, Width::kShort,
           "Maximum restart backoff");
  d.Define("task.stuck.threshold.ms", ConfigType::kLong, value("60000"),
           ConfigValidator::AtLeast(0), Importance::kLow,
           "A plugin call (start, poll, put, flush, commit ...) running longer than this shows "
           "the task FAILED with the call named, until it returns; 0 disables the check." +
               unset,
           group, 5, Width::kShort, "Stuck task threshold");
}

const ConfigDef& WorkerConfig::Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define(
        "bootstrap.servers", ConfigType::kList, std::nullopt, {}, Importance::kHigh,
        "Kafka brokers (host:port, comma separated). When unset the worker keeps its topics in "
        "the embedded log under log.dirs.");
    d.Define("listeners", ConfigType::kList, "http://127.0.0.1:8083", {}, Importance::kLow,
             "The REST listener; loopback unless configured otherwise.");
    d.Define("grpc.listeners", ConfigType::kString, "127.0.0.1:18083", {}, Importance::kLow,
             "The gRPC listener (host:port).");
    d.Define(
        "plugin.path", ConfigType::kList, std::nullopt, {}, Importance::kLow,
        "Folders (or .so files) to load connector plugins from; default: plugins/ beside bin/.");
    d.Define("key.converter", ConfigType::kClass, kJsonConverter, {}, Importance::kHigh,
             "Converter class for record keys.");
    d.Define("value.converter", ConfigType::kClass, kJsonConverter, {}, Importance::kHigh,
             "Converter class for record values.");
    d.Define("header.converter", ConfigType::kClass, kSimpleHeaderConverter, {}, Importance::kLow,
             "Converter class for header values.");
    d.Define("offset.storage.file.filename", ConfigType::kString, "connect.offsets",
             ConfigValidator::NonEmptyString(), Importance::kHigh,
             "File where source offsets are kept (written to a temporary file, then renamed).");
    d.Define(
        "config.storage.file.filename", ConfigType::kString, std::nullopt, {}, Importance::kLow,
        "File where connector configs are kept; default: the offsets file name + \".connectors\".");
    d.Define("offset.flush.interval.ms", ConfigType::kLong, "60000", ConfigValidator::AtLeast(1),
             Importance::kLow, "How often source offsets are flushed and sink offsets committed.");
    d.Define("exactly.once.source.support", ConfigType::kString, "disabled",
             ConfigValidator::OneOf({"disabled", "preparing", "enabled"}), Importance::kHigh,
             "enabled: source tasks write their offsets atomically with their records, so a "
             "crash (even SIGKILL) neither repeats nor loses a record. Embedded log only; "
             "preparing means disabled (it exists for Kafka's rolling upgrades).");
    d.Define("offset.flush.timeout.ms", ConfigType::kLong, "5000", ConfigValidator::AtLeast(0),
             Importance::kLow, "How long an offset flush waits for outstanding records.");
    d.Define("task.shutdown.graceful.timeout.ms", ConfigType::kLong, "5000",
             ConfigValidator::AtLeast(0), Importance::kLow,
             "How long a task may take to stop before the worker reports it.");
    DefineSelfHealingKeys(d, true, "Self-healing tasks");
    d.Define("topic.tracking.enable", ConfigType::kBoolean, "true", {}, Importance::kLow,
             "Track the topics each connector uses (GET /connectors/{name}/topics).");
    d.Define("topic.tracking.allow.reset", ConfigType::kBoolean, "true", {}, Importance::kLow,
             "Allow PUT /connectors/{name}/topics/reset.");
    d.Define("rest.advertised.host.name", ConfigType::kString, std::nullopt, {}, Importance::kLow,
             "Host name shown in worker_id.");
    d.Define("rest.advertised.port", ConfigType::kInt, std::nullopt,
             ConfigValidator::Between(0, 65535), Importance::kLow, "Port shown in worker_id.");
    return d;
  }();
  return def;
}

Result<WorkerConfig> WorkerConfig::Parse(const StringMap& props,
                                         const std::string& default_plugin_path) {
  std::string errors;
  int count = 0;
  for (const auto& result : Definition().Validate(props)) {
    for (const auto& e : result.errors) {
      errors += "\n" + e;
      ++count;
    }
  }
  if (count > 0) {
    return Status::InvalidArgument("Worker configuration is invalid and contains the following " +
                                   std::to_string(count) + " error(s):" + errors);
  }
  Config c(Definition(), props);
  WorkerConfig w;
  w.raw = props;
  if (auto servers = c.GetString("bootstrap.servers"); !servers.empty())
    w.bootstrap_servers = servers;
  w.listeners = c.GetString("listeners");
  w.grpc_listeners = c.GetString("grpc.listeners");
  w.plugin_path = c.has("plugin.path") ? c.GetList("plugin.path")
                                       : std::vector<std::string>{default_plugin_path};
  w.key_converter = Converter(props, "key.converter", kJsonConverter);
  w.value_converter = Converter(props, "value.converter", kJsonConverter);
  w.header_converter = Converter(props, "header.converter", kSimpleHeaderConverter);
  w.offset_storage_file = c.GetString("offset.storage.file.filename");
  w.config_storage_file =
      c.GetString("config.storage.file.filename", w.offset_storage_file + ".connectors");
  w.offset_flush_interval_ms = c.GetLong("offset.flush.interval.ms");
  w.offset_flush_timeout_ms = c.GetLong("offset.flush.timeout.ms");
  w.exactly_once_source = c.GetString("exactly.once.source.support") == "enabled";
  if (w.exactly_once_source && w.bootstrap_servers) {
    return Status::InvalidArgument(
        "exactly.once.source.support=enabled needs the embedded log (no bootstrap.servers): "
        "with Kafka, source offsets would have to be written in Kafka transactions, which this "
        "standalone worker does not use (Kafka Connect offers it only in distributed mode)");
  }
  w.task_shutdown_graceful_timeout_ms = c.GetLong("task.shutdown.graceful.timeout.ms");
  w.topic_tracking_enable = c.GetBool("topic.tracking.enable");
  w.topic_tracking_allow_reset = c.GetBool("topic.tracking.allow.reset");
  return w;
}

}  // namespace sluice::config
