// The embedded log's Producer.
//
// Send() encodes each record straight into an open batch for its partition (keyed records go
// where Kafka's Java DefaultPartitioner puts them; records without a key stick to one partition
// per batch, then move on to the next, like Kafka's sticky partitioner). A sender thread appends
// a batch once it holds batch.size bytes, has waited linger.ms, or Flush() asks for it, and then
// runs the batch's delivery callbacks, in order, on that thread: after the bytes are written to
// the log file (the OS page cache), with fsync as the flush policy says. Poll() runs no callbacks;
// it only waits for deliveries.
//
// With a transactional.id (exactly-once sources) the producer keeps one open batch at a time,
// so batches are appended in the order their records were sent, and journals each batch with
// the commit state as of its last record (see producer_state_journal.h).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "transport/embedded/client_settings.h"
#include "transport/embedded/log_manager.h"
#include "transport/embedded/producer_state_journal.h"
#include "transport/embedded/record_batch.h"
#include "transport/embedded/wall_clock.h"
#include "transport/transport.h"

namespace sluice::embedded {

class EmbeddedProducer final : public transport::Producer {
 public:
  // `journal`: required when settings.transactional_id is set, null otherwise.
  EmbeddedProducer(std::shared_ptr<LogManager> logs, ProducerSettings settings, WallClock clock,
                   std::unique_ptr<ProducerStateJournal> journal = nullptr);
  // Appends and delivers everything queued, then stops the sender thread.
  ~EmbeddedProducer() override;

  // Creates the topic on first use (num.partitions) when auto.create.topics.enable is on.
  // kRetriable when buffer.memory bytes are already waiting; kInvalidArgument for a partition
  // the topic does not have or a record larger than max.request.size.
  Status Send(const transport::ProducerRecord& record,
              transport::DeliveryCallback on_delivery) override;
  void Poll(std::chrono::milliseconds timeout) override;
  Status Flush(std::chrono::milliseconds timeout) override;
  Status SetCommitEntry(transport::CommitStateEntry entry) override;
  Status ForgetCommitEntries(const transport::CommitState& stored) override;

 private:
  using SteadyClock = std::chrono::steady_clock;

  struct Batch {
    std::shared_ptr<PartitionLog> log;
    RecordBatchBuilder builder;
    std::vector<transport::DeliveryCallback> callbacks;
    SteadyClock::time_point due;                         // appended at this time at the latest
    std::optional<transport::CommitState> commit_state;  // as of its last record (journaled)
  };

  // The last batch this producer appended, for a commit state that arrives after it.
  struct AppendedBatch {
    transport::TopicPartition partition;
    int64_t base_offset = -1;
    uint32_t crc = 0;
  };

  // The topic (cached; created on first use), with `lock` on mu_ held on entry and on return.
  Result<Topic*> TopicFor(const std::string& name, std::unique_lock<std::mutex>& lock);
  Result<int32_t> ChoosePartition(const transport::ProducerRecord& record, const Topic& topic);
  // Moves a batch out of open_ (the next keyless record then sticks to another partition).
  void CloseBatch(std::map<transport::TopicPartition, Batch>::iterator it);
  std::vector<Batch> TakeDueBatches(SteadyClock::time_point now);
  void RunSender();
  // Appends the batch and runs its callbacks; returns its bytes, for reuse.
  std::string Deliver(Batch& batch);
  Result<int64_t> Append(Batch& batch, SealedBatch& sealed);
  // The commit state changed without a record: it goes with the next batch to be appended, or,
  // when none waits, is journaled against the last batch appended. `lock` holds mu_.
  Status CommitStateChanged(std::unique_lock<std::mutex>& lock);

  const std::shared_ptr<LogManager> logs_;
  const ProducerSettings settings_;
  const WallClock clock_;

  std::mutex mu_;
  std::condition_variable sender_cv_;                     // work for the sender
  std::condition_variable delivered_cv_;                  // a batch was delivered
  std::map<transport::TopicPartition, Batch> open_;       // still taking records
  std::deque<Batch> full_;                                // closed, waiting for the sender
  std::map<std::string, std::shared_ptr<Topic>> topics_;  // keeps the Topic* above alive
  std::map<std::string, int32_t> sticky_;  // topic -> partition for records without a key
  // The open batch the last keyless record went to (and its topic), while it stays open: where
  // the next keyless record of that topic goes.
  std::optional<std::map<transport::TopicPartition, Batch>::iterator> sticky_open_;
  Topic* sticky_topic_ = nullptr;
  std::vector<std::string> spare_buffers_;  // storage of appended batches, for new ones
  uint32_t next_sticky_ = 0;
  size_t queued_bytes_ = 0;
  size_t pending_records_ = 0;  // sent but not yet delivered
  uint64_t deliveries_ = 0;
  int flushers_ = 0;  // Flush() calls in progress: linger is skipped
  bool closing_ = false;

  // Exactly-once mode only. The journal is written by the sender, or by CommitStateChanged while
  // nothing is being delivered; last_appended_ is the sender's, read under mu_ when idle.
  std::unique_ptr<ProducerStateJournal> journal_;
  transport::CommitState commit_state_;  // as of the last record sent
  std::optional<AppendedBatch> last_appended_;
  bool append_failed_ = false;
  std::thread sender_;
};

}  // namespace sluice::embedded
