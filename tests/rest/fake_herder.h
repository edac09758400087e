// An in-memory Herder that behaves as Kafka Connect's standalone herder does as seen through the
// REST API: the same validation, states, messages and status codes, with no connectors actually
// running. Thread-safe. Test controls let a test fail a task, record active topics, set the
// health, disable topic tracking, or make the next call fail.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sluice/config_def.h"
#include "worker/herder.h"

namespace sluice::rest::testing {

// The worker id every status reports.
inline constexpr const char* kWorkerId = "127.0.0.1:8083";

class FakeHerder : public worker::Herder {
 public:
  FakeHerder();

  // Test controls.
  void SetHealth(worker::HealthInfo health);
  void SetTopicTracking(bool enabled, bool allow_reset);
  void RecordActiveTopic(const std::string& connector, const std::string& topic);
  void FailTask(const std::string& connector, int task, const std::string& trace);
  void FailConnector(const std::string& connector, const std::string& trace);
  // The next call that returns a Status or Result returns `status` instead.
  void FailNextCall(Status status);
  int put_calls() const;

  worker::WorkerInfo Info() override;
  worker::HealthInfo Health() override;

  std::vector<std::string> ListConnectors() override;
  Result<worker::ConnectorInfo> GetConnector(const std::string& name) override;
  Result<worker::StringMap> GetConnectorConfig(const std::string& name) override;
  Result<worker::PutResult> PutConnectorConfig(
      const std::string& name, worker::StringMap config, bool allow_replace,
      std::optional<worker::TargetState> initial_state) override;
  Result<worker::ConnectorInfo> PatchConnectorConfig(
      const std::string& name,
      const std::map<std::string, std::optional<std::string>>& patch) override;
  Status DeleteConnector(const std::string& name) override;

  Result<worker::ConnectorStatus> GetConnectorStatus(const std::string& name) override;
  Result<worker::TaskStateInfo> GetTaskStatus(const std::string& name, int task) override;
  Result<std::vector<worker::TaskInfo>> GetTaskConfigs(const std::string& name) override;

  Status PauseConnector(const std::string& name) override;
  Status ResumeConnector(const std::string& name) override;
  Status StopConnector(const std::string& name) override;
  Result<std::optional<worker::ConnectorStatus>> RestartConnector(const std::string& name,
                                                                  bool include_tasks,
                                                                  bool only_failed) override;
  Status RestartTask(const std::string& name, int task) override;

  Result<std::vector<worker::OffsetEntry>> GetOffsets(const std::string& name) override;
  Result<std::string> AlterOffsets(const std::string& name,
                                   const std::vector<worker::OffsetEntry>& offsets) override;
  Result<std::string> ResetOffsets(const std::string& name) override;

  Result<std::set<std::string>> GetActiveTopics(const std::string& name) override;
  Status ResetActiveTopics(const std::string& name) override;

  std::vector<worker::PluginDescription> ListPlugins(bool connectors_only) override;
  Result<std::vector<ConfigKey>> GetPluginConfig(const std::string& plugin) override;
  Result<worker::ConfigInfos> ValidateConfig(const std::string& plugin,
                                             const worker::StringMap& config) override;

 private:
  struct Plugin {
    worker::PluginDescription description;
    ConfigDef config;  // the plugin's own keys
  };
  struct Connector {
    worker::StringMap config;
    worker::TargetState target = worker::TargetState::kStarted;
    int task_count = 0;
    std::optional<std::string> connector_trace;  // FAILED when set
    std::map<int, std::string> failed_tasks;     // task -> trace
    std::vector<worker::OffsetEntry> offsets;
    std::set<std::string> active_topics;
  };

  const Plugin* FindPlugin(const std::string& name) const;
  ConfigDef FrameworkConfig(const Plugin& plugin) const;
  worker::ConfigInfos Validate(const Plugin& plugin, const worker::StringMap& config) const;
  // Kafka Connect's 400 for an invalid connector config, or OK.
  Status CheckConfig(const worker::StringMap& config) const;
  Result<Connector*> Find(const std::string& name, const std::string& not_found_message);
  worker::ConnectorInfo InfoOf(const std::string& name, const Connector& c) const;
  worker::ConnectorStatus StatusOf(const std::string& name, const Connector& c) const;
  worker::ConnectorType TypeOf(const Connector& c) const;
  Status TakeInjectedFailure();

  mutable std::mutex mu_;
  std::vector<Plugin> plugins_;
  std::map<std::string, Connector> connectors_;
  worker::HealthInfo health_;
  bool topic_tracking_ = true;
  bool topic_tracking_reset_ = true;
  std::optional<Status> next_failure_;
  int put_calls_ = 0;
};

}  // namespace sluice::rest::testing
