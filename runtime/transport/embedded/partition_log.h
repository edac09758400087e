// The log of one topic-partition: a folder `<log.dirs>/<topic>-<partition>/` of segments, the
// newest of which (the active one) takes appends. Rolls segments by size and age, fsyncs by the
// flush policy, deletes old segments by retention, and wakes the consumers waiting for appends.
//
// Thread-safe: appends are serialised; reads copy what they need under a short lock and read the
// files outside it, so readers never hold up the writer or each other.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "transport/embedded/file_writer.h"
#include "transport/embedded/log_config.h"
#include "transport/embedded/record_batch.h"
#include "transport/embedded/segment.h"
#include "transport/embedded/waiter.h"
#include "transport/embedded/wall_clock.h"
#include "transport/transport.h"

namespace sluice::embedded {

class PartitionLog {
 public:
  struct Options {
    std::string dir;  // the partition's folder; created when missing
    transport::TopicPartition id;
    LogConfig config;
    std::shared_ptr<FileWriter> writer;
    WallClock clock;
    // How to check the active segment: kVerifyAll after a crash; kVerifyTail after a clean
    // shutdown, which synced it and its index (see SyncForShutdown).
    Segment::Recovery active_segment_recovery = Segment::Recovery::kVerifyAll;
  };

  // Opens the folder's segments, recovering the active one (see Segment::Recovery). A corrupt
  // older segment is cut at the corruption and the segments after it are dropped, so that
  // offsets stay contiguous.
  static Result<std::shared_ptr<PartitionLog>> Open(Options options);

  const transport::TopicPartition& id() const { return options_.id; }

  // Gives the batch the next offsets and appends it; returns its base offset. The bytes are in
  // the file (the OS page cache) when this returns; fsync follows the flush policy. On an I/O
  // error nothing of the batch remains readable, and later appends work once the cause is gone.
  // kNotFound once the topic was deleted.
  // `before_write`, when given, runs under the log's lock once the base offset is known and
  // before the bytes are written; an error from it fails the append.
  Result<int64_t> Append(SealedBatch* batch,
                         const std::function<Status(int64_t base_offset)>& before_write = {});

  // The CRC of the batch whose base offset is `offset`; nullopt when no batch starts there.
  Result<std::optional<uint32_t>> BatchCrcAt(int64_t offset) const;

  struct ReadResult {
    bool out_of_range = false;  // `offset` is before the log start or after its end
    int64_t start_offset = 0;
    int64_t end_offset = 0;
    int64_t next_offset = 0;  // where the next read continues
  };
  // Decodes records from `offset` on, whole batches, about `max_bytes` worth (at least one batch
  // when there is one). Nothing is read when `offset` is at the end or out of range.
  Result<ReadResult> Read(int64_t offset, size_t max_bytes, transport::ConsumedRecords* out) const;

  transport::PartitionDescription Describe() const;
  int64_t StartOffset() const;
  int64_t EndOffset() const;

  // fsyncs what was appended so far (the background flusher calls this).
  Status Flush();
  // fsyncs the active segment's log and index, so that the next open may trust them.
  Status SyncForShutdown();
  // Deletes the oldest segments that are past retention.ms or beyond retention.bytes, never the
  // active one. Returns how many were deleted.
  Result<int> EnforceRetention();
  void SetConfig(const LogConfig& config);

  // The topic is being deleted: appends fail from now on and waiting consumers are woken.
  void MarkDeleted();

  // Consumers register to be woken by appends.
  void AddWaiter(std::shared_ptr<Waiter> waiter);
  void RemoveWaiter(const Waiter* waiter);

 private:
  explicit PartitionLog(Options options);
  Status OpenSegments();
  Status MaybeRoll(size_t incoming_bytes);
  Status Roll();
  void NotifyWaiters();

  const Options options_;

  mutable std::mutex mu_;
  LogConfig config_;
  std::deque<std::shared_ptr<Segment>> segments_;  // by base offset; back() is active
  int64_t next_offset_ = 0;
  int64_t flushed_offset_ = 0;  // offsets below are synced to disk
  bool deleted_ = false;

  std::mutex waiters_mu_;
  std::vector<std::shared_ptr<Waiter>> waiters_;
};

}  // namespace sluice::embedded
