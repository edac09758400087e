// Plays the host for an HdfsSinkTask: a stand-in for the topics (FakeKafka: records and the
// consumer group's committed offsets) and a driver that delivers them as the worker's sink task
// runner does: batches to Put, the same batch again after a RetriableError, seeks obeyed,
// PreCommit's offsets committed (never past what was delivered).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "hdfs-sink/hdfs_sink_task.h"
#include "sluice/plugin_abi.h"
#include "sluice/sdk.h"

// The opaque handles of plugin_abi.h, as this test host defines them.
struct sluice_call {
  std::mutex mu;
  std::vector<std::pair<sluice_log_level, std::string>> logs;
  std::string error;
  std::vector<std::pair<std::string, int64_t>> commits;  // "topic-partition", offset
};
struct sluice_sink_context {
  std::mutex mu;
  std::vector<std::tuple<std::string, int32_t, int64_t>> seeks;
  int commit_requests = 0;
  bool tolerate_errant = false;
  std::vector<std::string> errant;
};
struct sluice_connector_context {};
struct sluice_source_context {};

namespace sluice::hdfs_test {

using TopicPartition = std::pair<std::string, int32_t>;
using Props = std::map<std::string, std::string>;
using hdfs_sink::HdfsSinkTask;

// The host callbacks, recording into the handles above; lines logged outside a hook call (from
// the task's own threads) go to ThreadLogs().
const sluice_host_api& TestHost();
sluice_call& ThreadLogs();
// Points the SDK (linked into the test) at TestHost().
void InstallTestHost();

struct FakeKafka {
  std::map<TopicPartition, std::vector<sdk::SinkRecord>> logs;
  std::map<TopicPartition, int64_t> committed;

  // Appends a string record and returns its offset.
  int64_t Produce(const std::string& topic, int32_t partition, const std::string& value,
                  int64_t timestamp_ms);
};

class SinkDriver {
 public:
  SinkDriver(FakeKafka& kafka, const Props& props);
  ~SinkDriver();  // stops the task as the host does, unless it crashed

  HdfsSinkTask& task() { return *task_; }
  sluice_sink_context& context() { return *context_; }

  // Assigns partitions: positions start at the committed offsets, then the task's seeks apply.
  void Open(const std::vector<TopicPartition>& partitions);

  // Delivers everything produced, `batch` records per Put and partition, until every position
  // is at the end of its log. Returns how many RetriableErrors the task threw (each followed by
  // the same batch again).
  int DeliverAll(size_t batch = 10);

  // Hands PreCommit the delivered positions and commits what it returns.
  std::map<TopicPartition, int64_t> CommitOffsets();

  // Revokes the partitions (Close) and stops the task, as the host does at shutdown.
  void Shutdown();

  // Destroys the task without Stop or Close: what a killed worker leaves behind.
  void Crash();

  int64_t position(const TopicPartition& tp) const { return positions_.at(tp); }
  // What the task logged, in its hooks and then from its own threads.
  std::vector<std::string> Logs();
  std::vector<std::tuple<std::string, int32_t, int64_t>> TakeSeeks();

 private:
  void ApplySeeks();

  FakeKafka& kafka_;
  std::unique_ptr<sluice_sink_context> context_;
  std::unique_ptr<sluice_call> call_;
  std::unique_ptr<HdfsSinkTask> task_;
  std::map<TopicPartition, int64_t> positions_;
};

}  // namespace sluice::hdfs_test
