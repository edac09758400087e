#include "hdfs-sink/hdfs_sink_task.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "hdfs-sink/record_error.h"
#include "hdfs-sink/storage_factory.h"

namespace sluice::hdfs_sink {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Name(const std::pair<std::string, int32_t>& tp) {
  return tp.first + "-" + std::to_string(tp.second);
}

std::string Duration(std::chrono::milliseconds d) {
  return d.count() < 10000 ? std::to_string(d.count()) + " ms"
                           : std::to_string(d.count() / 1000) + " s";
}

}  // namespace

void HdfsSinkTask::ThrowForHost(const StorageError& e) {
  // Stopping or pausing: the host delivers the batch again, if at all. Not an outage.
  if (e.cancelled()) throw sdk::RetriableError(e.what());
  if (!e.transient()) {
    throw sdk::PluginError(SLUICE_FATAL,
                           std::string(StorageErrorKindName(e.kind())) + ": " + e.what());
  }
  // Failures raised above the storage (a refused rename) have not been counted yet.
  if (!outage_->Elapsed()) outage_->Failed();
  const auto failing = outage_->Elapsed().value_or(std::chrono::milliseconds(0));
  const std::string limit =
      "hdfs.retry.timeout.ms=" + std::to_string(outage_->policy().give_up_after.count());
  if (outage_->Exhausted()) {
    throw sdk::PluginError(SLUICE_FATAL, "HDFS has been failing for " + Duration(failing) +
                                             ", longer than " + limit +
                                             "; last error: " + e.what());
  }
  throw sdk::RetriableError(std::string(e.what()) + " (HDFS failing for " + Duration(failing) +
                            "; the task fails after " + limit + ")");
}

void HdfsSinkTask::ThrowIfTimerGaveUp() {
  if (timer_failure_) throw sdk::PluginError(SLUICE_FATAL, *timer_failure_);
}

HdfsSinkTask::~HdfsSinkTask() {
  if (fence_) fence_->Close();  // aborts what the timer thread may have in flight
  if (sleeper_) sleeper_->Cancel();
  StopTimer();
}

void HdfsSinkTask::Start(const Config& config) {
  config_ = HdfsSinkConfig::Parse(config.originals());
  auto name = config.originals().find("name");
  if (name != config.originals().end()) name_ = name->second;
  outage_ = std::make_shared<OutageClock>(config_.retry);
  fence_ = std::make_shared<StorageFence>(config_.shutdown_timeout);
  sleeper_ = std::make_shared<BackoffSleeper>();
  storage_ =
      MakeStorage(config_, outage_, fence_, sleeper_, [this](const std::string& m) { Warn(m); });
  layout_ = std::make_unique<FileLayout>(
      config_.store.root, config_.topics_dir, config_.logs_dir,
      std::string(config_.format.extension()) + CompressionExtension(config_.compression),
      config_.offset_width);
  partitioner_ = MakePartitioner(config_.partitioner);
  timestamps_ = MakeTimestampExtractor(config_.timestamp_extractor, config_.timestamp_field);

  env_.storage = storage_.get();
  env_.layout = layout_.get();
  env_.partitioner = partitioner_.get();
  env_.timestamps = timestamps_.get();
  env_.format = &config_.format;
  env_.compression = config_.compression;
  env_.rotation = config_.rotation;
  env_.zone = config_.zone;
  env_.write_buffer_bytes = config_.write_buffer_bytes;
  env_.outage = outage_.get();
  env_.warn = [this](const std::string& m) { Warn(m); };

  if (config_.rotation.rotate_schedule_interval_ms > 0) {
    timer_ = std::thread([this] { TimerLoop(); });
    timer_id_ = timer_.get_id();
  }
  log().Info("hdfs-sink task writing to " + storage_->Describe() + " under " +
             JoinPath(config_.store.root, config_.topics_dir));
}

PartitionWriter& HdfsSinkTask::WriterFor(const TopicPartition& tp) {
  auto it = writers_.find(tp);
  if (it == writers_.end()) {
    it = writers_.emplace(tp, std::make_unique<PartitionWriter>(tp.first, tp.second, env_)).first;
  }
  return *it->second;
}

