#include "transport/kafka/client_settings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>

#include "transport/kafka/kafka_logging.h"

namespace sluice::transport::kafka {
namespace {

constexpr std::string_view kDefaultOrigin = "Sluice default";
constexpr std::string_view kOverrideOrigin = "connector client override";

// Worker keys that carry a client prefix but belong to Kafka Connect's REST server.
bool IsRestServerKey(std::string_view key) {
  return key == "admin.listeners" || key.starts_with("admin.listeners.");
}

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

void Set(ClientSettings& settings, std::string name, std::string value, std::string_view origin) {
  settings[std::move(name)] = ClientSetting{std::move(value), std::string(origin)};
}

void Merge(const ClientSettings& top, ClientSettings& base) {
  for (const auto& [name, setting] : top) base[name] = setting;
}

void Overlay(const ClientConfig& overrides, ClientSettings& settings) {
  for (const auto& [name, value] : overrides) {
    Set(settings, name, value, std::string(kOverrideOrigin) + " '" + name + "'");
  }
}

// Pins `name` to `value`. `accepted` lists every spelling of that value librdkafka understands
// (lower case); a user value outside it contradicts what `reason` explains.
Status Pin(ClientSettings& settings, const std::string& name, std::string_view value,
           std::initializer_list<std::string_view> accepted, std::string_view reason) {
  auto it = settings.find(name);
  if (it != settings.end()) {
    const std::string given = Lowercase(it->second.value);
    if (std::find(accepted.begin(), accepted.end(), given) == accepted.end()) {
      return Status::InvalidArgument(it->second.origin + " sets " + name + "=" + it->second.value +
                                     ", but Sluice requires " + name + "=" + std::string(value) +
                                     ": " + std::string(reason));
    }
  }
  Set(settings, name, std::string(value), "required by Sluice");
  return Status::OK();
}

void SetDefaults(ClientSettings& settings) {
  Set(settings, "client.id", "sluice", kDefaultOrigin);
  // An idle connection closed by the broker is routine, not worth a log line.
  Set(settings, "log.connection.close", "false", kDefaultOrigin);
}

}  // namespace

Result<WorkerClientSettings> ParseWorkerClientSettings(
    const std::map<std::string, std::string>& worker_config) {
  auto bootstrap = worker_config.find("bootstrap.servers");
  if (bootstrap == worker_config.end() || bootstrap->second.empty()) {
    return Status::InvalidArgument(
        "the Kafka transport needs bootstrap.servers in the worker config");
  }
  WorkerClientSettings parsed;
  const std::string bootstrap_origin = "worker config 'bootstrap.servers'";
  for (ClientSettings* client : {&parsed.producer, &parsed.consumer, &parsed.admin}) {
    Set(*client, "bootstrap.servers", bootstrap->second, bootstrap_origin);
  }
  const std::pair<std::string_view, ClientSettings*> prefixes[] = {
      {"producer.", &parsed.producer},
      {"consumer.", &parsed.consumer},
      {"admin.", &parsed.admin},
  };
  for (const auto& [key, value] : worker_config) {
    if (IsRestServerKey(key)) continue;
    for (const auto& [prefix, client] : prefixes) {
      if (key.starts_with(prefix)) {
        Set(*client, key.substr(prefix.size()), value, "worker config '" + key + "'");
      }
    }
  }
  return parsed;
}

Result<ClientSettings> ProducerSettings(const WorkerClientSettings& worker,
                                        const ClientConfig& overrides) {
  ClientSettings settings;
  SetDefaults(settings);
  // Keyed records land on the partition that Kafka's Java producer would pick.
  Set(settings, "partitioner", "murmur2_random", kDefaultOrigin);
  Merge(worker.producer, settings);
  Overlay(overrides, settings);
  SLUICE_RETURN_IF_ERROR(Pin(settings, "enable.idempotence", "true", {"true", "t", "1"},
                             "retried sends must not duplicate records"));
  SLUICE_RETURN_IF_ERROR(
      Pin(settings, "acks", "all", {"all", "-1"},
          "a record counts as delivered only once every in-sync replica has it"));
  return settings;
}

Result<ClientSettings> ConsumerSettings(const WorkerClientSettings& worker,
                                        const ConsumerOptions& options) {
  if (options.group_id.empty()) {
    return Status::InvalidArgument("a Kafka consumer needs a group id");
  }
  const std::string reset = options.auto_offset_reset;
  if (reset != "earliest" && reset != "latest" && reset != "none") {
    return Status::InvalidArgument("auto.offset.reset must be earliest, latest or none, not '" +
                                   reset + "'");
  }
  ClientSettings settings;
  SetDefaults(settings);
  Set(settings, "group.id", options.group_id, "consumer group id");
  Set(settings, "auto.offset.reset", reset, "consumer auto.offset.reset option");
  Merge(worker.consumer, settings);
  Overlay(options.client_config, settings);
  SLUICE_RETURN_IF_ERROR(Pin(settings, "enable.auto.commit", "false", {"false", "f", "0"},
                             "offsets are committed only when the task says they are safe"));
  SLUICE_RETURN_IF_ERROR(Pin(settings, "enable.auto.offset.store", "false", {"false", "f", "0"},
                             "offsets are committed only when the task says they are safe"));
  // Kafka's "none" (fail when there is no committed offset) is librdkafka's "error".
  ClientSetting& effective_reset = settings["auto.offset.reset"];
  if (Lowercase(effective_reset.value) == "none") effective_reset.value = "error";
  return settings;
}

ClientSettings AdminSettings(const WorkerClientSettings& worker) {
  ClientSettings settings;
  SetDefaults(settings);
  // Describing a topic must never create it as a side effect.
  Set(settings, "allow.auto.create.topics", "false", kDefaultOrigin);
  Merge(worker.admin, settings);
  return settings;
}

Result<ConfPtr> BuildConf(const ClientSettings& settings) {
  ConfPtr conf(rd_kafka_conf_new());
  RouteLogsToSluice(conf.get());
  char errstr[512];
  for (const auto& [name, setting] : settings) {
    rd_kafka_conf_res_t res =
        rd_kafka_conf_set(conf.get(), name.c_str(), setting.value.c_str(), errstr, sizeof errstr);
    if (res != RD_KAFKA_CONF_OK) {
      return Status::InvalidArgument("invalid Kafka client setting " + setting.origin + " (" +
                                     name + "=" + setting.value + "): " + errstr);
    }
  }
  return conf;
}

int IntSetting(const ClientSettings& settings, const std::string& name, int fallback) {
  auto it = settings.find(name);
  if (it == settings.end()) return fallback;
  int value = fallback;
  const std::string& text = it->second.value;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : fallback;
}

}  // namespace sluice::transport::kafka
