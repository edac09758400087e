// The JSON shapes of Kafka Connect's REST entities, one function per entity, so that every API
// (REST, gRPC's JSON fields, sluicectl's output) renders them alike.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/log.h"
#include "sluice/config_def.h"
#include "worker/herder.h"

namespace sluice::rest {

// {"version": ..., "commit": ..., "kafka_cluster_id": ...}
nlohmann::json ToJson(const worker::WorkerInfo& info);
// {"status": "healthy", "message": ...}
nlohmann::json ToJson(const worker::HealthInfo& health);
// {"name", "config", "tasks": [{"connector": name, "task": 0}], "type": "source"}
nlohmann::json ToJson(const worker::ConnectorInfo& info);
// {"state": "RUNNING", "worker_id": "host:8083"}, plus "trace" when there is one.
nlohmann::json ToJson(const worker::StateInfo& state);
// {"id": 0, "state": ..., "worker_id": ...}, plus "trace" when there is one.
nlohmann::json ToJson(const worker::TaskStateInfo& task);
// {"name", "connector": <state>, "tasks": [<task state>], "type"}
nlohmann::json ToJson(const worker::ConnectorStatus& status);
// GET /connectors/{name}/tasks: [{"id": {"connector": name, "task": 0}, "config": {...}}]
nlohmann::json TaskInfosToJson(const std::string& connector,
                               const std::vector<worker::TaskInfo>& tasks);
// GET /connectors/{name}/tasks-config (deprecated): {"name-0": {...}, "name-1": {...}}
nlohmann::json TasksConfigToJson(const std::string& connector,
                                 const std::vector<worker::TaskInfo>& tasks);
// {"class", "type", "version"}; "version" is left out when unknown.
nlohmann::json ToJson(const worker::PluginDescription& plugin);
// Kafka's ConfigKeyInfo: {"name", "type", "required", "default_value", "importance",
// "documentation", "group", "width", "display_name", "dependents", "order"}.
nlohmann::json ToJson(const ConfigKey& key);
// Kafka's ConfigValueInfo: {"name", "value", "recommended_values", "errors", "visible"}; the value
// of a PASSWORD key is "[hidden]".
nlohmann::json ToJson(const ConfigValueResult& value, const ConfigKey* definition);
// Kafka's ConfigInfos: {"name", "error_count", "groups", "configs": [{"definition": <key or
// null>, "value": <value>}]}.
nlohmann::json ToJson(const worker::ConfigInfos& infos);
// {"offsets": [{"partition": {...}, "offset": {...}}]}
nlohmann::json OffsetsToJson(const std::vector<worker::OffsetEntry>& offsets);
// {"<connector>": {"topics": [...]}}
nlohmann::json ActiveTopicsToJson(const std::string& connector,
                                  const std::set<std::string>& topics);
// {"level": "INFO", "last_modified": <epoch ms or null>}
nlohmann::json ToJson(const log::LoggerLevel& level);
// {"<logger>": {"level", "last_modified"}, ...}
nlohmann::json LoggerLevelsToJson(const std::map<std::string, log::LoggerLevel>& levels);
// Kafka's Message entity: {"message": ...}
nlohmann::json MessageToJson(const std::string& message);

// The placeholder Kafka Connect shows instead of a password.
inline constexpr const char* kHiddenPassword = "[hidden]";

}  // namespace sluice::rest
