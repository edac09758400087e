// Runs a source task: poll the plugin, convert, produce; a record's source offset becomes
// committable once the broker acknowledged it (and everything before it from the same source
// partition); committable offsets are flushed to the offset store every
// offset.flush.interval.ms and at shutdown.
//
// A failed delivery (for example a full disk under the embedded log) commits what was
// acknowledged, then restarts the task from the stored offsets after a backoff, so nothing that
// was not written is ever acknowledged.
//
// With exactly.once.source.support=enabled each record's source offset also goes to the producer
// as its commit state, which the embedded log journals atomically with the batch that holds the
// record; each task instance starts by taking the state that matches the log into the offset
// store, so a crash between a write and the next offset flush repeats nothing.
#pragma once

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "config/worker_config.h"
#include "plugin_host/plugin_instances.h"
#include "transport/transport.h"
#include "worker/offset_store.h"
#include "worker/record_pipeline.h"
#include "worker/submitted_records.h"
#include "worker/task_runner.h"
#include "worker/topic_tracker.h"

namespace sluice::worker {

struct SourceTaskSetup {
  std::string connector;
  int task_id = 0;
  std::string worker_id;
  std::shared_ptr<const plugin_host::ConnectorClass> cls;
  StringMap task_config;
  StringMap connector_config;
  const config::WorkerConfig* worker = nullptr;
  transport::Transport* transport = nullptr;
  OffsetStore* offsets = nullptr;
  TopicTracker* topics = nullptr;
};

class SourceTaskRunner : public TaskRunner,
                         private plugin_host::CallSink,
                         private plugin_host::OffsetReader {
 public:
  explicit SourceTaskRunner(SourceTaskSetup setup);
  ~SourceTaskRunner() override;

 protected:
  Status Execute() override;
  void Wakeup() override;

 private:
  // CallSink: records emitted by the task's poll.
  sluice_status OnSourceRecord(const sluice_source_record& record) override;
  // OffsetReader: the task reading its committed offsets.
  std::optional<std::string> ReadOffset(std::string_view partition_json) override;
  void ForgetOffset(std::string_view partition_json) override;

  Status RunTaskInstance();
  // The producer's answer for one record (on the producer's thread).
  void OnDelivered(const SubmittedRecords::Ticket& ticket, const transport::DeliveryReport& report);
  Status CommitOffsets();
  Result<std::unique_ptr<transport::Producer>> CreateProducer();
  // Exactly-once: the journaled offsets that match the log go into the offset store.
  Status RecoverJournaledOffsets();
  bool DeliveryFailed();

  SourceTaskSetup setup_;
  std::unique_ptr<RecordPipeline> pipeline_;
  std::unique_ptr<transport::Producer> producer_;
  std::mutex task_mu_;  // guards task_ against Wakeup() from other threads
  std::unique_ptr<plugin_host::SourceTaskInstance> task_;
  SubmittedRecords submitted_;
  transport::ProducerRecord scratch_;
  Status emit_error_;

  std::mutex failure_mu_;
  Status delivery_failure_;
  TaskTopics topics_seen_;
};

}  // namespace sluice::worker
