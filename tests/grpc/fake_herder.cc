#include "fake_herder.h"

#include <algorithm>

#include "sluice/config_def.h"

namespace sluice::testing {
namespace {

constexpr const char* kWorkerId = "127.0.0.1:8083";

ConfigDef ConnectorDef(const std::string& plugin) {
  ConfigDef def;
  def.Define("tasks.max", ConfigType::kInt, "1", ConfigValidator::AtLeast(1), Importance::kHigh,
             "Maximum number of tasks to use for this connector.", "Common", 1, Width::kShort,
             "Tasks max");
  if (plugin == FakeHerder::kSourceClass) {
    def.DefineRequired("file", ConfigType::kString, ConfigValidator::NonEmptyString(),
                       Importance::kHigh, "The file to read");
    def.DefineRequired("topic", ConfigType::kString, {}, Importance::kHigh,
                       "The topic to publish data to");
  } else {
    def.DefineRequired("file", ConfigType::kString, ConfigValidator::NonEmptyString(),
                       Importance::kHigh, "The file to write");
    def.DefineRequired("topics", ConfigType::kList, {}, Importance::kHigh, "The topics to read");
  }
  return def;
}

bool IsConnectorClass(const std::string& plugin) {
  return plugin == FakeHerder::kSourceClass || plugin == FakeHerder::kSinkClass;
}

worker::ConfigInfos Validate(const std::string& plugin, const worker::StringMap& config) {
  worker::ConfigInfos infos;
  infos.name = plugin;
  infos.groups = {"Common"};
  const ConfigDef def = ConnectorDef(plugin);
  for (const ConfigKey& key : def.keys()) {
    worker::ConfigInfoEntry entry;
    entry.definition = key;
    entry.value.name = key.name;
    auto given = config.find(key.name);
    std::optional<std::string> value =
        given != config.end() ? std::optional(given->second) : key.default_value;
    entry.value.value = value;
    entry.value.errors = ConfigDef::ValidateValue(
        key, given != config.end() ? std::optional(given->second) : std::nullopt);
    infos.error_count += static_cast<int>(entry.value.errors.size());
    infos.configs.push_back(std::move(entry));
  }
  return infos;
}

}  // namespace

void FakeHerder::FailTask(const std::string& connector, int task, const std::string& trace) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& state = connectors_.at(connector).tasks.at(task);
  state.state = worker::State::kFailed;
  state.trace = trace;
}

void FakeHerder::SetOffsets(const std::string& connector,
                            std::vector<worker::OffsetEntry> offsets) {
  std::lock_guard<std::mutex> lock(mutex_);
  connectors_.at(connector).offsets = std::move(offsets);
}

std::vector<worker::OffsetEntry> FakeHerder::Offsets(const std::string& connector) {
  std::lock_guard<std::mutex> lock(mutex_);
  return connectors_.at(connector).offsets;
}

void FakeHerder::SetActiveTopics(const std::string& connector, std::set<std::string> topics) {
  std::lock_guard<std::mutex> lock(mutex_);
  connectors_.at(connector).active_topics = std::move(topics);
}

void FakeHerder::FailAllCalls(Status status) {
  std::lock_guard<std::mutex> lock(mutex_);
  forced_failure_ = std::move(status);
}

std::optional<worker::TargetState> FakeHerder::last_initial_state() {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_initial_state_;
}

Result<FakeHerder::Connector*> FakeHerder::Find(const std::string& name) {
  if (forced_failure_) return *forced_failure_;
  auto found = connectors_.find(name);
  if (found == connectors_.end()) return Status::NotFound("Connector " + name + " not found");
  return &found->second;
}

worker::ConnectorInfo FakeHerder::InfoOf(const std::string& name,
                                         const Connector& connector) const {
  worker::ConnectorInfo info;
  info.name = name;
  info.config = connector.config;
  for (const auto& [id, state] : connector.tasks) info.tasks.push_back(id);
  info.type = connector.config.at("connector.class") == kSinkClass ? worker::ConnectorType::kSink
                                                                   : worker::ConnectorType::kSource;
  return info;
}

