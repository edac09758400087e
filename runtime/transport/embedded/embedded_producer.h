// The embedded log's Producer.
//
// Send() encodes each record straight into an open batch for its partition (keyed records go
// where Kafka's Java DefaultPartitioner puts them; records without a key stick to one partition
// per batch, then move on to the next, like Kafka's sticky partitioner). A sender thread appends
// a batch once it holds batch.size bytes, has waited linger.ms, or Flush() asks for it, and then
// runs the batch's delivery callbacks, in order, on that thread: after the bytes are written to
// the log file (the OS page cache), with fsync as the flush policy says. Poll() runs no callbacks;
// it only waits for deliveries.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "transport/embedded/client_settings.h"
#include "transport/embedded/log_manager.h"
#include "transport/embedded/record_batch.h"
#include "transport/embedded/wall_clock.h"
#include "transport/transport.h"

namespace sluice::embedded {

class EmbeddedProducer final : public transport::Producer {
 public:
  EmbeddedProducer(std::shared_ptr<LogManager> logs, ProducerSettings settings, WallClock clock);
  // Appends and delivers everything queued, then stops the sender thread.
  ~EmbeddedProducer() override;

  // Creates the topic on first use (num.partitions) when auto.create.topics.enable is on.
  // kRetriable when buffer.memory bytes are already waiting; kInvalidArgument for a partition
  // the topic does not have or a record larger than max.request.size.
  Status Send(transport::ProducerRecord record, transport::DeliveryCallback on_delivery) override;
  void Poll(std::chrono::milliseconds timeout) override;
  Status Flush(std::chrono::milliseconds timeout) override;

 private:
  using SteadyClock = std::chrono::steady_clock;

  struct Batch {
    std::shared_ptr<PartitionLog> log;
    RecordBatchBuilder builder;
    std::vector<transport::DeliveryCallback> callbacks;
    SteadyClock::time_point due;  // appended at this time at the latest
  };

  // The topic (cached; created on first use), with `lock` on mu_ held on entry and on return.
  Result<Topic*> TopicFor(const std::string& name, std::unique_lock<std::mutex>& lock);
  Result<int32_t> ChoosePartition(const transport::ProducerRecord& record, const Topic& topic);
  // Moves a batch out of open_ (the next keyless record then sticks to another partition).
  void CloseBatch(std::map<transport::TopicPartition, Batch>::iterator it);
  std::vector<Batch> TakeDueBatches(SteadyClock::time_point now);
  void RunSender();
  void Deliver(Batch& batch);

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
  uint32_t next_sticky_ = 0;
  size_t queued_bytes_ = 0;
  size_t pending_records_ = 0;  // sent but not yet delivered
  uint64_t deliveries_ = 0;
  int flushers_ = 0;  // Flush() calls in progress: linger is skipped
  bool closing_ = false;
  std::thread sender_;
};

}  // namespace sluice::embedded
