#include "worker/source_task_runner.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/log.h"
#include "sluice/abi_data.h"

namespace sluice::worker {
namespace {

// An empty offset is a tombstone (ForgetOffset): the partition's stored offset is deleted.
std::map<std::string, std::optional<std::string>> OffsetsToStore(
    const std::map<std::string, std::string>& offsets) {
  std::map<std::string, std::optional<std::string>> out;
  for (const auto& [partition, offset] : offsets) {
    out.emplace(partition, offset.empty() ? std::nullopt : std::optional<std::string>(offset));
  }
  return out;
}

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int32_t kPollTimeoutMs = 200;
// Bounds memory when the broker is slower than the source: stop polling past this many records
// in flight.
constexpr size_t kMaxInFlight = 200000;
constexpr milliseconds kMinRetryBackoff{100};
constexpr milliseconds kMaxRetryBackoff{10000};

int64_t NowMs() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

SourceTaskRunner::SourceTaskRunner(SourceTaskSetup setup)
    : TaskRunner(setup.connector, setup.task_id, setup.worker_id,
                 RestartPolicy::FromConfig(setup.worker->raw, setup.connector_config)),
      setup_(std::move(setup)),
      topics_seen_(setup_.topics, setup_.connector) {}

SourceTaskRunner::~SourceTaskRunner() {
  Stop(milliseconds(setup_.worker->task_shutdown_graceful_timeout_ms));
}

void SourceTaskRunner::Wakeup() {
  std::lock_guard<std::mutex> lock(task_mu_);
  if (task_) task_->Wakeup();
}

std::optional<std::string> SourceTaskRunner::ReadOffset(std::string_view partition_json) {
  return setup_.offsets->Get(setup_.connector, std::string(partition_json));
}

void SourceTaskRunner::ForgetOffset(std::string_view partition_json) {
  const std::string partition(partition_json);
  submitted_.SubmitTombstone(partition);
  if (setup_.worker->exactly_once_source && producer_) {
    // An empty offset in the journaled state is the tombstone, as in the offset commits.
    Status st = producer_->SetCommitEntry({partition, std::string()});
    if (!st.ok()) SLUICE_LOG_WARN(logger(), "cannot journal a deleted offset: " << st.message());
  }
}

Status SourceTaskRunner::Execute() {
  SLUICE_ASSIGN_OR_RETURN(pipeline_, RecordPipeline::Create(*setup_.worker, setup_.connector_config,
                                                            {setup_.connector, setup_.task_id,
                                                             logger(), StopAwareClock()},
                                                            setup_.transport));
  // Exactly-once: each task instance gets a producer of its own, after recovery (see below).
  if (!setup_.worker->exactly_once_source) {
    SLUICE_ASSIGN_OR_RETURN(producer_, CreateProducer());
  }
  milliseconds backoff = kMinRetryBackoff;
  while (!stopping()) {
    Status st = RunTaskInstance();
    if (!st.ok() && !st.IsTransient()) {
      producer_.reset();
      return st;
    }
    if (stopping()) break;
    // A delivery failed or the task asked to be retried: start over from the stored offsets.
    SLUICE_LOG_WARN(logger(), "restarting the task from its committed offsets in "
                                  << backoff.count() << " ms: " << st.message());
    SleepUnlessStopped(backoff);
    backoff = std::min(backoff * 2, kMaxRetryBackoff);
  }
  producer_.reset();  // here, while everything its last delivery callbacks touch still exists
  return Status::OK();
}

Result<std::unique_ptr<transport::Producer>> SourceTaskRunner::CreateProducer() {
  transport::ClientConfig config =
      config::WithPrefixStripped(setup_.connector_config, "producer.override.");
  if (setup_.worker->exactly_once_source) {
    config["transactional.id"] = setup_.connector + "-" + std::to_string(setup_.task_id);
  }
  return setup_.transport->CreateProducer(config);
}

Status SourceTaskRunner::RecoverJournaledOffsets() {
  const std::string id = setup_.connector + "-" + std::to_string(setup_.task_id);
  SLUICE_ASSIGN_OR_RETURN(std::optional<transport::CommitState> state,
                          setup_.transport->RecoverCommitState(id));
  if (!state || state->empty()) return Status::OK();  // the offset store has everything
  const auto recovered = OffsetsToStore(*state);
  SLUICE_LOG_INFO(logger(), "taking the offsets of " << recovered.size()
                                                     << " source partition(s) from the log");
  Status st = setup_.offsets->Put(setup_.connector, recovered);
  if (!st.ok()) return Status::IoError("cannot store source offsets: " + st.message());
  return Status::OK();
}

Status SourceTaskRunner::RunTaskInstance() {
  if (setup_.worker->exactly_once_source) {
    producer_.reset();  // flushed: its journal is complete
    SLUICE_RETURN_IF_ERROR(RecoverJournaledOffsets());
    SLUICE_ASSIGN_OR_RETURN(producer_, CreateProducer());
  }
  {
    Result<std::unique_ptr<plugin_host::SourceTaskInstance>> created = [&] {
      PluginCall call(*this, "start");
      return plugin_host::SourceTaskInstance::Create(setup_.cls, setup_.task_config, this,
                                                     logger());
    }();
    SLUICE_ASSIGN_OR_RETURN(auto task, std::move(created));
    std::lock_guard<std::mutex> lock(task_mu_);
    task_ = std::move(task);
  }
  SLUICE_LOG_INFO(logger(), "source task started");
  auto last_flush = Clock::now();
  const milliseconds flush_interval(setup_.worker->offset_flush_interval_ms);
  Status result;
  while (!stopping()) {
    if (paused()) {
      // Best effort: what is not delivered now is delivered after the pause.
      (void)producer_->Flush(milliseconds(setup_.worker->offset_flush_timeout_ms));
      WaitWhilePaused();
      continue;
    }
    if (DeliveryFailed()) {
      std::lock_guard<std::mutex> lock(failure_mu_);
      result = delivery_failure_;
      break;
    }
    if (submitted_.outstanding() >= kMaxInFlight) {
      producer_->Poll(milliseconds(10));
    } else {
      emit_error_ = Status::OK();
      Status st;
      {
        PluginCall call(*this, "poll");
        st = task_->Poll(kPollTimeoutMs, *this);
      }
      if (!emit_error_.ok()) {
        result = emit_error_;
        break;
      }
      if (!st.ok() && st.code() != StatusCode::kRetriable) {
        result = st;
        break;
      }
      producer_->Poll(milliseconds(0));
    }
    if (Clock::now() - last_flush >= flush_interval) {
      result = CommitOffsets();
      if (!result.ok()) break;
      last_flush = Clock::now();
    }
  }
  // Whatever happened, deliver what is in flight and keep the offsets of what was acknowledged.
  Status flushed = producer_->Flush(milliseconds(setup_.worker->offset_flush_timeout_ms));
  if (!flushed.ok())
    SLUICE_LOG_WARN(logger(), "records still in flight at shutdown: " << flushed.message());
  // With exactly-once sources this also empties the journaled state once the offset store has
  // everything, so the journal cannot override offsets altered while the connector is stopped.
  Status committed = CommitOffsets();
  if (!committed.ok() && result.ok()) result = committed;
  submitted_.Clear();
  {
    std::lock_guard<std::mutex> lock(task_mu_);
    task_.reset();
  }
  {
    std::lock_guard<std::mutex> lock(failure_mu_);
    delivery_failure_ = Status::OK();
  }
  return result;
}

bool SourceTaskRunner::DeliveryFailed() {
  std::lock_guard<std::mutex> lock(failure_mu_);
  return !delivery_failure_.ok();
}

sluice_status SourceTaskRunner::OnSourceRecord(const sluice_source_record& record) {
  auto outcome = pipeline_->ToProducerRecord(record, NowMs(), scratch_);
  if (!outcome.ok()) {
    emit_error_ = outcome.status();
    return SLUICE_FATAL;
  }
  SubmittedRecords::Ticket ticket;
  if (record.source_partition_json.len > 0) {
    const std::string_view partition = abi::View(record.source_partition_json);
    const std::string_view offset = abi::View(record.source_offset_json);
    if (setup_.worker->exactly_once_source) {
      // The producer journals the offset with the batch that carries the record.
      transport::CommitStateEntry entry{std::string(partition), std::string(offset)};
      if (*outcome == RecordOutcome::kSkip) {
        Status st = producer_->SetCommitEntry(std::move(entry));
        if (!st.ok()) {
          emit_error_ = Status::Retriable("cannot journal source offsets: " + st.message());
          return SLUICE_FATAL;
        }
      } else {
        scratch_.commit_entry = std::move(entry);
      }
    }
    ticket = submitted_.Submit(partition, offset);
  }
  if (*outcome == RecordOutcome::kSkip) {
    // Dropped by a transform or skipped by errors.tolerance: its offset is done with.
    if (ticket.entry) submitted_.Ack(ticket);
    return SLUICE_OK;
  }
  topics_seen_.Note(scratch_.topic);

  Status st;
  while (true) {
    // The callback captures only the runner and the ticket, which the producer keeps inline.
    st = producer_->Send(scratch_, [this, ticket](const transport::DeliveryReport& report) {
      OnDelivered(ticket, report);
    });
    if (st.ok()) return SLUICE_OK;
    if (st.code() != StatusCode::kRetriable || stopping()) break;
    producer_->Poll(milliseconds(10));  // the queue is full: let deliveries drain it
  }
  emit_error_ = st.code() == StatusCode::kRetriable ? Status::Retriable(st.message()) : st;
  return SLUICE_FATAL;
}

void SourceTaskRunner::OnDelivered(const SubmittedRecords::Ticket& ticket,
                                   const transport::DeliveryReport& report) {
  if (report.status.ok()) {
    if (ticket.entry) submitted_.Ack(ticket);
    return;
  }
  if (pipeline_->errors().policy().tolerate_all) {
    // KIP-779: with errors.tolerance=all a record the broker refused is reported and skipped.
    FailedRecord failed;
    failed.topic = std::string(report.topic);
    failed.partition = report.partition;
    (void)pipeline_->errors().Report({ErrorStage::kKafkaProduce, setup_.transport->Name()},
                                     report.status, failed);
    if (ticket.entry) submitted_.Ack(ticket);
    return;
  }
  std::lock_guard<std::mutex> lock(failure_mu_);
  if (delivery_failure_.ok()) {
    delivery_failure_ = Status::Retriable("delivery failed: " + report.status.message());
  }
}

Status SourceTaskRunner::CommitOffsets() {
  // Tolerated records are done with once their dead letters are written.
  SLUICE_RETURN_IF_ERROR(pipeline_->errors().Flush());
  auto committable = submitted_.TakeCommittable();
  if (!committable.empty()) {
    Status st = setup_.offsets->Put(setup_.connector, OffsetsToStore(committable));
    if (!st.ok()) return Status::IoError("cannot store source offsets: " + st.message());
    if (setup_.worker->exactly_once_source) {
      // Stored durably: the journaled state need not carry them any more.
      st = producer_->ForgetCommitEntries(
          transport::CommitState(committable.begin(), committable.end()));
      if (!st.ok()) return Status::Retriable("cannot journal source offsets: " + st.message());
    }
  }
  std::lock_guard<std::mutex> lock(task_mu_);
  if (!task_) return Status::OK();
  PluginCall call(*this, "commit");
  return task_->Commit();
}

}  // namespace sluice::worker