worker::ConnectorStatus FakeHerder::StatusOf(const std::string& name,
                                             const Connector& connector) const {
  worker::ConnectorStatus status;
  status.name = name;
  status.type = InfoOf(name, connector).type;
  status.connector.worker_id = kWorkerId;
  switch (connector.target) {
    case worker::TargetState::kStarted:
      status.connector.state = worker::State::kRunning;
      break;
    case worker::TargetState::kPaused:
      status.connector.state = worker::State::kPaused;
      break;
    case worker::TargetState::kStopped:
      status.connector.state = worker::State::kStopped;
      break;
  }
  for (const auto& [id, state] : connector.tasks) status.tasks.push_back({id, state});
  return status;
}

void FakeHerder::StartTasks(Connector& connector) {
  connector.tasks.clear();
  if (connector.target == worker::TargetState::kStopped) return;
  const int count =
      std::stoi(connector.config.count("tasks.max") ? connector.config["tasks.max"] : "1");
  const worker::State state = connector.target == worker::TargetState::kPaused
                                  ? worker::State::kPaused
                                  : worker::State::kRunning;
  for (int id = 0; id < count; ++id) connector.tasks[id] = {state, kWorkerId, ""};
}

worker::WorkerInfo FakeHerder::Info() {
  return {"0.1.0-test", "0123456789ab", "fake-cluster"};
}

worker::HealthInfo FakeHerder::Health() {
  return {"healthy", "Worker has completed startup and is ready to handle requests."};
}

std::vector<std::string> FakeHerder::ListConnectors() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [name, connector] : connectors_) names.push_back(name);
  // Unsorted on purpose: the API sorts.
  std::reverse(names.begin(), names.end());
  return names;
}

Result<worker::ConnectorInfo> FakeHerder::GetConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  return InfoOf(name, *connector);
}

Result<worker::StringMap> FakeHerder::GetConnectorConfig(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  return connector->config;
}

Result<worker::PutResult> FakeHerder::PutConnectorConfig(
    const std::string& name, worker::StringMap config, bool allow_replace,
    std::optional<worker::TargetState> initial_state) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (forced_failure_) return *forced_failure_;
  const bool exists = connectors_.count(name) > 0;
  if (exists && !allow_replace) {
    return Status::AlreadyExists("Connector " + name + " already exists");
  }
  auto plugin = config.find("connector.class");
  if (plugin == config.end() || !IsConnectorClass(plugin->second)) {
    return Status::InvalidArgument("Connector config contains no known connector type");
  }
  const worker::ConfigInfos infos = Validate(plugin->second, config);
  if (infos.error_count > 0) {
    std::string message = "Connector configuration is invalid and contains the following " +
                          std::to_string(infos.error_count) + " error(s):";
    for (const auto& entry : infos.configs) {
      for (const auto& error : entry.value.errors) message += "\n" + error;
    }
    return Status::InvalidArgument(message);
  }
  last_initial_state_ = initial_state;
  Connector& connector = connectors_[name];
  connector.config = std::move(config);
  if (!exists) connector.target = initial_state.value_or(worker::TargetState::kStarted);
  StartTasks(connector);
  return worker::PutResult{InfoOf(name, connector), !exists};
}

Result<worker::ConnectorInfo> FakeHerder::PatchConnectorConfig(
    const std::string& name, const std::map<std::string, std::optional<std::string>>& patch) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  for (const auto& [key, value] : patch) {
    if (value) {
      connector->config[key] = *value;
    } else {
      connector->config.erase(key);
    }
  }
  return InfoOf(name, *connector);
}

Status FakeHerder::DeleteConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  (void)connector;
  connectors_.erase(name);
  return Status::OK();
}

Result<worker::ConnectorStatus> FakeHerder::GetConnectorStatus(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  return StatusOf(name, *connector);
}

Result<worker::TaskStateInfo> FakeHerder::GetTaskStatus(const std::string& name, int task) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  auto found = connector->tasks.find(task);
  if (found == connector->tasks.end()) {
    return Status::NotFound("No status found for task " + name + "-" + std::to_string(task));
  }
  return worker::TaskStateInfo{task, found->second};
}

Result<std::vector<worker::TaskInfo>> FakeHerder::GetTaskConfigs(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  std::vector<worker::TaskInfo> tasks;
  for (const auto& [id, state] : connector->tasks) {
    worker::TaskInfo task{id, connector->config};
    task.config["task.id"] = std::to_string(id);
    tasks.push_back(std::move(task));
  }
  return tasks;
}

