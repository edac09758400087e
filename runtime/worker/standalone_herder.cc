#include "worker/standalone_herder.h"

#include <algorithm>

#include "common/log.h"
#include "common/thread_name.h"
#include "data/converter.h"
#include "transforms/builtin_transforms.h"
#include "worker/connector_validation.h"
#include "worker/sink_task_runner.h"
#include "worker/source_task_runner.h"

namespace sluice::worker {
namespace {

constexpr const char* kLogger = "herder";

Status NotFound(const std::string& name) {
  return Status::NotFound("Connector " + name + " not found");
}

std::string NotStoppedMessage(const std::string& name) {
  return "Connectors must be in the STOPPED state before their offsets can be modified. This can "
         "be done for the specified connector by issuing a 'PUT' request to the '/connectors/" +
         name + "/stop' endpoint";
}

int TasksMax(const StringMap& config) {
  auto it = config.find("tasks.max");
  if (it == config.end()) return 1;
  try {
    return std::max(1, std::stoi(it->second));
  } catch (const std::exception&) {
    return 1;
  }
}

}  // namespace

StandaloneHerder::StandaloneHerder(HerderDependencies deps) : deps_(std::move(deps)) {
  reconfigurer_ = std::thread([this] {
    SetCurrentThreadName("reconfigure");
    ReconfigurationLoop();
  });
}

StandaloneHerder::~StandaloneHerder() {
  {
    std::lock_guard<std::mutex> lock(pending_mu_);
    shutting_down_ = true;
    pending_cv_.notify_all();
  }
  reconfigurer_.join();
  Stop();
  if (!abandoned_.empty()) {
    SLUICE_LOG_ERROR(kLogger, abandoned_.size()
                                  << " task(s) never returned from a plugin call; leaving them");
    for (auto& t : abandoned_) t.release();  // their threads may still run: never free them
  }
}

void StandaloneHerder::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [name, stored] : deps_.configs->LoadAll()) {
    Connector& c = connectors_[name];
    c.config = stored.config;
    c.target = stored.target_state;
    c.cls = deps_.plugins->Find(c.config["connector.class"]);
    SLUICE_LOG_INFO(kLogger, "restoring connector " << name << " (target state "
                                                    << TargetStateName(c.target) << ")");
    StartConnector(name, c);
  }
  started_ = true;
}

void StandaloneHerder::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [name, c] : connectors_) StopConnector(c);
}

void StandaloneHerder::ReconfigurationLoop() {
  std::unique_lock<std::mutex> pending_lock(pending_mu_);
  while (true) {
    pending_cv_.wait(pending_lock,
                     [this] { return shutting_down_ || !pending_reconfiguration_.empty(); });
    if (shutting_down_) return;
    std::set<std::string> names;
    names.swap(pending_reconfiguration_);
    pending_lock.unlock();
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto& name : names) {
        auto it = connectors_.find(name);
        if (it == connectors_.end() || !it->second.instance) continue;
        Connector& c = it->second;
        auto configs = c.instance->TaskConfigs(TasksMax(c.config));
        if (configs.ok() && *configs != c.task_configs) {
          SLUICE_LOG_INFO(
              kLogger, "connector " << name << " asked for new task configs; restarting its tasks");
          StopTasks(c);
          c.task_configs = std::move(*configs);
          StartTasks(name, c);
        }
      }
    }
    pending_lock.lock();
  }
}

// --- lifecycle --------------------------------------------------------------------------------

