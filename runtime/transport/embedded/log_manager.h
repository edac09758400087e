// The topics of the embedded log: creates them (explicitly or on first use), finds, describes and
// deletes them, and runs the background work that keeps the promises of the flush and retention
// policies (one thread: fsync every log.flush.interval.ms, retention every
// log.retention.check.interval.ms).
//
// Layout under log.dirs: one folder per partition, `<topic>-<partition>/`, holding topic.json and
// the partition's segments. A folder renamed to `...-delete` is a deletion in progress; it is
// finished at the next start. `.clean-shutdown` is written after everything was synced at a clean
// stop and removed at open: only without it does recovery check every batch of each partition's
// active segment (as Kafka's .kafka_cleanshutdown).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "transport/embedded/file_writer.h"
#include "transport/embedded/log_config.h"
#include "transport/embedded/partition_log.h"
#include "transport/embedded/topic_metadata.h"
#include "transport/embedded/wall_clock.h"
#include "transport/transport.h"

namespace sluice::embedded {

class Topic {
 public:
  Topic(TopicMetadata metadata, std::vector<std::shared_ptr<PartitionLog>> partitions)
      : metadata_(std::move(metadata)), partitions_(std::move(partitions)) {}

  const std::string& name() const { return metadata_.name; }
  int32_t partition_count() const { return static_cast<int32_t>(partitions_.size()); }
  const std::shared_ptr<PartitionLog>& partition(int32_t p) const { return partitions_[p]; }
  const std::map<std::string, std::string>& configs() const { return metadata_.configs; }
  // Set once the topic is deleted; holders of the Topic should look it up again.
  bool deleted() const { return deleted_.load(std::memory_order_acquire); }

 private:
  friend class LogManager;
  const TopicMetadata metadata_;
  const std::vector<std::shared_ptr<PartitionLog>> partitions_;
  std::atomic<bool> deleted_{false};
};

class LogManager {
 public:
  struct Options {
    EmbeddedLogSettings settings;  // settings.log_dir must exist
    std::shared_ptr<FileWriter> writer;
    WallClock clock;
    // Off in tests that drive flushing and retention themselves.
    bool run_background_thread = true;
  };

  // Opens every topic found under the log directory, recovering each partition.
  static Result<std::shared_ptr<LogManager>> Open(Options options);
  // Stops the background thread, fsyncs everything and marks the shutdown clean.
  ~LogManager();

  LogManager(const LogManager&) = delete;
  LogManager& operator=(const LogManager&) = delete;

  // partitions == -1 means num.partitions. kAlreadyExists when the topic is there.
  Status CreateTopic(const std::string& name, int32_t partitions,
                     const std::map<std::string, std::string>& configs);
  // The topic; when it is missing and `create_if_missing`, created with num.partitions if
  // auto.create.topics.enable, else kNotFound.
  Result<std::shared_ptr<Topic>> GetTopic(const std::string& name, bool create_if_missing);
  std::vector<std::string> ListTopics() const;
  std::map<std::string, int32_t> PartitionCounts() const;
  Result<transport::TopicDescription> DescribeTopic(const std::string& name) const;
  Status DeleteTopic(const std::string& name);

  // fsyncs every partition that has unsynced appends.
  Status FlushAll();
  // Applies retention to every partition now.
  Status EnforceRetention();

  // Called after a topic was created or deleted, on the thread that did it, with no lock of the
  // manager held.
  void AddTopicsChangedListener(std::function<void()> listener);

  const EmbeddedLogSettings& settings() const { return options_.settings; }

 private:
  explicit LogManager(Options options);
  Status LoadTopics();
  Result<std::shared_ptr<Topic>> OpenTopic(const TopicMetadata& metadata, bool create);
  Status SyncForShutdown();
  Result<std::shared_ptr<Topic>> CreateTopicLocked(
      const std::string& name, int32_t partitions,
      const std::map<std::string, std::string>& configs);
  std::vector<std::shared_ptr<PartitionLog>> AllPartitions() const;
  void NotifyTopicsChanged();
  void RunBackground();

  const Options options_;
  bool opened_after_clean_shutdown_ = false;

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Topic>> topics_;

  std::mutex listeners_mu_;
  std::vector<std::function<void()>> listeners_;

  std::mutex background_mu_;
  std::condition_variable background_cv_;
  bool stopping_ = false;
  std::thread background_;
};

}  // namespace sluice::embedded
