// The one interface through which the worker reaches topics: the embedded log and Kafka
// (librdkafka) both implement it, and connectors cannot tell them apart.
//
// Bytes are carried in std::string; std::nullopt is Kafka's null (null key, tombstone value).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "transport/delivery_callback.h"

namespace sluice::transport {

inline constexpr int32_t kAnyPartition = -1;
inline constexpr int64_t kNoTimestamp = -1;

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;

  friend bool operator<(const TopicPartition& a, const TopicPartition& b) {
    return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
  }
  friend bool operator==(const TopicPartition& a, const TopicPartition& b) {
    return a.topic == b.topic && a.partition == b.partition;
  }
  std::string ToString() const { return topic + "-" + std::to_string(partition); }
};

// Offsets per partition. For commits and seeks this is the NEXT offset to read, as Kafka commits.
using OffsetMap = std::map<TopicPartition, int64_t>;

struct RecordHeader {
  std::string key;
  std::optional<std::string> value;
};

// Exactly-once sources: what a producer's records have reached, as source partition -> source
// offset (both JSON text, opaque to the transport).
using CommitState = std::map<std::string, std::string>;
struct CommitStateEntry {
  std::string key;
  std::string value;
};

struct ProducerRecord {
  std::string topic;
  int32_t partition = kAnyPartition;  // kAnyPartition: murmur2 of the key; null keys spread
  std::optional<std::string> key;
  std::optional<std::string> value;
  int64_t timestamp_ms = kNoTimestamp;  // kNoTimestamp: the time of the send
  std::vector<RecordHeader> headers;
  // Producers with a transactional.id: the commit-state entry this record advances.
  std::optional<CommitStateEntry> commit_entry;
};

struct ConsumedRecord {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp_ms = kNoTimestamp;
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<RecordHeader> headers;
};

// Records read from a topic, in slots that are reused from read to read: clear() keeps them, and
// a record read into a slot assigns into the strings the slot already has. A sink task polls
// into the same ConsumedRecords every time, so a consumer that fills slots in place allocates
// nothing per record once it is warm.
class ConsumedRecords {
 public:
  // A slot at the end, holding whatever record it held before (the caller overwrites it).
  ConsumedRecord& Append() {
    if (size_ == slots_.size()) slots_.emplace_back();
    return slots_[size_++];
  }
  // Drops the records from `size` on (keeping their slots).
  void Truncate(size_t size) {
    if (size < size_) size_ = size;
  }
  void clear() { size_ = 0; }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  ConsumedRecord& operator[](size_t i) { return slots_[i]; }
  const ConsumedRecord& operator[](size_t i) const { return slots_[i]; }
  const ConsumedRecord& front() const { return slots_[0]; }
  const ConsumedRecord& back() const { return slots_[size_ - 1]; }
  std::vector<ConsumedRecord>::const_iterator begin() const { return slots_.begin(); }
  std::vector<ConsumedRecord>::const_iterator end() const {
    return slots_.begin() + static_cast<std::ptrdiff_t>(size_);
  }

 private:
  std::vector<ConsumedRecord> slots_;
  size_t size_ = 0;
};

// Where a record landed, or why it did not.
struct DeliveryReport {
  Status status;
  int32_t partition = kAnyPartition;
  int64_t offset = -1;
  std::string_view topic = {};  // valid while the callback runs
};

// Free-form client settings passed through to the implementation (librdkafka property names for
// Kafka; the embedded log reads the few it knows, such as auto.offset.reset).
using ClientConfig = std::map<std::string, std::string>;

class Producer {
 public:
  virtual ~Producer() = default;

  // Queues a record. `on_delivery` runs exactly once, when the record is durably in the log (the
  // broker's acknowledgement with acks=all) or has definitively failed. It runs on a thread of
  // the transport or inside Poll()/Flush(); it must not block. Returns non-OK (kRetriable when
  // the queue is full) if the record was not queued, in which case `on_delivery` never runs.
  virtual Status Send(const ProducerRecord& record, DeliveryCallback on_delivery) = 0;

  // Serves pending delivery callbacks, waiting up to `timeout` for one.
  virtual void Poll(std::chrono::milliseconds timeout) = 0;

  // Waits until every queued record was delivered or failed; kTimeout if some are still pending.
  virtual Status Flush(std::chrono::milliseconds timeout) = 0;

  // Exactly-once sources. A producer created with `transactional.id`, on a transport that
  // supports it, keeps a CommitState. Records sent with a `commit_entry` update it, and every
  // batch becomes durable together with the state as of its last record, so that after a crash
  // Transport::RecoverCommitState gives the state of exactly the records that are in the log.
  //
  // SetCommitEntry updates the state without a record (for a record that was dropped);
  // ForgetCommitEntries removes entries that are now kept elsewhere (the offset store), unless
  // they changed since, so the state stays small.
  virtual Status SetCommitEntry(CommitStateEntry /*entry*/) {
    return Status::FailedPrecondition("this producer keeps no commit state");
  }
  virtual Status ForgetCommitEntries(const CommitState& /*stored*/) {
    return Status::FailedPrecondition("this producer keeps no commit state");
  }
};