void StandaloneHerder::StartConnector(const std::string& name, Connector& c) {
  c.trace.clear();
  if (c.target == TargetState::kStopped) {
    c.state = State::kStopped;
    return;
  }
  if (!c.cls) {
    c.state = State::kFailed;
    c.trace = UnknownClassMessage(c.config["connector.class"], *deps_.plugins);
    SLUICE_LOG_ERROR(kLogger, "connector " << name << " cannot start: " << c.trace);
    return;
  }
  auto on_reconfigure = [this, name] {
    std::lock_guard<std::mutex> lock(pending_mu_);
    pending_reconfiguration_.insert(name);
    pending_cv_.notify_all();
  };
  auto instance =
      plugin_host::ConnectorInstance::Create(c.cls, c.config, on_reconfigure, "connector." + name);
  if (!instance.ok()) {
    c.state = State::kFailed;
    c.trace = instance.status().ToString();
    SLUICE_LOG_ERROR(kLogger, "connector " << name << " failed to start: " << c.trace);
    return;
  }
  c.instance = std::move(*instance);
  int tasks_max = TasksMax(c.config);
  auto configs = c.instance->TaskConfigs(tasks_max);
  if (!configs.ok()) {
    c.state = State::kFailed;
    c.trace = configs.status().ToString();
    SLUICE_LOG_ERROR(kLogger,
                     "connector " << name << " failed to generate task configs: " << c.trace);
    return;
  }
  if (static_cast<int>(configs->size()) > tasks_max) {
    c.state = State::kFailed;
    c.trace = "The connector " + name + " has generated " + std::to_string(configs->size()) +
              " tasks, which is greater than " + std::to_string(tasks_max) +
              ", the maximum number of tasks it is configured to create.";
    SLUICE_LOG_ERROR(kLogger, c.trace);
    return;
  }
  c.task_configs = std::move(*configs);
  c.state = c.target == TargetState::kPaused ? State::kPaused : State::kRunning;
  SLUICE_LOG_INFO(kLogger,
                  "connector " << name << " started with " << c.task_configs.size() << " task(s)");
  StartTasks(name, c);
}

void StandaloneHerder::StopConnector(Connector& c) {
  StopTasks(c);
  c.instance.reset();
}

void StandaloneHerder::StartTasks(const std::string& name, Connector& c) {
  for (int id = 0; id < static_cast<int>(c.task_configs.size()); ++id) {
    auto task = MakeTask(name, c, id);
    task->Start(c.target == TargetState::kPaused);
    c.tasks.push_back(std::move(task));
  }
}

void StandaloneHerder::StopTasks(Connector& c) {
  for (auto& t : c.tasks) StopTask(std::move(t));
  c.tasks.clear();
}

void StandaloneHerder::StopTask(std::unique_ptr<TaskRunner> task) {
  if (!task->Stop(std::chrono::milliseconds(deps_.worker->task_shutdown_graceful_timeout_ms))) {
    abandoned_.push_back(std::move(task));
  }
}

std::unique_ptr<TaskRunner> StandaloneHerder::MakeTask(const std::string& name, Connector& c,
                                                       int id) {
  if (c.cls->type == SLUICE_PLUGIN_SOURCE) {
    SourceTaskSetup s;
    s.connector = name;
    s.task_id = id;
    s.worker_id = deps_.worker_id;
    s.cls = c.cls;
    s.task_config = c.task_configs[id];
    s.connector_config = c.config;
    s.worker = deps_.worker;
    s.transport = deps_.transport;
    s.offsets = deps_.offsets;
    s.topics = &topics_;
    return std::make_unique<SourceTaskRunner>(std::move(s));
  }
  SinkTaskSetup s;
  s.connector = name;
  s.task_id = id;
  s.worker_id = deps_.worker_id;
  s.cls = c.cls;
  s.task_config = c.task_configs[id];
  s.connector_config = c.config;
  s.worker = deps_.worker;
  s.transport = deps_.transport;
  s.topics = &topics_;
  return std::make_unique<SinkTaskRunner>(std::move(s));
}

Status StandaloneHerder::Persist(const std::string& name, const Connector& c) {
  return deps_.configs->Put(name, {c.config, c.target});
}

// --- queries ----------------------------------------------------------------------------------

WorkerInfo StandaloneHerder::Info() {
  return {deps_.version, deps_.commit, deps_.transport->ClusterId()};
}

HealthInfo StandaloneHerder::Health() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!started_) return {"starting", "Worker is still starting up."};
  return {"healthy", "Worker has completed startup and is ready to handle requests."};
}