Status FakeHerder::PauseConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  connector->target = worker::TargetState::kPaused;
  StartTasks(*connector);
  return Status::OK();
}

Status FakeHerder::ResumeConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  connector->target = worker::TargetState::kStarted;
  StartTasks(*connector);
  return Status::OK();
}

Status FakeHerder::StopConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  connector->target = worker::TargetState::kStopped;
  StartTasks(*connector);
  return Status::OK();
}

Result<std::optional<worker::ConnectorStatus>> FakeHerder::RestartConnector(const std::string& name,
                                                                            bool include_tasks,
                                                                            bool only_failed) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  if (!include_tasks && !only_failed) return std::optional<worker::ConnectorStatus>();
  worker::ConnectorStatus status = StatusOf(name, *connector);
  if (!only_failed || status.connector.state == worker::State::kFailed) {
    status.connector.state = worker::State::kRestarting;
  }
  for (auto& task : status.tasks) {
    const bool failed = task.status.state == worker::State::kFailed;
    if (include_tasks && (!only_failed || failed)) task.status.state = worker::State::kRestarting;
  }
  return std::optional(status);
}

Status FakeHerder::RestartTask(const std::string& name, int task) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  auto found = connector->tasks.find(task);
  if (found == connector->tasks.end()) {
    return Status::NotFound("Task " + name + "-" + std::to_string(task) + " not found");
  }
  found->second = {worker::State::kRunning, kWorkerId, ""};
  return Status::OK();
}

Result<std::vector<worker::OffsetEntry>> FakeHerder::GetOffsets(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  return connector->offsets;
}

Result<std::string> FakeHerder::AlterOffsets(const std::string& name,
                                             const std::vector<worker::OffsetEntry>& offsets) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  if (connector->target != worker::TargetState::kStopped) {
    return Status::FailedPrecondition(
        "Connectors must be in the STOPPED state before their offsets can be modified.");
  }
  for (const auto& entry : offsets) {
    auto same_partition = [&](const worker::OffsetEntry& e) {
      return e.partition == entry.partition;
    };
    auto& stored = connector->offsets;
    stored.erase(std::remove_if(stored.begin(), stored.end(), same_partition), stored.end());
    if (!entry.offset.is_null()) stored.push_back(entry);
  }
  return std::string("The offsets for this connector have been altered successfully");
}

Result<std::string> FakeHerder::ResetOffsets(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  if (connector->target != worker::TargetState::kStopped) {
    return Status::FailedPrecondition(
        "Connectors must be in the STOPPED state before their offsets can be modified.");
  }
  connector->offsets.clear();
  return std::string("The offsets for this connector have been reset successfully");
}

Result<std::set<std::string>> FakeHerder::GetActiveTopics(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  if (!topic_tracking_) return Status::FailedPrecondition("Topic tracking is disabled.");
  return connector->active_topics;
}

Status FakeHerder::ResetActiveTopics(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  SLUICE_ASSIGN_OR_RETURN(Connector * connector, Find(name));
  if (!topic_tracking_) return Status::FailedPrecondition("Topic tracking is disabled.");
  connector->active_topics.clear();
  return Status::OK();
}

std::vector<worker::PluginDescription> FakeHerder::ListPlugins(bool connectors_only) {
  std::vector<worker::PluginDescription> plugins = {{kSinkClass, "sink", "1.0"},
                                                    {kSourceClass, "source", "1.0"}};
  if (!connectors_only) plugins.push_back({kConverterClass, "converter", ""});
  return plugins;
}

Result<std::vector<ConfigKey>> FakeHerder::GetPluginConfig(const std::string& plugin) {
  if (!IsConnectorClass(plugin)) return Status::NotFound("Unknown plugin " + plugin + ".");
  return ConnectorDef(plugin).keys();
}

Result<worker::ConfigInfos> FakeHerder::ValidateConfig(const std::string& plugin,
                                                       const worker::StringMap& config) {
  if (!IsConnectorClass(plugin)) return Status::NotFound("Unknown plugin " + plugin + ".");
  return Validate(plugin, config);
}

}  // namespace sluice::testing
