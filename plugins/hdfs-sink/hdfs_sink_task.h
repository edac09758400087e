// The hdfs-sink's task: one PartitionWriter per assigned topic-partition, driven by the host's
// calls, plus a timer thread that commits files on the wall clock (rotate.schedule.interval.ms)
// when no record comes to do it.
//
// Offsets: PreCommit returns, per partition, the offset after its last committed file and
// nothing else, so the consumer's committed offsets never run ahead of the files. On Open each
// partition is recovered from its files and the consumer is sought to the committed offset.
//
// Errors: a transient storage failure (after hdfs.retry.max retries) is a RetriableError naming
// the operation, the URL and what failed, and the host delivers the same batch again; the
// writers skip what they took already and go on. Once HDFS has been failing for
// hdfs.retry.timeout.ms (see OutageClock), the next failure fails the task, so that the worker's
// restart policy applies. A permanent failure (permission denied) fails the task at once. A
// record the sink cannot write (no timestamp, a missing field) goes to the connector's error
// handling.
//
// Threads: the host's task thread calls the hooks; the timer thread takes the same lock, logs
// its failures at once (through the SDK's logger for threads of the plugin's own) and counts
// them on the same OutageClock; when it gives up, the next Put or PreCommit fails the task.
// Stop() and the destructor end the timer thread. Destroying the task without Stop() leaves its
// files as a crash would, which recovery is built for.
//
// Stopping: the worker wakes the task, then abandons its thread if it has not stopped within
// task.shutdown.graceful.timeout.ms, and may start another instance. So Wakeup aborts the HDFS
// requests in flight and lets later ones run for shutdown.timeout.ms only; after Stop nothing
// is sent (see StorageFence). Nothing of this instance can commit a file once another may be
// recovering the partitions.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "hdfs-sink/backoff_sleeper.h"
#include "hdfs-sink/file_layout.h"
#include "hdfs-sink/outage_clock.h"
#include "hdfs-sink/partition_writer.h"
#include "hdfs-sink/partitioner.h"
#include "hdfs-sink/sink_config.h"
#include "hdfs-sink/storage.h"
#include "hdfs-sink/storage_fence.h"
#include "hdfs-sink/timestamp_extractor.h"
#include "sluice/sdk.h"

namespace sluice::hdfs_sink {

class HdfsSinkTask : public sdk::SinkTask {
 public:
  HdfsSinkTask() = default;
  ~HdfsSinkTask() override;

  void Start(const Config& config) override;
  void Open(const std::vector<sdk::TopicPartitionOffset>& partitions) override;
  void Put(const std::vector<sdk::SinkRecord>& records) override;
  std::vector<sdk::TopicPartitionOffset> PreCommit(
      const std::vector<sdk::TopicPartitionOffset>& current) override;
  void Close(const std::vector<sdk::TopicPartitionOffset>& partitions) override;
  void Stop() override;
  void Wakeup() override;

 private:
  using TopicPartition = std::pair<std::string, int32_t>;

  PartitionWriter& WriterFor(const TopicPartition& tp);
  // Recovers `writer` and seeks the consumer to its committed offset; returns whether it
  // sought. Throws StorageError.
  bool RecoverAndSeek(const TopicPartition& tp, PartitionWriter& writer);
  // Seeks the partitions whose writers lost records; returns them.
  std::vector<TopicPartition> ApplyRewinds();
  void TimerLoop();
  void RunTimers(int64_t now_ms, bool& committed);
  void StopTimer();
  // The error to throw for a storage failure: retriable while the outage is within
  // hdfs.retry.timeout.ms, fatal after, or when it is permanent.
  [[noreturn]] void ThrowForHost(const StorageError& e);
  // Throws the failure the timer thread gave up on, if any. Needs mu_.
  void ThrowIfTimerGaveUp();
  // On a hook's thread warnings are kept and written at the end of the hook, attributed to the
  // task (its logger is valid only within a hook call); on the timer thread they are written at
  // once, naming the connector.
  void Warn(const std::string& message);
  void FlushWarnings();
  void LogFromTimer(sluice_log_level level, const std::string& message) const;

  HdfsSinkConfig config_;
  std::string name_;  // the connector's, for the timer thread's log lines
  std::shared_ptr<OutageClock> outage_;
  std::shared_ptr<StorageFence> fence_;
  std::shared_ptr<BackoffSleeper> sleeper_;
  std::unique_ptr<Storage> storage_;
  std::unique_ptr<FileLayout> layout_;
  std::unique_ptr<Partitioner> partitioner_;
  std::unique_ptr<TimestampExtractor> timestamps_;
  WriterEnvironment env_;

  std::mutex mu_;  // the writers and everything they touch
  std::map<TopicPartition, std::unique_ptr<PartitionWriter>> writers_;
  std::condition_variable timer_cv_;
  bool timer_stop_ = false;
  bool timer_kick_ = false;                   // deadlines may have moved
  std::optional<std::string> timer_failure_;  // why the timer gave up: fails the task
  std::thread timer_;
  std::thread::id timer_id_;

  std::mutex warnings_mu_;
  std::vector<std::string> warnings_;
};

}  // namespace sluice::hdfs_sink