std::vector<std::string> StandaloneHerder::ListConnectors() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> names;
  for (const auto& [name, c] : connectors_) names.push_back(name);
  return names;
}

Result<StandaloneHerder::Connector*> StandaloneHerder::Find(const std::string& name) {
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return NotFound(name);
  return &it->second;
}

ConnectorInfo StandaloneHerder::InfoOf(const std::string& name, const Connector& c) const {
  ConnectorInfo info;
  info.name = name;
  info.config = c.config;
  for (int i = 0; i < static_cast<int>(c.task_configs.size()); ++i) info.tasks.push_back(i);
  info.type = c.cls ? TypeOf(*c.cls) : ConnectorType::kUnknown;
  return info;
}

ConnectorStatus StandaloneHerder::StatusOf(const std::string& name, const Connector& c) const {
  ConnectorStatus s;
  s.name = name;
  s.connector = {c.state, deps_.worker_id, c.trace};
  for (const auto& t : c.tasks) s.tasks.push_back({t->task_id(), t->status()});
  s.type = c.cls ? TypeOf(*c.cls) : ConnectorType::kUnknown;
  return s;
}

Result<ConnectorInfo> StandaloneHerder::GetConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  return InfoOf(name, *c);
}

Result<StringMap> StandaloneHerder::GetConnectorConfig(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  return c->config;
}

Result<ConnectorStatus> StandaloneHerder::GetConnectorStatus(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  return StatusOf(name, *c);
}

Result<TaskStateInfo> StandaloneHerder::GetTaskStatus(const std::string& name, int task) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  for (const auto& t : c->tasks) {
    if (t->task_id() == task) return TaskStateInfo{task, t->status()};
  }
  return Status::NotFound("No status found for task " + name + "-" + std::to_string(task));
}

Result<std::vector<TaskInfo>> StandaloneHerder::GetTaskConfigs(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  std::vector<TaskInfo> out;
  for (int i = 0; i < static_cast<int>(c->task_configs.size()); ++i)
    out.push_back({i, c->task_configs[i]});
  return out;
}

// --- changes ----------------------------------------------------------------------------------

Status StandaloneHerder::Validate(const StringMap& config,
                                  std::shared_ptr<const plugin_host::ConnectorClass>* cls) {
  auto class_it = config.find("connector.class");
  auto info = class_it == config.end() ? nullptr : deps_.plugins->Describe(class_it->second);
  ConfigInfos infos = ValidateConnectorConfig(info, config, *deps_.plugins);
  if (infos.error_count > 0) return Status::InvalidArgument(InvalidConfigMessage(infos));
  // A valid config names a known class: its library is loaded now if no connector used it yet.
  SLUICE_ASSIGN_OR_RETURN(*cls, deps_.plugins->Load(class_it->second));
  return Status::OK();
}

Result<PutResult> StandaloneHerder::PutConnectorConfig(const std::string& name, StringMap config,
                                                       bool allow_replace,
                                                       std::optional<TargetState> initial_state) {
  config["name"] = name;
  std::shared_ptr<const plugin_host::ConnectorClass> cls;
  SLUICE_RETURN_IF_ERROR(Validate(config, &cls));
  std::lock_guard<std::mutex> lock(mu_);
  auto it = connectors_.find(name);
  bool exists = it != connectors_.end();
  if (exists && !allow_replace)
    return Status::AlreadyExists("Connector " + name + " already exists");

  Connector updated;
  updated.config = std::move(config);
  updated.cls = cls;
  updated.target = exists ? it->second.target : initial_state.value_or(TargetState::kStarted);
  // Persist first: a config that cannot be kept is not applied.
  SLUICE_RETURN_IF_ERROR(Persist(name, updated));
  if (exists) {
    StopConnector(it->second);
    it->second = std::move(updated);
  } else {
    it = connectors_.emplace(name, std::move(updated)).first;
  }
  SLUICE_LOG_INFO(kLogger, (exists ? "updated" : "created") << " connector " << name);
  StartConnector(name, it->second);
  return PutResult{InfoOf(name, it->second), !exists};
}

