// The Herder: the control plane of a worker. It owns the connectors' configs and target states,
// starts and stops connectors and tasks, and answers every question the REST and gRPC APIs ask.
// Both APIs are thin translations of these calls; their status codes come from the Status codes
// returned here (kNotFound -> 404, kAlreadyExists -> 409, kInvalidArgument -> 400,
// kFailedPrecondition -> 400/409 as the endpoint documents).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "sluice/config_def.h"

namespace sluice::worker {

using StringMap = std::map<std::string, std::string>;

// What a person asked for; persisted with the config.
enum class TargetState { kStarted, kPaused, kStopped };
// What is actually happening, as Kafka Connect reports it.
enum class State { kUnassigned, kRunning, kPaused, kStopped, kFailed, kRestarting };

const char* TargetStateName(TargetState s);  // "STARTED", "PAUSED", "STOPPED"
const char* StateName(State s);              // "UNASSIGNED", "RUNNING", ...
std::optional<TargetState> ParseInitialState(
    const std::string& s);  // RUNNING|PAUSED|STOPPED, any case

enum class ConnectorType { kSource, kSink, kUnknown };
const char* ConnectorTypeName(ConnectorType t);  // "source", "sink", "unknown"

struct ConnectorInfo {
  std::string name;
  StringMap config;
  std::vector<int> tasks;  // task ids
  ConnectorType type = ConnectorType::kUnknown;
};

struct TaskInfo {
  int id = 0;
  StringMap config;
};

struct StateInfo {
  State state = State::kUnassigned;
  std::string worker_id;
  std::string trace;  // empty unless FAILED (or RESTARTING after a failure)
};

struct TaskStateInfo {
  int id = 0;
  StateInfo status;
};

struct ConnectorStatus {
  std::string name;
  StateInfo connector;
  std::vector<TaskStateInfo> tasks;
  ConnectorType type = ConnectorType::kUnknown;
};

struct PutResult {
  ConnectorInfo info;
  bool created = false;  // 201 rather than 200
};

struct PluginDescription {
  std::string class_name;
  std::string
      type;  // "source", "sink", "converter", "header_converter", "transformation", "predicate"
  std::string version;  // empty: omitted
};

// Kafka's ConfigInfos (PUT /connector-plugins/{plugin}/config/validate).
struct ConfigInfoEntry {
  std::optional<ConfigKey> definition;  // unset for keys that have no definition
  ConfigValueResult value;
};
struct ConfigInfos {
  std::string name;  // the connector class
  int error_count = 0;
  std::vector<std::string> groups;
  std::vector<ConfigInfoEntry> configs;
};

// One source partition or sink topic-partition with its offset (null offset: reset it).
struct OffsetEntry {
  nlohmann::json partition;
  nlohmann::json offset;
};

struct WorkerInfo {
  std::string version;
  std::string commit;
  std::string kafka_cluster_id;
};

struct HealthInfo {
  std::string status;  // "healthy", "starting", "unhealthy"
  std::string message;
};

class Herder {
 public:
  virtual ~Herder() = default;

  virtual WorkerInfo Info() = 0;
  virtual HealthInfo Health() = 0;

  virtual std::vector<std::string> ListConnectors() = 0;
  virtual Result<ConnectorInfo> GetConnector(const std::string& name) = 0;
  virtual Result<StringMap> GetConnectorConfig(const std::string& name) = 0;

  // Creates (allow_replace=false: kAlreadyExists if present) or creates-or-replaces the config.
  // An invalid config is kInvalidArgument with Kafka's message listing every error; nothing is
  // half-created.
  virtual Result<PutResult> PutConnectorConfig(const std::string& name, StringMap config,
                                               bool allow_replace,
                                               std::optional<TargetState> initial_state) = 0;
  // Merges `patch` into the config; a nullopt value deletes the key.
  virtual Result<ConnectorInfo> PatchConnectorConfig(
      const std::string& name, const std::map<std::string, std::optional<std::string>>& patch) = 0;
  virtual Status DeleteConnector(const std::string& name) = 0;

  virtual Result<ConnectorStatus> GetConnectorStatus(const std::string& name) = 0;
  virtual Result<TaskStateInfo> GetTaskStatus(const std::string& name, int task) = 0;
  virtual Result<std::vector<TaskInfo>> GetTaskConfigs(const std::string& name) = 0;

  virtual Status PauseConnector(const std::string& name) = 0;
  virtual Status ResumeConnector(const std::string& name) = 0;
  virtual Status StopConnector(const std::string& name) = 0;
  // Both flags false: restarts the connector instance only and returns nullopt (204). Otherwise
  // returns the status with the instances being restarted shown as RESTARTING (202).
  virtual Result<std::optional<ConnectorStatus>> RestartConnector(const std::string& name,
                                                                  bool include_tasks,
                                                                  bool only_failed) = 0;
  virtual Status RestartTask(const std::string& name, int task) = 0;

  // Offsets: readable any time; alterable only while STOPPED (kFailedPrecondition otherwise).
  virtual Result<std::vector<OffsetEntry>> GetOffsets(const std::string& name) = 0;
  virtual Result<std::string> AlterOffsets(const std::string& name,
                                           const std::vector<OffsetEntry>& offsets) = 0;
  virtual Result<std::string> ResetOffsets(const std::string& name) = 0;

  // Active topic tracking; kFailedPrecondition (403) when disabled.
  virtual Result<std::set<std::string>> GetActiveTopics(const std::string& name) = 0;
  virtual Status ResetActiveTopics(const std::string& name) = 0;

  virtual std::vector<PluginDescription> ListPlugins(bool connectors_only) = 0;
  virtual Result<std::vector<ConfigKey>> GetPluginConfig(const std::string& plugin) = 0;
  virtual Result<ConfigInfos> ValidateConfig(const std::string& plugin,
                                             const StringMap& config) = 0;
};

}  // namespace sluice::worker
