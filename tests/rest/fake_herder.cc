#include "fake_herder.h"

#include <algorithm>

namespace sluice::rest::testing {
namespace {

using worker::ConnectorType;
using worker::State;
using worker::TargetState;

std::string SimpleName(const std::string& class_name) {
  size_t dot = class_name.rfind('.');
  return dot == std::string::npos ? class_name : class_name.substr(dot + 1);
}

// Java's Map.toString, as Kafka Connect prints a config in its messages.
std::string MapToString(const worker::StringMap& config) {
  std::string out = "{";
  for (const auto& [k, v] : config) out += (out.size() > 1 ? ", " : "") + k + "=" + v;
  return out + "}";
}

std::string NotFound(const std::string& name) {
  return "Connector " + name + " not found";
}

}  // namespace

FakeHerder::FakeHerder()
    : health_{"healthy", "Worker has completed startup and is ready to handle requests."} {
  Plugin source{{"org.apache.kafka.connect.file.FileStreamSourceConnector", "source", "3.9.0"}, {}};
  source.config
      .Define("file", ConfigType::kString, std::nullopt, {}, Importance::kHigh,
              "Source filename. If not specified, the standard input will be used")
      .DefineRequired("topic", ConfigType::kString, ConfigValidator::NonEmptyString(),
                      Importance::kHigh, "The topic to publish data to")
      .Define("batch.size", ConfigType::kInt, "2000", {}, Importance::kLow,
              "The maximum number of records the source task can read from the file each time it "
              "is polled");
  Plugin sink{{"org.apache.kafka.connect.file.FileStreamSinkConnector", "sink", "3.9.0"}, {}};
  sink.config.Define("file", ConfigType::kString, std::nullopt, {}, Importance::kHigh,
                     "Destination filename. If not specified, the standard output will be used");
  // A plugin with a secret, for the "[hidden]" rendering of PASSWORD values.
  Plugin vault{{"com.example.VaultSourceConnector", "source", ""}, {}};
  vault.config.DefineRequired("vault.token", ConfigType::kPassword, {}, Importance::kHigh,
                              "The token to read secrets with", "Vault", 1, Width::kLong,
                              "Vault token");
  plugins_ = {std::move(sink), std::move(source), std::move(vault)};
  plugins_.push_back(
      {{"org.apache.kafka.connect.transforms.InsertField$Value", "transformation", "3.9.0"}, {}});
  plugins_.push_back(
      {{"org.apache.kafka.connect.transforms.predicates.TopicNameMatches", "predicate", "3.9.0"},
       {}});
  plugins_.push_back({{"org.apache.kafka.connect.json.JsonConverter", "converter", "3.9.0"}, {}});
  plugins_.push_back(
      {{"org.apache.kafka.connect.storage.SimpleHeaderConverter", "header_converter", "3.9.0"},
       {}});
}

void FakeHerder::SetHealth(worker::HealthInfo health) {
  std::lock_guard<std::mutex> lock(mu_);
  health_ = std::move(health);
}

void FakeHerder::SetTopicTracking(bool enabled, bool allow_reset) {
  std::lock_guard<std::mutex> lock(mu_);
  topic_tracking_ = enabled;
  topic_tracking_reset_ = allow_reset;
}

void FakeHerder::RecordActiveTopic(const std::string& connector, const std::string& topic) {
  std::lock_guard<std::mutex> lock(mu_);
  connectors_.at(connector).active_topics.insert(topic);
}

void FakeHerder::FailTask(const std::string& connector, int task, const std::string& trace) {
  std::lock_guard<std::mutex> lock(mu_);
  connectors_.at(connector).failed_tasks[task] = trace;
}

void FakeHerder::FailConnector(const std::string& connector, const std::string& trace) {
  std::lock_guard<std::mutex> lock(mu_);
  connectors_.at(connector).connector_trace = trace;
}

void FakeHerder::FailNextCall(Status status) {
  std::lock_guard<std::mutex> lock(mu_);
  next_failure_ = std::move(status);
}

int FakeHerder::put_calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return put_calls_;
}

Status FakeHerder::TakeInjectedFailure() {
  if (!next_failure_) return Status::OK();
  Status failure = std::move(*next_failure_);
  next_failure_.reset();
  return failure;
}

const FakeHerder::Plugin* FakeHerder::FindPlugin(const std::string& name) const {
  for (const Plugin& p : plugins_) {
    const std::string& cls = p.description.class_name;
    if (name == cls || name == SimpleName(cls) || name + "Connector" == SimpleName(cls)) return &p;
  }
  return nullptr;
}