Result<ConnectorInfo> StandaloneHerder::PatchConnectorConfig(
    const std::string& name, const std::map<std::string, std::optional<std::string>>& patch) {
  StringMap config;
  {
    std::lock_guard<std::mutex> lock(mu_);
    SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
    config = c->config;
  }
  for (const auto& [key, value] : patch) {
    if (value) {
      config[key] = *value;
    } else {
      config.erase(key);
    }
  }
  SLUICE_ASSIGN_OR_RETURN(PutResult r,
                          PutConnectorConfig(name, std::move(config), true, std::nullopt));
  return r.info;
}

Status StandaloneHerder::DeleteConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  SLUICE_RETURN_IF_ERROR(deps_.configs->Remove(name));
  StopConnector(*c);
  connectors_.erase(name);
  topics_.Reset(name);
  SLUICE_LOG_INFO(kLogger, "deleted connector " << name);
  return Status::OK();
}

Status StandaloneHerder::PauseConnector(const std::string& name) {
  return MoveBetweenPausedAndStarted(name, TargetState::kPaused);
}

Status StandaloneHerder::ResumeConnector(const std::string& name) {
  return MoveBetweenPausedAndStarted(name, TargetState::kStarted);
}

Status StandaloneHerder::MoveBetweenPausedAndStarted(const std::string& name, TargetState target) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  if (c->target == target) return Status::OK();
  TargetState previous = c->target;
  c->target = target;
  SLUICE_RETURN_IF_ERROR(Persist(name, *c));
  bool pause = target == TargetState::kPaused;
  if (previous == TargetState::kStopped) {
    StartConnector(name, *c);  // tasks come up in the new target state
  } else {
    for (auto& t : c->tasks) pause ? t->Pause() : t->Resume();
    if (c->state == (pause ? State::kRunning : State::kPaused)) {
      c->state = pause ? State::kPaused : State::kRunning;
    }
  }
  SLUICE_LOG_INFO(kLogger, (pause ? "paused" : "resumed") << " connector " << name);
  return Status::OK();
}

Status StandaloneHerder::StopConnector(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  if (c->target == TargetState::kStopped) return Status::OK();
  c->target = TargetState::kStopped;
  SLUICE_RETURN_IF_ERROR(Persist(name, *c));
  StopConnector(*c);
  c->task_configs.clear();
  c->state = State::kStopped;
  c->trace.clear();
  SLUICE_LOG_INFO(kLogger, "stopped connector " << name);
  return Status::OK();
}

Result<std::optional<ConnectorStatus>> StandaloneHerder::RestartConnector(const std::string& name,
                                                                          bool include_tasks,
                                                                          bool only_failed) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  if (!include_tasks && !only_failed) {
    // The connector instance only; its tasks keep running unless their configs change.
    auto previous = c->task_configs;
    c->instance.reset();
    auto tasks = std::move(c->tasks);
    c->task_configs.clear();
    StartConnector(name, *c);
    if (c->task_configs == previous && !tasks.empty()) {
      StopTasks(*c);  // the fresh ones: the running tasks carry on
      c->tasks = std::move(tasks);
    } else {
      for (auto& t : tasks) StopTask(std::move(t));
    }
    return std::optional<ConnectorStatus>();
  }
  ConnectorStatus shown = StatusOf(name, *c);
  bool restart_connector = !only_failed || c->state == State::kFailed;
  std::vector<int> restart_tasks;
  for (auto& ts : shown.tasks) {
    if (include_tasks && (!only_failed || ts.status.state == State::kFailed)) {
      restart_tasks.push_back(ts.id);
      ts.status.state = State::kRestarting;
    }
  }
  if (restart_connector) shown.connector.state = State::kRestarting;
  if (restart_connector) {
    StopConnector(*c);
    c->task_configs.clear();
    StartConnector(name, *c);
  } else {
    for (int id : restart_tasks) {
      StopTask(std::move(c->tasks[id]));
      c->tasks[id] = MakeTask(name, *c, id);
      c->tasks[id]->Start(c->target == TargetState::kPaused);
    }
  }
  return std::optional<ConnectorStatus>(shown);
}