// Called from inside Consumer::Poll on the polling thread, as Kafka's rebalance listener is.
class RebalanceListener {
 public:
  virtual ~RebalanceListener() = default;
  virtual void OnPartitionsAssigned(const std::vector<TopicPartition>& partitions) = 0;
  virtual void OnPartitionsRevoked(const std::vector<TopicPartition>& partitions) = 0;
};

struct ConsumerOptions {
  std::string group_id;
  std::string auto_offset_reset = "earliest";  // "earliest" | "latest" | "none"
  RebalanceListener* listener = nullptr;       // not owned; must outlive the consumer
  ClientConfig client_config;                  // implementation settings (consumer.* keys)
};

class Consumer {
 public:
  virtual ~Consumer() = default;

  virtual Status Subscribe(const std::vector<std::string>& topics) = 0;
  // A regular expression (ECMAScript syntax, matched against whole topic names).
  virtual Status SubscribePattern(const std::string& regex) = 0;

  // Returns up to `max_records` records, waiting up to `timeout` when none is ready. A Wakeup()
  // from another thread makes it return early with what it has (possibly nothing).
  virtual Result<std::vector<ConsumedRecord>> Poll(std::chrono::milliseconds timeout,
                                                   size_t max_records) = 0;
  // The same, into `records` (cleared first), whose slots are reused. The default calls Poll;
  // a consumer that can fill slots in place does.
  virtual Status PollInto(std::chrono::milliseconds timeout, size_t max_records,
                          ConsumedRecords& records) {
    SLUICE_ASSIGN_OR_RETURN(std::vector<ConsumedRecord> polled, Poll(timeout, max_records));
    records.clear();
    for (ConsumedRecord& r : polled) records.Append() = std::move(r);
    return Status::OK();
  }

  // Synchronously and durably commits the group's offsets (next offsets to read).
  virtual Status Commit(const OffsetMap& offsets) = 0;
  virtual Result<OffsetMap> Committed(const std::vector<TopicPartition>& partitions) = 0;

  virtual Status Seek(const TopicPartition& partition, int64_t offset) = 0;
  virtual std::vector<TopicPartition> Assignment() = 0;
  virtual Status Pause(const std::vector<TopicPartition>& partitions) = 0;
  virtual Status Resume(const std::vector<TopicPartition>& partitions) = 0;

  virtual void Wakeup() = 0;
  // Leaves the group (revoking the assignment through the listener). Idempotent.
  virtual Status Close() = 0;
};

struct PartitionDescription {
  int32_t partition = 0;
  int64_t start_offset = 0;  // first offset still held
  int64_t end_offset = 0;    // the offset the next record will get
  int64_t size_bytes = -1;   // -1 when the transport cannot tell
};

struct TopicDescription {
  std::string name;
  std::vector<PartitionDescription> partitions;
};

struct NewTopic {
  std::string name;
  int32_t partitions = 1;
  int16_t replication_factor = -1;  // -1: the broker's default
  std::map<std::string, std::string> configs;
};

class Admin {
 public:
  virtual ~Admin() = default;
  // kAlreadyExists when the topic is there.
  virtual Status CreateTopic(const NewTopic& topic) = 0;
  virtual Result<std::vector<std::string>> ListTopics() = 0;
  virtual Result<TopicDescription> DescribeTopic(const std::string& name) = 0;
  virtual Status DeleteTopic(const std::string& name) = 0;

  // A consumer group's committed offsets (empty map when the group has none).
  virtual Result<OffsetMap> ListGroupOffsets(const std::string& group) = 0;
  // Overwrites the given partitions' committed offsets; the group must have no active member.
  virtual Status AlterGroupOffsets(const std::string& group, const OffsetMap& offsets) = 0;
  // Forgets the group's committed offsets (all of them when `partitions` is empty).
  virtual Status DeleteGroupOffsets(const std::string& group,
                                    const std::vector<TopicPartition>& partitions) = 0;
};

class Transport {
 public:
  virtual ~Transport() = default;

  virtual std::string Name() const = 0;       // "embedded" or "kafka"
  virtual std::string ClusterId() const = 0;  // shown as kafka_cluster_id on GET /

  virtual Result<std::unique_ptr<Producer>> CreateProducer(const ClientConfig& config) = 0;
  virtual Result<std::unique_ptr<Consumer>> CreateConsumer(const ConsumerOptions& options) = 0;
  virtual Admin& admin() = 0;

  // The commit state (see Producer) of the producer with `transactional_id` that matches the
  // records in the log; nullopt when it has none. Call it while no producer with that id runs.
  // kFailedPrecondition where exactly-once sources are not supported.
  virtual Result<std::optional<CommitState>> RecoverCommitState(
      const std::string& /*transactional_id*/) {
    return Status::FailedPrecondition("the " + Name() +
                                      " transport does not support exactly-once sources");
  }
};

}  // namespace sluice::transport
