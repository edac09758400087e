// An in-memory Herder for the gRPC tests: connectors with configs, target states, tasks and
// offsets, and a few plugins, answering with the Status codes and messages a real worker uses.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "worker/herder.h"

namespace sluice::testing {

class FakeHerder : public worker::Herder {
 public:
  // The plugins it knows: a source and a sink connector, and a converter.
  static constexpr const char* kSourceClass = "org.example.FileSource";
  static constexpr const char* kSinkClass = "org.example.FileSink";
  static constexpr const char* kConverterClass = "org.example.StringConverter";

  // Test hooks.
  void FailTask(const std::string& connector, int task, const std::string& trace);
  void SetOffsets(const std::string& connector, std::vector<worker::OffsetEntry> offsets);
  std::vector<worker::OffsetEntry> Offsets(const std::string& connector);
  void SetActiveTopics(const std::string& connector, std::set<std::string> topics);
  void DisableTopicTracking() { topic_tracking_ = false; }
  // Every call that can fail fails with `status` from now on.
  void FailAllCalls(Status status);
  // The initial state the last create asked for.
  std::optional<worker::TargetState> last_initial_state();

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
  struct Connector {
    worker::StringMap config;
    worker::TargetState target = worker::TargetState::kStarted;
    std::map<int, worker::StateInfo> tasks;  // none while STOPPED
    std::vector<worker::OffsetEntry> offsets;
    std::set<std::string> active_topics;
  };

  // The connector, or kNotFound; the caller holds mutex_.
  Result<Connector*> Find(const std::string& name);
  worker::ConnectorInfo InfoOf(const std::string& name, const Connector& connector) const;
  worker::ConnectorStatus StatusOf(const std::string& name, const Connector& connector) const;
  void StartTasks(Connector& connector);

  std::mutex mutex_;
  std::map<std::string, Connector> connectors_;
  std::optional<Status> forced_failure_;
  std::optional<worker::TargetState> last_initial_state_;
  bool topic_tracking_ = true;
};

}  // namespace sluice::testing
