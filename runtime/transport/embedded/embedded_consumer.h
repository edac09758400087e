// The embedded log's Consumer: a member of a consumer group (see GroupCoordinator) that reads its
// assigned partitions straight from the partition logs.
//
// Poll() sleeps on a Waiter that appends to the assigned partitions, group changes and Wakeup()
// ring, so an idle consumer uses no CPU. Each partition is read ahead by up to
// max.partition.fetch.bytes; Poll hands out up to max_records from those buffers, taking
// partitions in turn. A position outside the log (after retention, or a seek past the end) is
// reset by auto.offset.reset, with a WARN line. The consumer never commits by itself.
//
// Like Kafka's consumer, it is used from one thread; only Wakeup() may be called from another.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "transport/embedded/client_settings.h"
#include "transport/embedded/group_coordinator.h"
#include "transport/embedded/log_manager.h"
#include "transport/embedded/offset_store.h"
#include "transport/embedded/waiter.h"
#include "transport/transport.h"

namespace sluice::embedded {

class EmbeddedConsumer final : public transport::Consumer {
 public:
  EmbeddedConsumer(std::shared_ptr<LogManager> logs, std::shared_ptr<GroupCoordinator> groups,
                   std::shared_ptr<OffsetStore> offsets, std::string group_id,
                   transport::RebalanceListener* listener, ConsumerSettings settings);
  ~EmbeddedConsumer() override;  // Close()

  // Topics that do not exist are created (num.partitions) when auto.create.topics.enable is on,
  // as Kafka's consumer does; an empty list unsubscribes.
  Status Subscribe(const std::vector<std::string>& topics) override;
  // Also picks up topics created later that match.
  Status SubscribePattern(const std::string& regex) override;
  Status PollInto(std::chrono::milliseconds timeout, size_t max_records,
                  transport::ConsumedRecords& records) override;
  Result<std::vector<transport::ConsumedRecord>> Poll(std::chrono::milliseconds timeout,
                                                      size_t max_records) override;
  Status Commit(const transport::OffsetMap& offsets) override;
  Result<transport::OffsetMap> Committed(
      const std::vector<transport::TopicPartition>& partitions) override;
  Status Seek(const transport::TopicPartition& partition, int64_t offset) override;
  std::vector<transport::TopicPartition> Assignment() override;
  Status Pause(const std::vector<transport::TopicPartition>& partitions) override;
  Status Resume(const std::vector<transport::TopicPartition>& partitions) override;
  void Wakeup() override;
  Status Close() override;

 private:
  struct PartitionState {
    transport::TopicPartition id;
    std::shared_ptr<PartitionLog> log;
    int64_t position = -1;  // next offset to hand out; -1 until known
    bool paused = false;
    transport::ConsumedRecords buffer;  // read ahead, from `position` on
    size_t buffer_next = 0;
  };

  Status Join(GroupCoordinator::Subscription subscription);
  void Unsubscribe();
  // Takes part in a new generation of the group, if there is one (see GroupCoordinator).
  Status SyncGroup();
  void Assign(const std::vector<transport::TopicPartition>& partitions);
  void RevokeAll();
  Status Fetch(size_t max_records, transport::ConsumedRecords& out);
  Status Refill(PartitionState& p);
  // Moves the position by auto.offset.reset (kFailedPrecondition for "none"). `out_of_range`:
  // the position fell outside the log, rather than there being no committed offset.
  Status ResetPosition(PartitionState& p, bool out_of_range, const std::string& why, int64_t start,
                       int64_t end);
  PartitionState* Find(const transport::TopicPartition& tp);

  const std::shared_ptr<LogManager> logs_;
  const std::shared_ptr<GroupCoordinator> groups_;
  const std::shared_ptr<OffsetStore> offsets_;
  const std::string group_id_;
  transport::RebalanceListener* const listener_;
  const ConsumerSettings settings_;
  const std::shared_ptr<Waiter> waiter_ = std::make_shared<Waiter>();
  std::atomic<bool> wakeup_{false};

  std::string member_id_;                 // empty when not subscribed
  int64_t generation_ = -1;               // the generation whose share this consumer holds
  bool holding_ = false;                  // holds a share (possibly empty) in the coordinator
  std::vector<PartitionState> assigned_;  // sorted by partition id
  size_t next_first_ = 0;                 // where the next Fetch starts, so partitions take turns
  bool closed_ = false;
};

}  // namespace sluice::embedded