ConfigDef FakeHerder::FrameworkConfig(const Plugin& plugin) const {
  ConfigDef def;
  def.DefineRequired("name", ConfigType::kString, ConfigValidator::NonEmptyNoControlChars(),
                     Importance::kHigh, "Globally unique name to use for this connector.", "Common",
                     1, Width::kMedium, "Connector name");
  def.DefineRequired("connector.class", ConfigType::kString, {}, Importance::kHigh,
                     "Name or alias of the class for this connector.", "Common", 2, Width::kLong,
                     "Connector class");
  def.Define("tasks.max", ConfigType::kInt, "1", ConfigValidator::AtLeast(1), Importance::kHigh,
             "Maximum number of tasks to use for this connector.", "Common", 3, Width::kShort,
             "Tasks max");
  if (plugin.description.type == "sink") {
    def.Define("topics", ConfigType::kList, "", {}, Importance::kHigh,
               "List of topics to consume, separated by commas", "Common", 4, Width::kLong,
               "Topics");
  }
  return def;
}

worker::ConfigInfos FakeHerder::Validate(const Plugin& plugin,
                                         const worker::StringMap& config) const {
  worker::ConfigInfos infos;
  infos.name = plugin.description.class_name;
  auto add = [&infos](const ConfigDef& def, const worker::StringMap& props) {
    for (ConfigValueResult& value : def.Validate(props)) {
      const ConfigKey* key = def.Find(value.name);
      if (key->group &&
          std::find(infos.groups.begin(), infos.groups.end(), *key->group) == infos.groups.end()) {
        infos.groups.push_back(*key->group);
      }
      infos.configs.push_back({*key, std::move(value)});
    }
  };
  add(FrameworkConfig(plugin), config);
  if (plugin.description.type == "sink") {
    auto topics = config.find("topics");
    if (topics == config.end() || SplitList(topics->second).empty()) {
      for (auto& entry : infos.configs) {
        if (entry.value.name == "topics") {
          entry.value.errors.push_back("Must configure one of topics or topics.regex");
        }
      }
    }
  }
  add(plugin.config, config);
  // Keys of transforms have no definition here: Kafka Connect reports them with a null one.
  for (const auto& [key, value] : config) {
    if (key.rfind("transforms.", 0) == 0) {
      infos.configs.push_back({std::nullopt, {key, value, {}, {}, true}});
    }
  }
  for (const auto& entry : infos.configs) {
    infos.error_count += static_cast<int>(entry.value.errors.size());
  }
  return infos;
}

Status FakeHerder::CheckConfig(const worker::StringMap& config) const {
  auto cls = config.find("connector.class");
  if (cls == config.end()) {
    return Status::InvalidArgument("Connector config " + MapToString(config) +
                                   " contains no connector type");
  }
  const Plugin* plugin = FindPlugin(cls->second);
  if (plugin == nullptr ||
      (plugin->description.type != "source" && plugin->description.type != "sink")) {
    return Status::InvalidArgument(
        "Failed to find any class that implements Connector and which name matches " + cls->second);
  }
  worker::ConfigInfos infos = Validate(*plugin, config);
  if (infos.error_count == 0) return Status::OK();
  std::string message = "Connector configuration is invalid and contains the following " +
                        std::to_string(infos.error_count) + " error(s):";
  for (const auto& entry : infos.configs) {
    for (const auto& error : entry.value.errors) message += "\n" + error;
  }
  message +=
      "\nYou can also find the above list of errors at the endpoint "
      "`/connector-plugins/{connectorType}/config/validate`";
  return Status::InvalidArgument(message);
}

Result<FakeHerder::Connector*> FakeHerder::Find(const std::string& name,
                                                const std::string& not_found_message) {
  SLUICE_RETURN_IF_ERROR(TakeInjectedFailure());
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return Status::NotFound(not_found_message);
  return &it->second;
}

worker::ConnectorType FakeHerder::TypeOf(const Connector& c) const {
  const Plugin* plugin = FindPlugin(c.config.at("connector.class"));
  if (plugin == nullptr) return ConnectorType::kUnknown;
  if (plugin->description.type == "source") return ConnectorType::kSource;
  if (plugin->description.type == "sink") return ConnectorType::kSink;
  return ConnectorType::kUnknown;
}

worker::ConnectorInfo FakeHerder::InfoOf(const std::string& name, const Connector& c) const {
  worker::ConnectorInfo info{name, c.config, {}, TypeOf(c)};
  // A stopped connector has no task configs, as in Kafka Connect.
  if (c.target != TargetState::kStopped) {
    for (int i = 0; i < c.task_count; ++i) info.tasks.push_back(i);
  }
  return info;
}

