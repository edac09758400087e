#include "rest/json_entities.h"

namespace sluice::rest {
namespace {

nlohmann::json OptionalString(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json();
}

void AddState(nlohmann::json& out, const worker::StateInfo& state) {
  out["state"] = worker::StateName(state.state);
  out["worker_id"] = state.worker_id;
  if (!state.trace.empty()) out["trace"] = state.trace;
}

}  // namespace

nlohmann::json ToJson(const worker::WorkerInfo& info) {
  return {{"version", info.version},
          {"commit", info.commit},
          {"kafka_cluster_id", info.kafka_cluster_id}};
}

nlohmann::json ToJson(const worker::HealthInfo& health) {
  return {{"status", health.status}, {"message", health.message}};
}

nlohmann::json ToJson(const worker::ConnectorInfo& info) {
  nlohmann::json tasks = nlohmann::json::array();
  for (int id : info.tasks) tasks.push_back({{"connector", info.name}, {"task", id}});
  return {{"name", info.name},
          {"config", info.config},
          {"tasks", std::move(tasks)},
          {"type", worker::ConnectorTypeName(info.type)}};
}

nlohmann::json ToJson(const worker::StateInfo& state) {
  nlohmann::json out = nlohmann::json::object();
  AddState(out, state);
  return out;
}

nlohmann::json ToJson(const worker::TaskStateInfo& task) {
  nlohmann::json out = {{"id", task.id}};
  AddState(out, task.status);
  return out;
}

nlohmann::json ToJson(const worker::ConnectorStatus& status) {
  nlohmann::json tasks = nlohmann::json::array();
  for (const auto& task : status.tasks) tasks.push_back(ToJson(task));
  return {{"name", status.name},
          {"connector", ToJson(status.connector)},
          {"tasks", std::move(tasks)},
          {"type", worker::ConnectorTypeName(status.type)}};
}

nlohmann::json TaskInfosToJson(const std::string& connector,
                               const std::vector<worker::TaskInfo>& tasks) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& task : tasks) {
    out.push_back({{"id", {{"connector", connector}, {"task", task.id}}}, {"config", task.config}});
  }
  return out;
}

nlohmann::json TasksConfigToJson(const std::string& connector,
                                 const std::vector<worker::TaskInfo>& tasks) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& task : tasks) out[connector + "-" + std::to_string(task.id)] = task.config;
  return out;
}

nlohmann::json ToJson(const worker::PluginDescription& plugin) {
  nlohmann::json out = {{"class", plugin.class_name}, {"type", plugin.type}};
  if (!plugin.version.empty()) out["version"] = plugin.version;
  return out;
}

nlohmann::json ToJson(const ConfigKey& key) {
  nlohmann::json default_value;  // null for a required key, or a null default
  if (key.has_default && key.default_value) {
    default_value = key.type == ConfigType::kPassword ? kHiddenPassword : *key.default_value;
  }
  return {{"name", key.name},
          {"type", ConfigTypeName(key.type)},
          {"required", !key.has_default},
          {"default_value", std::move(default_value)},
          {"importance", ImportanceName(key.importance)},
          {"documentation", key.documentation},
          {"group", OptionalString(key.group)},
          {"width", WidthName(key.width)},
          {"display_name", key.display_name.empty() ? key.name : key.display_name},
          {"dependents", nlohmann::json::array()},
          // Kafka's order_in_group, serialised under this name.
          {"order", key.order}};
}

nlohmann::json ToJson(const ConfigValueResult& value, const ConfigKey* definition) {
  nlohmann::json shown = OptionalString(value.value);
  if (value.value && definition != nullptr && definition->type == ConfigType::kPassword) {
    shown = kHiddenPassword;
  }
  return {{"name", value.name},
          {"value", std::move(shown)},
          {"recommended_values", value.recommended_values},
          {"errors", value.errors},
          {"visible", value.visible}};
}

nlohmann::json ToJson(const worker::ConfigInfos& infos) {
  nlohmann::json configs = nlohmann::json::array();
  for (const auto& entry : infos.configs) {
    const ConfigKey* definition = entry.definition ? &*entry.definition : nullptr;
    configs.push_back(
        {{"definition", definition != nullptr ? ToJson(*definition) : nlohmann::json()},
         {"value", ToJson(entry.value, definition)}});
  }
  return {{"name", infos.name},
          {"error_count", infos.error_count},
          {"groups", infos.groups},
          {"configs", std::move(configs)}};
}

nlohmann::json OffsetsToJson(const std::vector<worker::OffsetEntry>& offsets) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& entry : offsets) {
    list.push_back({{"partition", entry.partition}, {"offset", entry.offset}});
  }
  return {{"offsets", std::move(list)}};
}

nlohmann::json ActiveTopicsToJson(const std::string& connector,
                                  const std::set<std::string>& topics) {
  return {{connector, {{"topics", topics}}}};
}

nlohmann::json ToJson(const log::LoggerLevel& level) {
  return {{"level", log::LevelName(level.level)},
          {"last_modified",
           level.last_modified_ms ? nlohmann::json(*level.last_modified_ms) : nlohmann::json()}};
}

nlohmann::json LoggerLevelsToJson(const std::map<std::string, log::LoggerLevel>& levels) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, level] : levels) out[name] = ToJson(level);
  return out;
}

nlohmann::json MessageToJson(const std::string& message) {
  return {{"message", message}};
}

}  // namespace sluice::rest