Status StandaloneHerder::RestartTask(const std::string& name, int task) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  if (task < 0 || task >= static_cast<int>(c->tasks.size())) {
    return Status::NotFound("Task " + name + "-" + std::to_string(task) + " not found");
  }
  StopTask(std::move(c->tasks[task]));
  c->tasks[task] = MakeTask(name, *c, task);
  c->tasks[task]->Start(c->target == TargetState::kPaused);
  SLUICE_LOG_INFO(kLogger, "restarted task " << name << "-" << task);
  return Status::OK();
}

// --- offsets ----------------------------------------------------------------------------------

Result<std::vector<OffsetEntry>> StandaloneHerder::GetOffsets(const std::string& name) {
  std::shared_ptr<const plugin_host::ConnectorClass> cls;
  {
    std::lock_guard<std::mutex> lock(mu_);
    SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
    cls = c->cls;
  }
  std::vector<OffsetEntry> out;
  if (cls && cls->type == SLUICE_PLUGIN_SINK) {
    SLUICE_ASSIGN_OR_RETURN(auto offsets,
                            deps_.transport->admin().ListGroupOffsets(SinkGroupId(name)));
    for (const auto& [tp, offset] : offsets) {
      out.push_back({{{"kafka_topic", tp.topic}, {"kafka_partition", tp.partition}},
                     {{"kafka_offset", offset}}});
    }
    return out;
  }
  for (const auto& [partition, offset] : deps_.offsets->GetAll(name)) {
    out.push_back({nlohmann::json::parse(partition, nullptr, false),
                   nlohmann::json::parse(offset, nullptr, false)});
  }
  return out;
}

Result<std::string> StandaloneHerder::AlterOffsets(const std::string& name,
                                                   const std::vector<OffsetEntry>& offsets) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  if (c->target != TargetState::kStopped || !c->tasks.empty()) {
    return Status::FailedPrecondition(NotStoppedMessage(name));
  }
  if (offsets.empty()) {
    return Status::InvalidArgument(
        "Partitions / offsets need to be provided for an alter offsets request");
  }
  if (c->cls && c->cls->type == SLUICE_PLUGIN_SINK) {
    transport::OffsetMap alter;
    std::vector<transport::TopicPartition> reset;
    for (const auto& e : offsets) {
      const auto& p = e.partition;
      if (!p.is_object() || !p.contains("kafka_topic") || !p["kafka_topic"].is_string() ||
          !p.contains("kafka_partition") || !p["kafka_partition"].is_number_integer()) {
        return Status::InvalidArgument(
            "Partition objects for sink connectors must contain the keys kafka_topic (a string) "
            "and kafka_partition (an integer)");
      }
      transport::TopicPartition tp{p["kafka_topic"].get<std::string>(),
                                   p["kafka_partition"].get<int32_t>()};
      if (e.offset.is_null()) {
        reset.push_back(tp);
        continue;
      }
      if (!e.offset.is_object() || !e.offset.contains("kafka_offset") ||
          !e.offset["kafka_offset"].is_number_integer() ||
          e.offset["kafka_offset"].get<int64_t>() < 0) {
        return Status::InvalidArgument(
            "Offset objects for sink connectors must contain the key kafka_offset, a non-negative "
            "integer");
      }
      alter[tp] = e.offset["kafka_offset"].get<int64_t>();
    }
    auto& admin = deps_.transport->admin();
    if (!alter.empty()) SLUICE_RETURN_IF_ERROR(admin.AlterGroupOffsets(SinkGroupId(name), alter));
    if (!reset.empty()) SLUICE_RETURN_IF_ERROR(admin.DeleteGroupOffsets(SinkGroupId(name), reset));
  } else {
    std::map<std::string, std::optional<std::string>> changes;
    for (const auto& e : offsets) {
      if (!e.partition.is_object()) {
        return Status::InvalidArgument("Source partitions must be JSON objects");
      }
      if (!e.offset.is_null() && !e.offset.is_object()) {
        return Status::InvalidArgument("Source offsets must be JSON objects or null");
      }
      changes[e.partition.dump()] =
          e.offset.is_null() ? std::nullopt : std::optional(e.offset.dump());
    }
    SLUICE_RETURN_IF_ERROR(deps_.offsets->Put(name, changes));
  }
  return std::string("The offsets for this connector have been altered successfully");
}