bool HdfsSinkTask::RecoverAndSeek(const TopicPartition& tp, PartitionWriter& writer) {
  writer.Recover();
  std::optional<int64_t> offset = writer.committed_offset();
  if (!offset) return false;
  context().Seek(tp.first, tp.second, *offset);
  return true;
}

std::vector<HdfsSinkTask::TopicPartition> HdfsSinkTask::ApplyRewinds() {
  std::vector<TopicPartition> rewound;
  for (auto& [tp, writer] : writers_) {
    if (std::optional<int64_t> offset = writer->TakeRewind()) {
      context().Seek(tp.first, tp.second, *offset);
      rewound.push_back(tp);
    }
  }
  return rewound;
}

void HdfsSinkTask::Open(const std::vector<sdk::TopicPartitionOffset>& partitions) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& p : partitions) {
    const TopicPartition tp{p.topic, p.partition};
    PartitionWriter& writer = WriterFor(tp);
    try {
      RecoverAndSeek(tp, writer);
    } catch (const StorageError& e) {
      if (!e.transient() && !e.cancelled()) ThrowForHost(e);
      // Put tries again before it writes anything of this partition.
      Warn("recovery of " + Name(tp) + " postponed: " + e.what());
    }
  }
}

void HdfsSinkTask::Put(const std::vector<sdk::SinkRecord>& records) {
  FlushWarnings();
  fence_->Reopen();  // after a pause; a stopping task gets no more batches
  std::unique_lock<std::mutex> lock(mu_);
  ThrowIfTimerGaveUp();
  const uint64_t successes_before = outage_->successes();
  std::vector<TopicPartition> rewound = ApplyRewinds();
  std::set<TopicPartition> skipped(rewound.begin(), rewound.end());
  try {
    for (const sdk::SinkRecord& record : records) {
      const TopicPartition tp{record.topic, record.partition};
      if (skipped.count(tp) != 0) continue;  // sought back: these come again
      PartitionWriter& writer = WriterFor(tp);
      if (!writer.recovered() && RecoverAndSeek(tp, writer)) {
        skipped.insert(tp);
        continue;
      }
      try {
        writer.Write(record, NowMs());
      } catch (const RecordError& e) {
        context().ReportErrant(record, e.what());  // throws unless errors are tolerated
      }
      if (std::optional<int64_t> offset = writer.TakeRewind()) {
        context().Seek(tp.first, tp.second, *offset);
        skipped.insert(tp);
      }
    }
  } catch (const StorageError& e) {
    lock.unlock();
    FlushWarnings();
    ThrowForHost(e);
  }
  // A batch that reached HDFS went through: any outage is over.
  if (outage_->successes() != successes_before) outage_->Recovered();
  timer_kick_ = true;
  timer_cv_.notify_all();
  lock.unlock();
  FlushWarnings();
}

std::vector<sdk::TopicPartitionOffset> HdfsSinkTask::PreCommit(
    const std::vector<sdk::TopicPartitionOffset>& current) {
  std::lock_guard<std::mutex> lock(mu_);
  ThrowIfTimerGaveUp();  // Put may not come: without records the host only asks this
  ApplyRewinds();
  std::vector<sdk::TopicPartitionOffset> safe;
  for (const auto& c : current) {
    auto it = writers_.find({c.topic, c.partition});
    if (it == writers_.end()) continue;
    if (std::optional<int64_t> offset = it->second->committed_offset()) {
      safe.push_back({c.topic, c.partition, *offset});
    }
  }
  return safe;
}

void HdfsSinkTask::Close(const std::vector<sdk::TopicPartitionOffset>& partitions) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& p : partitions) {
    auto it = writers_.find({p.topic, p.partition});
    if (it == writers_.end()) continue;
    it->second->Close();
    writers_.erase(it);
  }
}

void HdfsSinkTask::Stop() {
  if (!fence_) return;  // never started
  // Whether or not the worker woke the task first: abort what the timer has in flight, and give
  // closing the files the grace, no more.
  fence_->Wake();
  sleeper_->Cancel();  // no more waiting on retries: one attempt each from now
  StopTimer();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [tp, writer] : writers_) writer->Close();
    writers_.clear();
  }
  fence_->Close();
}

