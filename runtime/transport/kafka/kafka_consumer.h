// Group consumer over librdkafka with Kafka's Java-consumer semantics: manual commits, rebalance
// listener called inside Poll on the polling thread, seek/pause on assigned partitions.
//
// Like Kafka's consumer it is used from one thread; only Wakeup() may be called from another.
//
// Assignment changes go through the rebalance callback, which runs inside Poll (and Close). It
// calls the listener *before* handing the partitions to librdkafka, so that a Seek or Pause the
// listener makes for a partition it is given becomes that partition's start position or state:
// librdkafka's own seek only works once a partition's fetcher has started, and a seek issued
// earlier would be overwritten by the committed offset that the new assignment fetches.
// Seeks on partitions whose fetcher is still starting are kept pending and retried in Poll, and
// records fetched before the seek took effect are dropped.
#pragma once

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "common/status.h"
#include "transport/kafka/rdkafka_handles.h"
#include "transport/transport.h"

namespace sluice::transport::kafka {

class KafkaConsumer final : public Consumer {
 public:
  // Takes `conf` (built by BuildConf). `listener` may be null; it must outlive the consumer.
  // `request_timeout` bounds the synchronous calls (Committed, Seek).
  static Result<std::unique_ptr<KafkaConsumer>> Create(ConfPtr conf, RebalanceListener* listener,
                                                       std::chrono::milliseconds request_timeout);
  ~KafkaConsumer() override;

  Status Subscribe(const std::vector<std::string>& topics) override;
  Status SubscribePattern(const std::string& regex) override;
  Status PollInto(std::chrono::milliseconds timeout, size_t max_records,
                  ConsumedRecords& records) override;
  Result<std::vector<ConsumedRecord>> Poll(std::chrono::milliseconds timeout,
                                           size_t max_records) override;
  Status Commit(const OffsetMap& offsets) override;
  Result<OffsetMap> Committed(const std::vector<TopicPartition>& partitions) override;
  Status Seek(const TopicPartition& partition, int64_t offset) override;
  std::vector<TopicPartition> Assignment() override;
  Status Pause(const std::vector<TopicPartition>& partitions) override;
  Status Resume(const std::vector<TopicPartition>& partitions) override;
  void Wakeup() override;
  Status Close() override;

 private:
  KafkaConsumer(RebalanceListener* listener, std::chrono::milliseconds request_timeout);

  static void RebalanceCallback(rd_kafka_t* client, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions, void* opaque);
  void OnAssign(rd_kafka_topic_partition_list_t* partitions);
  void OnRevoke(rd_kafka_topic_partition_list_t* partitions);
  void OnRebalanceError(rd_kafka_resp_err_t err);
  bool Cooperative() const;
  // Runs a listener method, turning an exception into an error that Poll reports.
  template <typename Fn>
  void CallListener(const char* what, Fn&& fn);

  Status CheckOpen() const;
  // Partitions that Seek/Pause may act on: assigned, or being assigned right now.
  Status CheckAssigned(const std::vector<TopicPartition>& partitions, const char* action) const;
  // Seeks the pending partitions whose fetchers have started; the rest stay pending.
  Status RetryPendingSeeks();
  // Applies Pause/Resume via librdkafka; `pause` selects which.
  Status SetPaused(const std::vector<TopicPartition>& partitions, bool pause);
  // The message as a record, into the slot `record` (its strings reused).
  void ReadRecord(const rd_kafka_message_t& message, ConsumedRecord& record) const;
  // An error a consumed message carries: OK for informational ones that librdkafka recovers from.
  Status MessageError(const rd_kafka_message_t& message) const;

  RebalanceListener* const listener_;
  const std::chrono::milliseconds request_timeout_;
  ClientPtr client_;
  QueuePtr consumer_queue_;  // for Wakeup

  std::set<TopicPartition> assignment_;
  // Set only while OnAssign calls the listener: the partitions it is being given.
  std::set<TopicPartition> being_assigned_;
  std::map<TopicPartition, int64_t> pending_seeks_;
  std::set<TopicPartition> pending_pauses_;  // asked for during OnAssign
  // An error to report from the next Poll (a listener threw, or one came with records in hand).
  Status deferred_error_;
  std::atomic<bool> wakeup_requested_{false};
  bool closed_ = false;
};

}  // namespace sluice::transport::kafka
