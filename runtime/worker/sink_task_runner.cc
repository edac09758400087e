#include "worker/sink_task_runner.h"

#include <nlohmann/json.hpp>

#include "common/log.h"
#include "sluice/abi_data.h"

namespace sluice::worker {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kPollTimeout{200};
constexpr size_t kMaxPollRecords = 10000;
constexpr milliseconds kMinRetryBackoff{100};
constexpr milliseconds kMaxRetryBackoff{10000};

}  // namespace

std::string SinkGroupId(const std::string& connector) {
  return "connect-" + connector;
}

SinkTaskRunner::SinkTaskRunner(SinkTaskSetup setup)
    : TaskRunner(setup.connector, setup.task_id, setup.worker_id,
                 RestartPolicy::FromConfig(setup.worker->raw, setup.connector_config)),
      setup_(std::move(setup)),
      topics_seen_(setup_.topics, setup_.connector) {}

SinkTaskRunner::~SinkTaskRunner() {
  Stop(milliseconds(setup_.worker->task_shutdown_graceful_timeout_ms));
}

void SinkTaskRunner::Wakeup() {
  std::lock_guard<std::mutex> lock(task_mu_);
  if (task_) task_->Wakeup();
  if (consumer_) consumer_->Wakeup();
}

Status SinkTaskRunner::Subscribe() {
  auto topics = setup_.connector_config.find("topics");
  if (topics != setup_.connector_config.end() && !topics->second.empty()) {
    return consumer_->Subscribe(SplitList(topics->second));
  }
  auto regex = setup_.connector_config.find("topics.regex");
  if (regex != setup_.connector_config.end() && !regex->second.empty()) {
    return consumer_->SubscribePattern(regex->second);
  }
  return Status::InvalidArgument("Must configure one of topics or topics.regex");
}

Status SinkTaskRunner::Execute() {
  SLUICE_ASSIGN_OR_RETURN(pipeline_, RecordPipeline::Create(*setup_.worker, setup_.connector_config,
                                                            {setup_.connector, setup_.task_id,
                                                             logger(), StopAwareClock()},
                                                            setup_.transport));
  {
    Result<std::unique_ptr<plugin_host::SinkTaskInstance>> created = [&] {
      PluginCall call(*this, "start");
      return plugin_host::SinkTaskInstance::Create(setup_.cls, setup_.task_config, this, logger());
    }();
    SLUICE_ASSIGN_OR_RETURN(auto task, std::move(created));
    transport::ConsumerOptions options;
    options.group_id = SinkGroupId(setup_.connector);
    options.listener = this;
    options.client_config =
        config::WithPrefixStripped(setup_.connector_config, "consumer.override.");
    auto reset = options.client_config.find("auto.offset.reset");
    if (reset != options.client_config.end()) options.auto_offset_reset = reset->second;
    SLUICE_ASSIGN_OR_RETURN(auto consumer, setup_.transport->CreateConsumer(options));
    std::lock_guard<std::mutex> lock(task_mu_);
    task_ = std::move(task);
    consumer_ = std::move(consumer);
  }
  SLUICE_RETURN_IF_ERROR(Subscribe());
  SLUICE_LOG_INFO(logger(), "sink task started, consumer group " << SinkGroupId(setup_.connector));

  auto last_commit = Clock::now();
  const milliseconds commit_interval(setup_.worker->offset_flush_interval_ms);
  Status result;
  bool consumer_paused = false;
  while (!stopping()) {
    // A paused task keeps polling (so the group keeps its member) with every partition paused.
    if (paused() || consumer_paused) {
      (void)(paused() ? consumer_->Pause(consumer_->Assignment())
                      : consumer_->Resume(consumer_->Assignment()));
      consumer_paused = paused();
    }
    // Into the records of the last poll: their slots, strings and all, are reused.
    Status polled = consumer_->PollInto(kPollTimeout, kMaxPollRecords, polled_);
    if (!listener_error_.ok()) {
      result = listener_error_;
      break;
    }
    if (!polled.ok()) {
      if (polled.IsTransient()) continue;
      result = polled;
      break;
    }
    batch_.Clear();
    for (const auto& record : polled_) {
      auto added = pipeline_->AddSinkRecord(record, batch_);
      if (!added.ok()) {
        result = added.status();
        break;
      }
      topics_seen_.Note(record.topic);
    }
    if (!result.ok()) break;
    if (!batch_.empty()) {
      delivering_ = true;
      result = DeliverBatch();
      delivering_ = false;
      if (!result.ok()) break;
    }
    // Skipped records (dropped by a transform, or tolerated errors) count as delivered. A
    // partition's records come in order, so its last one in a run is what counts.
    for (size_t i = 0; i < polled_.size(); ++i) {
      const transport::ConsumedRecord& record = polled_[i];
      const bool last_of_run = i + 1 == polled_.size() ||
                               polled_[i + 1].partition != record.partition ||
                               polled_[i + 1].topic != record.topic;
      if (last_of_run) delivered_[{record.topic, record.partition}] = record.offset + 1;
    }
    if (commit_requested_.exchange(false) || Clock::now() - last_commit >= commit_interval) {
      result = CommitOffsets(nullptr);
      if (!result.ok()) break;
      last_commit = Clock::now();
    }
  }
  // Keep what is durable, even when failing.
  Status committed = CommitOffsets(nullptr);
  if (result.ok()) result = committed;
  Status closed = consumer_->Close();  // revokes: the listener closes the partitions in the task
  if (!closed.ok()) SLUICE_LOG_WARN(logger(), "consumer close failed: " << closed.message());
  std::lock_guard<std::mutex> lock(task_mu_);
  task_.reset();
  consumer_.reset();
  return result;
}