void HdfsSinkTask::Wakeup() {
  // To stop or to pause the task: see StorageFence.
  if (fence_) fence_->Wake();
  if (sleeper_) sleeper_->Wakeup();
}

void HdfsSinkTask::StopTimer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    timer_stop_ = true;
  }
  timer_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
}

void HdfsSinkTask::TimerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!timer_stop_) {
    std::optional<int64_t> next;
    for (auto& [tp, writer] : writers_) {
      std::optional<int64_t> due = writer->NextTimerMs();
      if (due && (!next || *due < *next)) next = due;
    }
    auto woken = [&] { return timer_stop_ || timer_kick_; };
    if (next && !timer_failure_) {
      timer_cv_.wait_until(
          lock, std::chrono::system_clock::time_point(std::chrono::milliseconds(*next)), woken);
    } else {
      timer_cv_.wait(lock, woken);
    }
    timer_kick_ = false;
    if (timer_stop_) break;
    bool committed = false;
    RunTimers(NowMs(), committed);
    // Let the host ask PreCommit now rather than at its next offset flush.
    if (committed) context().RequestCommit();
  }
}

void HdfsSinkTask::RunTimers(int64_t now, bool& committed) {
  if (timer_failure_) return;  // given up: the next hook fails the task
  for (auto& [tp, writer] : writers_) {
    std::optional<int64_t> due = writer->NextTimerMs();
    if (!due || *due > now) continue;
    const uint64_t successes_before = outage_->successes();
    try {
      committed = writer->OnTimer(now) || committed;
      if (outage_->successes() != successes_before) outage_->Recovered();
    } catch (const StorageError& e) {
      if (e.cancelled()) return;  // stopping or pausing: the writer retries it afterwards
      if (e.transient() && !outage_->Elapsed()) outage_->Failed();
      const auto failing = outage_->Elapsed().value_or(std::chrono::milliseconds(0));
      const std::string limit =
          "hdfs.retry.timeout.ms=" + std::to_string(outage_->policy().give_up_after.count());
      if (!e.transient() || outage_->Exhausted()) {
        timer_failure_ =
            "scheduled commit of " + Name(tp) + " failed" +
            (e.transient()
                 ? " and HDFS has been failing for " + Duration(failing) + ", longer than " + limit
                 : std::string(" (") + StorageErrorKindName(e.kind()) + ")") +
            ": " + e.what();
        LogFromTimer(SLUICE_LOG_ERROR, *timer_failure_ + "; the task fails at its next call");
        return;
      }
      // The writer keeps the commit and retries it when NextTimerMs says.
      LogFromTimer(SLUICE_LOG_WARN, "scheduled commit of " + Name(tp) + " failed, retrying in " +
                                        std::to_string(outage_->NextWait().count()) +
                                        " ms (HDFS failing for " + Duration(failing) +
                                        "; the task fails after " + limit + "): " + e.what());
    } catch (const std::exception& e) {
      LogFromTimer(SLUICE_LOG_WARN,
                   "scheduled commit of " + Name(tp) + " failed, retrying: " + e.what());
    }
  }
}

void HdfsSinkTask::LogFromTimer(sluice_log_level level, const std::string& message) const {
  // No hook call is under way on this thread: the SDK's logger without a call writes to the
  // worker's plugin logger, so the line names the connector itself.
  sdk::Logger().Log(level, "hdfs-sink" + (name_.empty() ? "" : " " + name_) + ": " + message);
}

void HdfsSinkTask::Warn(const std::string& message) {
  if (std::this_thread::get_id() == timer_id_) {
    LogFromTimer(SLUICE_LOG_WARN, message);
    return;
  }
  std::lock_guard<std::mutex> lock(warnings_mu_);
  warnings_.push_back(message);
}

void HdfsSinkTask::FlushWarnings() {
  std::vector<std::string> pending;
  {
    std::lock_guard<std::mutex> lock(warnings_mu_);
    pending.swap(warnings_);
  }
  for (const std::string& m : pending) log().Warn(m);
}

}  // namespace sluice::hdfs_sink
