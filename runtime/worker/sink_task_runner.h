// Runs a sink task: the consumer of group connect-<name> -> converters -> put(batch); every
// offset.flush.interval.ms (or when the task asks) preCommit says which offsets are durable and
// the consumer commits exactly those. A put that fails with a retriable error redelivers the same
// batch after a backoff.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "config/worker_config.h"
#include "plugin_host/plugin_instances.h"
#include "transport/transport.h"
#include "worker/record_pipeline.h"
#include "worker/task_runner.h"
#include "worker/topic_tracker.h"

namespace sluice::worker {

struct SinkTaskSetup {
  std::string connector;
  int task_id = 0;
  std::string worker_id;
  std::shared_ptr<const plugin_host::ConnectorClass> cls;
  StringMap task_config;
  StringMap connector_config;
  const config::WorkerConfig* worker = nullptr;
  transport::Transport* transport = nullptr;
  TopicTracker* topics = nullptr;
};

// The consumer group of a sink connector, as Kafka Connect names it.
std::string SinkGroupId(const std::string& connector);

class SinkTaskRunner : public TaskRunner,
                       private transport::RebalanceListener,
                       private plugin_host::SinkContextHandler {
 public:
  explicit SinkTaskRunner(SinkTaskSetup setup);
  ~SinkTaskRunner() override;

 protected:
  Status Execute() override;
  void Wakeup() override;

 private:
  // RebalanceListener (called inside consumer Poll, on the task thread).
  void OnPartitionsAssigned(const std::vector<transport::TopicPartition>& partitions) override;
  void OnPartitionsRevoked(const std::vector<transport::TopicPartition>& partitions) override;
  // SinkContextHandler (called by the task, on the task thread).
  void Seek(const std::string& topic, int32_t partition, int64_t offset) override;
  void Pause(const std::string& topic, int32_t partition) override;
  void Resume(const std::string& topic, int32_t partition) override;
  void RequestCommit() override;
  std::string AssignmentJson() override;
  sluice_status ReportErrant(const sluice_sink_record& record, std::string_view error) override;
  void SetRetryTimeout(int64_t timeout_ms) override;

  Status Subscribe();
  Status DeliverBatch();
  Status CommitOffsets(const std::vector<transport::TopicPartition>* only);

  SinkTaskSetup setup_;
  std::unique_ptr<RecordPipeline> pipeline_;
  // True while batch_ is being put: the errant-record reporter finds original records in it.
  bool delivering_ = false;
  std::unique_ptr<transport::Consumer> consumer_;
  std::mutex task_mu_;  // guards task_ against Wakeup() from other threads
  std::unique_ptr<plugin_host::SinkTaskInstance> task_;
  transport::ConsumedRecords polled_;  // what the last poll brought
  SinkRecordBatch batch_;
  // Next offset to deliver per partition: what preCommit is offered.
  transport::OffsetMap delivered_;
  TaskTopics topics_seen_;
  std::atomic<bool> commit_requested_{false};
  // SinkTaskContext.timeout: the wait before a retriable put is delivered again; 0: backoff.
  std::atomic<int64_t> retry_timeout_ms_{0};
  Status listener_error_;
};

}  // namespace sluice::worker
