// The standalone Herder: one worker runs every connector. Configs and target states live in a
// ConfigStore, source offsets in an OffsetStore, sink offsets in the transport's consumer groups.
// Every change to connectors is serialised by one lock, so concurrent REST calls leave a state
// that a restart reloads exactly.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "config/worker_config.h"
#include "plugin_host/plugin_instances.h"
#include "plugin_host/plugin_registry.h"
#include "transport/transport.h"
#include "worker/config_store.h"
#include "worker/herder.h"
#include "worker/offset_store.h"
#include "worker/task_runner.h"
#include "worker/topic_tracker.h"

namespace sluice::worker {

struct HerderDependencies {
  const config::WorkerConfig* worker = nullptr;
  const plugin_host::PluginRegistry* plugins = nullptr;
  transport::Transport* transport = nullptr;
  OffsetStore* offsets = nullptr;
  ConfigStore* configs = nullptr;
  std::string worker_id;  // host:port
  std::string version;
  std::string commit;
};

class StandaloneHerder : public Herder {
 public:
  explicit StandaloneHerder(HerderDependencies deps);
  ~StandaloneHerder() override;

  // Starts every stored connector in its target state. A connector that cannot start is
  // reported FAILED; the others start regardless.
  void Start();
  // Stops every task and connector gracefully.
  void Stop();

  WorkerInfo Info() override;
  HealthInfo Health() override;
  std::vector<std::string> ListConnectors() override;
  Result<ConnectorInfo> GetConnector(const std::string& name) override;
  Result<StringMap> GetConnectorConfig(const std::string& name) override;
  Result<PutResult> PutConnectorConfig(const std::string& name, StringMap config,
                                       bool allow_replace,
                                       std::optional<TargetState> initial_state) override;
  Result<ConnectorInfo> PatchConnectorConfig(
      const std::string& name,
      const std::map<std::string, std::optional<std::string>>& patch) override;
  Status DeleteConnector(const std::string& name) override;
  Result<ConnectorStatus> GetConnectorStatus(const std::string& name) override;
  Result<TaskStateInfo> GetTaskStatus(const std::string& name, int task) override;
  Result<std::vector<TaskInfo>> GetTaskConfigs(const std::string& name) override;
  Status PauseConnector(const std::string& name) override;
  Status ResumeConnector(const std::string& name) override;
  Status StopConnector(const std::string& name) override;
  Result<std::optional<ConnectorStatus>> RestartConnector(const std::string& name,
                                                          bool include_tasks,
                                                          bool only_failed) override;
  Status RestartTask(const std::string& name, int task) override;
  Result<std::vector<OffsetEntry>> GetOffsets(const std::string& name) override;
  Result<std::string> AlterOffsets(const std::string& name,
                                   const std::vector<OffsetEntry>& offsets) override;
  Result<std::string> ResetOffsets(const std::string& name) override;
  Result<std::set<std::string>> GetActiveTopics(const std::string& name) override;
  Status ResetActiveTopics(const std::string& name) override;
  std::vector<PluginDescription> ListPlugins(bool connectors_only) override;
  Result<std::vector<ConfigKey>> GetPluginConfig(const std::string& plugin) override;
  Result<ConfigInfos> ValidateConfig(const std::string& plugin, const StringMap& config) override;

 private:
  struct Connector {
    StringMap config;
    TargetState target = TargetState::kStarted;
    std::shared_ptr<const plugin_host::ConnectorClass> cls;
    std::unique_ptr<plugin_host::ConnectorInstance> instance;
    State state = State::kUnassigned;
    std::string trace;
    std::vector<StringMap> task_configs;
    std::vector<std::unique_ptr<TaskRunner>> tasks;
  };

  Result<Connector*> Find(const std::string& name);
  // Validates; kInvalidArgument with Kafka's message listing every error.
  Status Validate(const StringMap& config, std::shared_ptr<const plugin_host::ConnectorClass>* cls);
  // Starts the connector instance and its tasks per its target state.
  void StartConnector(const std::string& name, Connector& c);
  void StopConnector(Connector& c);
  // Pause and resume: both move a connector between PAUSED and STARTED (or out of STOPPED).
  Status MoveBetweenPausedAndStarted(const std::string& name, TargetState target);
  void StartTasks(const std::string& name, Connector& c);
  void StopTasks(Connector& c);
  void StopTask(std::unique_ptr<TaskRunner> task);
  std::unique_ptr<TaskRunner> MakeTask(const std::string& name, Connector& c, int id);
  ConnectorInfo InfoOf(const std::string& name, const Connector& c) const;
  ConnectorStatus StatusOf(const std::string& name, const Connector& c) const;
  Status Persist(const std::string& name, const Connector& c);
  void ReconfigurationLoop();

  HerderDependencies deps_;
  TopicTracker topics_;
  std::mutex mu_;
  std::map<std::string, Connector> connectors_;
  bool started_ = false;
  // Tasks whose plugin call never returned: their threads still use them, so they are kept.
  std::vector<std::unique_ptr<TaskRunner>> abandoned_;

  // Connectors whose plugin asked for new task configs; served by reconfigurer_.
  std::mutex pending_mu_;
  std::condition_variable pending_cv_;
  std::set<std::string> pending_reconfiguration_;
  bool shutting_down_ = false;
  std::thread reconfigurer_;
};

}  // namespace sluice::worker
