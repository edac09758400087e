// One segment of a partition's log: `<base offset>.log` holds whole record batches back to back,
// `<base offset>.index` a sparse map from offsets to positions in the .log file (one 8-byte entry,
// relative offset and position, every index_interval_bytes of log), as Kafka lays them out.
//
// Threading: the owning PartitionLog serialises Append, LookupPosition and the accessors under its
// lock. Read, Sync and DeleteFiles only use the file descriptors and may run outside that lock, on
// a segment kept alive by a shared_ptr (a deleted segment's open files stay readable).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "transport/embedded/file_writer.h"
#include "transport/embedded/posix_file.h"
#include "transport/embedded/record_batch.h"
#include "transport/transport.h"

namespace sluice::embedded {

// "00000000000000000042" for 42: file names sort in offset order.
std::string SegmentFileStem(int64_t base_offset);

class Segment {
 public:
  enum class Recovery {
    // The segment that was being written when the process stopped: check every batch, rebuild
    // the index, cut off a torn or corrupt tail.
    kVerifyAll,
    // An older segment, synced when it was rolled: trust its index, check only the batches after
    // the last index entry (falls back to kVerifyAll when they do not check out).
    kVerifyTail,
  };

  static Result<std::shared_ptr<Segment>> Create(const std::string& dir, int64_t base_offset,
                                                 std::shared_ptr<FileWriter> writer);
  static Result<std::shared_ptr<Segment>> Open(const std::string& dir, int64_t base_offset,
                                               std::shared_ptr<FileWriter> writer,
                                               Recovery recovery, uint32_t index_interval_bytes);

  int64_t base_offset() const { return base_offset_; }
  int64_t next_offset() const { return next_offset_; }
  uint64_t size_bytes() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Append times of the first and last batch (-1 when empty): roll and retention go by these.
  int64_t first_append_time_ms() const { return first_append_time_ms_; }
  int64_t last_append_time_ms() const { return last_append_time_ms_; }
  // Bytes cut off by recovery when the segment was opened.
  uint64_t bytes_dropped_at_open() const { return bytes_dropped_at_open_; }
  const std::string& log_path() const { return log_path_; }

  // Appends a sealed batch whose base offset is next_offset(). On failure the segment is
  // unchanged: what was partly written is cut off. If even the cut fails, the bytes are never
  // read (reads stop at size_bytes()), and the next append retries the cut first, failing while
  // it cannot.
  Status Append(std::string_view batch, const BatchHeader& header, uint32_t index_interval_bytes);

  // Position of the last batch starting at or before `offset`, from the sparse index.
  uint64_t LookupPosition(int64_t offset) const;

  // Decodes the records at offsets >= from_offset of the batches in [position, end_position),
  // whole batches only, stopping once max_bytes were read (at least one batch is). Returns the
  // offset after the last batch read (from_offset when none was).
  Result<int64_t> Read(uint64_t position, uint64_t end_position, int64_t from_offset,
                       size_t max_bytes, const std::string& topic, int32_t partition,
                       transport::ConsumedRecords* out) const;

  // The CRC of the batch whose base offset is `offset`, scanning [position, end_position);
  // nullopt when no batch starts there.
  Result<std::optional<uint32_t>> BatchCrcAt(uint64_t position, uint64_t end_position,
                                             int64_t offset) const;

  Status SyncLog() const;  // the .log data, for the flush policy
  Status SyncAll() const;  // .log and .index, when the segment is rolled
  // Unlinks both files.
  Status DeleteFiles() const;

 private:
  struct IndexEntry {
    uint32_t relative_offset;
    uint32_t position;
  };
  struct ScanOutcome;

  Segment(std::string dir, int64_t base_offset, std::shared_ptr<FileWriter> writer);
  Status OpenFiles(bool create);
  Status LoadIndex(uint64_t log_size, bool* usable);
  Result<ScanOutcome> Scan(uint64_t from, int64_t expected_offset, uint64_t log_size,
                           uint32_t index_interval_bytes, bool rebuild_index);
  Status Recover(Recovery recovery, uint32_t index_interval_bytes);
  Status RewriteIndex();
  Status CutBackTo(uint64_t size);
  void AddIndexEntry(int64_t offset, uint64_t position);

  const std::string dir_;
  const int64_t base_offset_;
  const std::string log_path_;
  const std::string index_path_;
  std::shared_ptr<FileWriter> writer_;
  UniqueFd log_fd_;
  UniqueFd index_fd_;

  int64_t next_offset_;
  uint64_t size_ = 0;
  std::vector<IndexEntry> index_;
  uint64_t bytes_since_index_entry_ = 0;
  int64_t first_append_time_ms_ = -1;
  int64_t last_append_time_ms_ = -1;
  uint64_t bytes_dropped_at_open_ = 0;
  bool tail_needs_cut_ = false;  // a failed append left bytes past size_ that a truncate missed
};

}  // namespace sluice::embedded