Status SinkTaskRunner::DeliverBatch() {
  // Kafka Connect's contract: a put that throws a RetriableException gets the same batch again
  // later, for as long as it takes. The task stays RUNNING, with the reason in its trace, and
  // the plugin decides when to give up (by failing for good).
  milliseconds backoff = kMinRetryBackoff;
  int attempt = 0;
  while (true) {
    Status st;
    {
      PluginCall call(*this, "put");
      st = task_->Put(batch_.data(), batch_.size());
    }
    if (st.ok() || st.code() != StatusCode::kRetriable) {
      if (attempt > 0) SetRunningTrace("");
      return st;
    }
    ++attempt;
    const int64_t timeout = retry_timeout_ms_.load();
    const milliseconds wait = timeout > 0 ? milliseconds(timeout) : backoff;
    SLUICE_LOG_WARN(logger(), "put failed, redelivering the batch of "
                                  << batch_.size() << " record(s) in " << wait.count()
                                  << " ms (attempt " << attempt << "): " << st.message());
    SetRunningTrace("Retrying put of " + std::to_string(batch_.size()) + " record(s), attempt " +
                    std::to_string(attempt) + ": " + st.ToString());
    SleepUnlessStopped(wait);
    if (stopping()) return Status::Cancelled("stopped while redelivering a batch");
    backoff = std::min(backoff * 2, kMaxRetryBackoff);
  }
}

Status SinkTaskRunner::CommitOffsets(const std::vector<transport::TopicPartition>* only) {
  if (!task_ || !consumer_) return Status::OK();
  transport::OffsetMap current;
  for (const auto& [tp, offset] : delivered_) {
    if (!only || std::find(only->begin(), only->end(), tp) != only->end()) current[tp] = offset;
  }
  if (current.empty()) return Status::OK();
  // Tolerated records count as delivered: their dead letters must be written first.
  SLUICE_RETURN_IF_ERROR(pipeline_->errors().Flush());
  Result<transport::OffsetMap> pre_commit = [&] {
    PluginCall call(*this, "preCommit");
    return task_->PreCommit(current);
  }();
  SLUICE_ASSIGN_OR_RETURN(auto safe, std::move(pre_commit));
  // Never commit past what was delivered, whatever the task says.
  transport::OffsetMap to_commit;
  for (const auto& [tp, offset] : safe) {
    auto it = current.find(tp);
    if (it != current.end()) to_commit[tp] = std::min(offset, it->second);
  }
  if (to_commit.empty()) return Status::OK();
  Status st = consumer_->Commit(to_commit);
  if (!st.ok()) SLUICE_LOG_WARN(logger(), "offset commit failed: " << st.message());
  return st.IsTransient() ? Status::OK() : st;
}

void SinkTaskRunner::OnPartitionsAssigned(
    const std::vector<transport::TopicPartition>& partitions) {
  SLUICE_LOG_INFO(logger(), "assigned " << partitions.size() << " partition(s)");
  PluginCall call(*this, "open");
  Status st = task_->Open(partitions);
  if (!st.ok() && listener_error_.ok()) listener_error_ = st;
}

void SinkTaskRunner::OnPartitionsRevoked(const std::vector<transport::TopicPartition>& partitions) {
  Status st = CommitOffsets(&partitions);
  if (st.ok()) {
    PluginCall call(*this, "close");
    st = task_->Close(partitions);
  }
  for (const auto& tp : partitions) delivered_.erase(tp);
  if (!st.ok() && listener_error_.ok() && !stopping()) listener_error_ = st;
}

void SinkTaskRunner::Seek(const std::string& topic, int32_t partition, int64_t offset) {
  Status st = consumer_->Seek({topic, partition}, offset);
  if (!st.ok())
    SLUICE_LOG_WARN(logger(),
                    "seek of " << topic << "-" << partition << " failed: " << st.message());
}

void SinkTaskRunner::Pause(const std::string& topic, int32_t partition) {
  (void)consumer_->Pause({{topic, partition}});
}

void SinkTaskRunner::Resume(const std::string& topic, int32_t partition) {
  (void)consumer_->Resume({{topic, partition}});
}

void SinkTaskRunner::RequestCommit() {
  commit_requested_.store(true);
}

std::string SinkTaskRunner::AssignmentJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& tp : consumer_->Assignment())
    out.push_back({{"topic", tp.topic}, {"partition", tp.partition}});
  return out.dump();
}

void SinkTaskRunner::SetRetryTimeout(int64_t timeout_ms) {
  retry_timeout_ms_.store(std::max<int64_t>(timeout_ms, 0));
}

sluice_status SinkTaskRunner::ReportErrant(const sluice_sink_record& record,
                                           std::string_view error) {
  // The dead-letter topic gets the original bytes and place of the record, as Kafka's reporter
  // does, whatever transforms made of it before the task saw it.
  FailedRecord failed;
  failed.topic.assign(abi::View(record.topic));
  failed.partition = record.partition;
  failed.offset = record.offset;
  if (const transport::ConsumedRecord* original =
          delivering_ ? batch_.OriginalOf(record) : nullptr) {
    failed = {original->key,   original->value,     original->headers,
              original->topic, original->partition, original->offset};
  }
  Status st = pipeline_->errors().Report({ErrorStage::kTaskPut, setup_.cls->class_name},
                                         Status::Internal(std::string(error)), failed);
  return st.ok() ? SLUICE_OK : SLUICE_FATAL;
}

}  // namespace sluice::worker