Result<std::string> StandaloneHerder::ResetOffsets(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(Connector * c, Find(name));
  if (c->target != TargetState::kStopped || !c->tasks.empty()) {
    return Status::FailedPrecondition(NotStoppedMessage(name));
  }
  if (c->cls && c->cls->type == SLUICE_PLUGIN_SINK) {
    SLUICE_RETURN_IF_ERROR(deps_.transport->admin().DeleteGroupOffsets(SinkGroupId(name), {}));
  } else {
    SLUICE_RETURN_IF_ERROR(deps_.offsets->DeleteConnector(name));
  }
  return std::string("The offsets for this connector have been reset successfully");
}

// --- topics and plugins -----------------------------------------------------------------------

Result<std::set<std::string>> StandaloneHerder::GetActiveTopics(const std::string& name) {
  if (!deps_.worker->topic_tracking_enable)
    return Status::FailedPrecondition("Topic tracking is disabled.");
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_RETURN_IF_ERROR(Find(name).status());
  return topics_.Get(name);
}

Status StandaloneHerder::ResetActiveTopics(const std::string& name) {
  if (!deps_.worker->topic_tracking_enable)
    return Status::FailedPrecondition("Topic tracking is disabled.");
  if (!deps_.worker->topic_tracking_allow_reset) {
    return Status::FailedPrecondition("Topic tracking reset is disabled.");
  }
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_RETURN_IF_ERROR(Find(name).status());
  topics_.Reset(name);
  return Status::OK();
}

std::vector<PluginDescription> StandaloneHerder::ListPlugins(bool connectors_only) {
  std::vector<PluginDescription> out;
  for (const auto& cls : deps_.plugins->Connectors()) {
    out.push_back({cls->class_name, plugin_host::PluginTypeName(cls->type), cls->version});
  }
  if (!connectors_only) {
    for (const auto& info : data::AvailableConverters())
      out.push_back({info.class_name, info.type, info.version});
    // The built-ins carry the worker's version, as Kafka's carry Kafka's.
    for (const auto& info : transforms::AvailableTransforms())
      out.push_back(
          {info.class_name, info.type, info.version.empty() ? deps_.version : info.version});
  }
  return out;
}

Result<std::vector<ConfigKey>> StandaloneHerder::GetPluginConfig(const std::string& plugin) {
  if (auto cls = deps_.plugins->Describe(plugin)) return cls->definition.keys();
  for (const auto& info : data::AvailableConverters()) {
    bool match = info.class_name == plugin ||
                 std::find(info.aliases.begin(), info.aliases.end(), plugin) != info.aliases.end();
    if (match) return info.definition.keys();
  }
  for (const auto& info : transforms::AvailableTransforms()) {
    bool match = info.class_name == plugin ||
                 std::find(info.aliases.begin(), info.aliases.end(), plugin) != info.aliases.end();
    if (match) return info.definition.keys();
  }
  return Status::NotFound("Unknown plugin " + plugin + ".");
}

Result<ConfigInfos> StandaloneHerder::ValidateConfig(const std::string& plugin,
                                                     const StringMap& config) {
  auto cls = deps_.plugins->Describe(plugin);
  if (!cls) return Status::NotFound("Unknown plugin " + plugin + ".");
  auto class_it = config.find("connector.class");
  if (class_it != config.end()) {
    auto named = deps_.plugins->Describe(class_it->second);
    if (named != cls) {
      return Status::InvalidArgument("Included connector type " + class_it->second +
                                     " does not match request type " + plugin);
    }
  }
  StringMap with_class = config;
  with_class.emplace("connector.class", cls->class_name);
  return ValidateConnectorConfig(cls, with_class, *deps_.plugins);
}

}  // namespace sluice::worker