worker::ConnectorStatus FakeHerder::StatusOf(const std::string& name, const Connector& c) const {
  worker::ConnectorStatus status;
  status.name = name;
  status.type = TypeOf(c);
  State running = c.target == TargetState::kPaused ? State::kPaused : State::kRunning;
  status.connector.worker_id = kWorkerId;
  status.connector.state = c.target == TargetState::kStopped ? State::kStopped : running;
  if (c.connector_trace) {
    status.connector.state = State::kFailed;
    status.connector.trace = *c.connector_trace;
  }
  for (int id : InfoOf(name, c).tasks) {
    worker::TaskStateInfo task{id, {running, kWorkerId, ""}};
    auto failed = c.failed_tasks.find(id);
    if (failed != c.failed_tasks.end()) task.status = {State::kFailed, kWorkerId, failed->second};
    status.tasks.push_back(task);
  }
  return status;
}

worker::WorkerInfo FakeHerder::Info() {
  return {"0.1.0", "0123456789abcdef", "fake-cluster"};
}

worker::HealthInfo FakeHerder::Health() {
  std::lock_guard<std::mutex> lock(mu_);
  return health_;
}

std::vector<std::string> FakeHerder::ListConnectors() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> names;
  for (const auto& [name, c] : connectors_) names.push_back(name);
  return names;
}

Result<worker::ConnectorInfo> FakeHerder::GetConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  return InfoOf(name, *c);
}

Result<worker::StringMap> FakeHerder::GetConnectorConfig(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  return c->config;
}

Result<worker::PutResult> FakeHerder::PutConnectorConfig(
    const std::string& name, worker::StringMap config, bool allow_replace,
    std::optional<worker::TargetState> initial_state) {
  std::lock_guard<std::mutex> lock(mu_);
  ++put_calls_;
  SLUICE_RETURN_IF_ERROR(TakeInjectedFailure());
  auto existing = connectors_.find(name);
  if (existing != connectors_.end() && !allow_replace) {
    return Status::AlreadyExists("Connector " + name + " already exists");
  }
  SLUICE_RETURN_IF_ERROR(CheckConfig(config));
  bool created = existing == connectors_.end();
  Connector& c = connectors_[name];
  if (created) c.target = initial_state.value_or(TargetState::kStarted);
  c.config = std::move(config);
  c.task_count =
      static_cast<int>(std::stol(c.config.count("tasks.max") ? c.config["tasks.max"] : "1"));
  return worker::PutResult{InfoOf(name, c), created};
}

Result<worker::ConnectorInfo> FakeHerder::PatchConnectorConfig(
    const std::string& name, const std::map<std::string, std::optional<std::string>>& patch) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  worker::StringMap patched = c->config;
  for (const auto& [key, value] : patch) {
    if (value) {
      patched[key] = *value;
    } else {
      patched.erase(key);
    }
  }
  SLUICE_RETURN_IF_ERROR(CheckConfig(patched));
  c->config = std::move(patched);
  c->task_count =
      static_cast<int>(std::stol(c->config.count("tasks.max") ? c->config["tasks.max"] : "1"));
  return InfoOf(name, *c);
}

Status FakeHerder::DeleteConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  (void)c;
  connectors_.erase(name);
  return Status::OK();
}

Result<worker::ConnectorStatus> FakeHerder::GetConnectorStatus(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, "No status found for connector " + name));
  return StatusOf(name, *c);
}

Result<worker::TaskStateInfo> FakeHerder::GetTaskStatus(const std::string& name, int task) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string not_found = "No status found for task " + name + "-" + std::to_string(task);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, not_found));
  for (const auto& t : StatusOf(name, *c).tasks) {
    if (t.id == task) return t;
  }
  return Status::NotFound(not_found);
}

Result<std::vector<worker::TaskInfo>> FakeHerder::GetTaskConfigs(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  std::vector<worker::TaskInfo> tasks;
  for (int id : InfoOf(name, *c).tasks) {
    worker::StringMap config = c->config;
    config["task.class"] = c->config.at("connector.class") + "Task";
    tasks.push_back({id, std::move(config)});
  }
  return tasks;
}

Status FakeHerder::PauseConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, "Unknown connector " + name));
  c->target = TargetState::kPaused;
  return Status::OK();
}

Status FakeHerder::ResumeConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, "Unknown connector " + name));
  c->target = TargetState::kStarted;
  return Status::OK();
}

Status FakeHerder::StopConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  c->target = TargetState::kStopped;
  return Status::OK();
}

