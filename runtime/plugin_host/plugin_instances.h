// C++ handles over the plugin objects behind the ABI: a connector, a source task, a sink task.
// Each holds its class (and so its library) and destroys the plugin object when it goes.
// Hook statuses become Status: RETRIABLE -> kRetriable, INVALID_CONFIG -> kInvalidArgument,
// FATAL -> kInternal, each with the plugin's error text.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "plugin_host/host_calls.h"
#include "plugin_host/plugin_library.h"
#include "transport/transport.h"

namespace sluice::plugin_host {

using StringMap = std::map<std::string, std::string>;

class ConnectorInstance {
 public:
  static Result<std::unique_ptr<ConnectorInstance>> Create(
      std::shared_ptr<const ConnectorClass> cls, const StringMap& config,
      std::function<void()> on_reconfiguration_request, std::string logger);
  ~ConnectorInstance();

  Result<std::vector<StringMap>> TaskConfigs(int max_tasks);
  const ConnectorClass& connector_class() const { return *cls_; }

 private:
  ConnectorInstance() = default;
  std::shared_ptr<const ConnectorClass> cls_;
  sluice_connector_context context_;
  sluice_connector* instance_ = nullptr;
  std::string logger_;
};

class SourceTaskInstance {
 public:
  static Result<std::unique_ptr<SourceTaskInstance>> Create(
      std::shared_ptr<const ConnectorClass> cls, const StringMap& config, OffsetReader* offsets,
      std::string logger);
  ~SourceTaskInstance();

  // Records the task returns go to `sink` (CallSink::OnSourceRecord) during the call.
  Status Poll(int32_t timeout_ms, CallSink& sink);
  Status Commit();
  // Makes a blocked Poll return soon; safe from any thread.
  void Wakeup();

 private:
  SourceTaskInstance() = default;
  std::shared_ptr<const ConnectorClass> cls_;
  sluice_source_context context_;
  sluice_task* instance_ = nullptr;
  std::string logger_;
};

class SinkTaskInstance {
 public:
  static Result<std::unique_ptr<SinkTaskInstance>> Create(std::shared_ptr<const ConnectorClass> cls,
                                                          const StringMap& config,
                                                          SinkContextHandler* handler,
                                                          std::string logger);
  ~SinkTaskInstance();

  Status Put(const sluice_sink_record* records, size_t count);
  // The offsets the task says are safe to commit, given what was delivered (`current`). A task
  // without a pre-commit hook has written everything it was given.
  Result<transport::OffsetMap> PreCommit(const transport::OffsetMap& current);
  Status Open(const std::vector<transport::TopicPartition>& partitions);
  Status Close(const std::vector<transport::TopicPartition>& partitions);
  void Wakeup();

 private:
  SinkTaskInstance() = default;
  Status PartitionsHook(decltype(sluice_connector_class::sink_task_open) hook, const char* name,
                        const std::vector<transport::TopicPartition>& partitions);

  std::shared_ptr<const ConnectorClass> cls_;
  sluice_sink_context context_;
  sluice_task* instance_ = nullptr;
  std::string logger_;
};

// Maps a hook's status and error text to a Status naming the hook.
Status FromPluginStatus(sluice_status status, const std::string& error, const char* hook);

}  // namespace sluice::plugin_host