Result<std::optional<worker::ConnectorStatus>> FakeHerder::RestartConnector(const std::string& name,
                                                                            bool include_tasks,
                                                                            bool only_failed) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  if (!include_tasks && !only_failed) {
    c->connector_trace.reset();
    return std::optional<worker::ConnectorStatus>();
  }
  worker::ConnectorStatus status = StatusOf(name, *c);
  if (!only_failed || status.connector.state == State::kFailed) {
    status.connector.state = State::kRestarting;
    c->connector_trace.reset();
  }
  if (include_tasks) {
    for (auto& task : status.tasks) {
      if (!only_failed || task.status.state == State::kFailed) {
        task.status.state = State::kRestarting;
        c->failed_tasks.erase(task.id);
      }
    }
  }
  return std::optional<worker::ConnectorStatus>(std::move(status));
}

Status FakeHerder::RestartTask(const std::string& name, int task) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  auto ids = InfoOf(name, *c).tasks;
  if (std::find(ids.begin(), ids.end(), task) == ids.end()) {
    return Status::NotFound("Task " + name + "-" + std::to_string(task) + " not found");
  }
  c->failed_tasks.erase(task);
  return Status::OK();
}

Result<std::vector<worker::OffsetEntry>> FakeHerder::GetOffsets(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  return c->offsets;
}

Result<std::string> FakeHerder::AlterOffsets(const std::string& name,
                                             const std::vector<worker::OffsetEntry>& offsets) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  if (c->target != TargetState::kStopped) {
    return Status::FailedPrecondition(
        "Connectors must be in the STOPPED state before their offsets can be modified. This can "
        "be done for the specified connector by issuing a 'PUT' request to the '/connectors/" +
        name + "/stop' endpoint");
  }
  bool sink = TypeOf(*c) == ConnectorType::kSink;
  for (const auto& entry : offsets) {
    if (sink && entry.partition.is_null()) {
      return Status::InvalidArgument(
          "The partition for a sink connector offset cannot be null or missing");
    }
    if (sink && (!entry.partition.contains("kafka_topic") ||
                 !entry.partition.contains("kafka_partition"))) {
      return Status::InvalidArgument(
          "The partition for a sink connector offset must contain the keys 'kafka_topic' and "
          "'kafka_partition'");
    }
    if (!sink && entry.partition.is_null()) {
      return Status::InvalidArgument("Source partitions may not be null");
    }
  }
  for (const auto& entry : offsets) {
    auto same = [&](const worker::OffsetEntry& e) { return e.partition == entry.partition; };
    c->offsets.erase(std::remove_if(c->offsets.begin(), c->offsets.end(), same), c->offsets.end());
    if (!entry.offset.is_null()) c->offsets.push_back(entry);
  }
  return std::string("The offsets for this connector have been altered successfully");
}

Result<std::string> FakeHerder::ResetOffsets(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  if (c->target != TargetState::kStopped) {
    return Status::FailedPrecondition(
        "Connectors must be in the STOPPED state before their offsets can be modified. This can "
        "be done for the specified connector by issuing a 'PUT' request to the '/connectors/" +
        name + "/stop' endpoint");
  }
  c->offsets.clear();
  return std::string("The offsets for this connector have been reset successfully");
}

Result<std::set<std::string>> FakeHerder::GetActiveTopics(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!topic_tracking_) return Status::FailedPrecondition("Topic tracking is disabled.");
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  return c->active_topics;
}

Status FakeHerder::ResetActiveTopics(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!topic_tracking_) return Status::FailedPrecondition("Topic tracking is disabled.");
  if (!topic_tracking_reset_) {
    return Status::FailedPrecondition("Topic tracking reset is disabled.");
  }
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name, NotFound(name)));
  c->active_topics.clear();
  return Status::OK();
}

std::vector<worker::PluginDescription> FakeHerder::ListPlugins(bool connectors_only) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<worker::PluginDescription> out;
  for (const auto& p : plugins_) {
    bool connector = p.description.type == "source" || p.description.type == "sink";
    if (connector || !connectors_only) out.push_back(p.description);
  }
  return out;
}

Result<std::vector<ConfigKey>> FakeHerder::GetPluginConfig(const std::string& plugin) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_RETURN_IF_ERROR(TakeInjectedFailure());
  const Plugin* p = FindPlugin(plugin);
  if (p == nullptr) return Status::NotFound("Unknown plugin " + plugin + ".");
  return p->config.keys();
}

Result<worker::ConfigInfos> FakeHerder::ValidateConfig(const std::string& plugin,
                                                       const worker::StringMap& config) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_RETURN_IF_ERROR(TakeInjectedFailure());
  auto cls = config.find("connector.class");
  const std::string& wanted = cls == config.end() ? plugin : cls->second;
  const Plugin* p = FindPlugin(wanted);
  if (p == nullptr) return Status::NotFound("Unknown plugin " + wanted + ".");
  return Validate(*p, config);
}

}  // namespace sluice::rest::testing
