#include "transport/embedded/segment.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "common/log.h"
#include "transport/embedded/byte_codec.h"

namespace sluice::embedded {
namespace {

constexpr const char* kLogger = "embedded.log";
constexpr size_t kIndexEntrySize = 8;
constexpr size_t kScanChunkBytes = 1 << 20;

// Reads batches one after another from [position, end) of a file through one buffer, which is
// refilled so that it always holds the whole batch being returned.
class BatchReader {
 public:
  enum class Outcome { kBatch, kEnd, kTorn, kBadLength };

  BatchReader(int fd, const std::string& path, uint64_t position, uint64_t end, size_t chunk)
      : fd_(fd), path_(path), pos_(position), end_(end), chunk_(std::max<size_t>(chunk, 4096)) {}

  // On kBatch, `batch` views the whole batch until the next call.
  Result<Outcome> Next(std::string_view* batch) {
    batch_position_ = pos_;
    if (pos_ == end_) return Outcome::kEnd;
    if (end_ - pos_ < kBatchPrefixSize) return Outcome::kTorn;
    SLUICE_RETURN_IF_ERROR(Fill(kBatchPrefixSize));
    int64_t base_offset;
    uint32_t length;
    if (!ParseBatchPrefix(View(kBatchPrefixSize), &base_offset, &length)) {
      return Outcome::kBadLength;
    }
    const uint64_t total = kBatchPrefixSize + static_cast<uint64_t>(length);
    if (end_ - pos_ < total) return Outcome::kTorn;
    SLUICE_RETURN_IF_ERROR(Fill(total));
    *batch = View(total);
    pos_ += total;
    return Outcome::kBatch;
  }

  // Start of the batch returned last (or of the problem found); after it, once returned.
  uint64_t batch_position() const { return batch_position_; }
  uint64_t position() const { return pos_; }

 private:
  std::string_view View(uint64_t size) const {
    return std::string_view(buf_).substr(pos_ - buf_start_, size);
  }

  Status Fill(uint64_t need) {
    if (pos_ >= buf_start_ && pos_ + need <= buf_start_ + buf_.size()) return Status::OK();
    const uint64_t size = std::min<uint64_t>(end_ - pos_, std::max<uint64_t>(need, chunk_));
    buf_.resize(size);
    SLUICE_ASSIGN_OR_RETURN(size_t got, ReadAt(fd_, buf_.data(), size, pos_, path_));
    buf_start_ = pos_;
    if (got < need) {
      return Status::IoError(path_ + " ended at " + std::to_string(pos_ + got) +
                             " while reading up to " + std::to_string(pos_ + need));
    }
    buf_.resize(got);
    return Status::OK();
  }

  int fd_;
  const std::string& path_;
  uint64_t pos_;
  uint64_t end_;
  size_t chunk_;
  std::string buf_;
  uint64_t buf_start_ = 0;
  uint64_t batch_position_ = 0;
};

std::string JoinPath(const std::string& dir, const std::string& name) {
  return dir + "/" + name;
}

}  // namespace

struct Segment::ScanOutcome {
  uint64_t valid_end = 0;  // position after the last good batch
  int64_t next_offset = 0;
  std::string problem;  // why the scan stopped before the end of the file; empty if it did not
};

std::string SegmentFileStem(int64_t base_offset) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%020lld", static_cast<long long>(base_offset));
  return buf;
}

Segment::Segment(std::string dir, int64_t base_offset, std::shared_ptr<FileWriter> writer)
    : dir_(std::move(dir)),
      base_offset_(base_offset),
      log_path_(JoinPath(dir_, SegmentFileStem(base_offset) + ".log")),
      index_path_(JoinPath(dir_, SegmentFileStem(base_offset) + ".index")),
      writer_(std::move(writer)),
      next_offset_(base_offset) {}

Status Segment::OpenFiles(bool create) {
  const int flags = O_RDWR | O_CREAT | (create ? O_EXCL : 0);
  SLUICE_ASSIGN_OR_RETURN(log_fd_, OpenFile(log_path_, flags));
  SLUICE_ASSIGN_OR_RETURN(index_fd_,
                          OpenFile(index_path_, O_RDWR | O_CREAT | (create ? O_TRUNC : 0)));
  return Status::OK();
}

Result<std::shared_ptr<Segment>> Segment::Create(const std::string& dir, int64_t base_offset,
                                                 std::shared_ptr<FileWriter> writer) {
  std::shared_ptr<Segment> segment(new Segment(dir, base_offset, std::move(writer)));
  SLUICE_RETURN_IF_ERROR(segment->OpenFiles(/*create=*/true));
  return segment;
}

Result<std::shared_ptr<Segment>> Segment::Open(const std::string& dir, int64_t base_offset,
                                               std::shared_ptr<FileWriter> writer,
                                               Recovery recovery, uint32_t index_interval_bytes) {
  std::shared_ptr<Segment> segment(new Segment(dir, base_offset, std::move(writer)));
  SLUICE_RETURN_IF_ERROR(segment->OpenFiles(/*create=*/false));
  SLUICE_RETURN_IF_ERROR(segment->Recover(recovery, index_interval_bytes));
  return segment;
}

Status Segment::LoadIndex(uint64_t log_size, bool* usable) {
  *usable = false;
  index_.clear();
  SLUICE_ASSIGN_OR_RETURN(uint64_t size, FileSize(index_fd_.get(), index_path_));
  if (size % kIndexEntrySize != 0) return Status::OK();
  std::string bytes(size, '\0');
  SLUICE_ASSIGN_OR_RETURN(size_t got, ReadAt(index_fd_.get(), bytes.data(), size, 0, index_path_));
  if (got != size) return Status::OK();
  for (size_t at = 0; at < size; at += kIndexEntrySize) {
    IndexEntry entry{DecodeFixed32(bytes.data() + at), DecodeFixed32(bytes.data() + at + 4)};
    // Entries point strictly forward, inside the file, never at position 0 (never indexed).
    bool forward = index_.empty() || (entry.relative_offset > index_.back().relative_offset &&
                                      entry.position > index_.back().position);
    if (!forward || entry.position == 0 || entry.position >= log_size) {
      index_.clear();
      return Status::OK();
    }
    index_.push_back(entry);
  }
  *usable = true;
  return Status::OK();
}

Result<Segment::ScanOutcome> Segment::Scan(uint64_t from, int64_t expected_offset,
                                           uint64_t log_size, uint32_t index_interval_bytes,
                                           bool rebuild_index) {
  ScanOutcome outcome{from, expected_offset, ""};
  BatchReader reader(log_fd_.get(), log_path_, from, log_size, kScanChunkBytes);
  if (rebuild_index) {
    index_.clear();
    bytes_since_index_entry_ = 0;
  }
  while (true) {
    std::string_view batch;
    SLUICE_ASSIGN_OR_RETURN(BatchReader::Outcome next, reader.Next(&batch));
    const std::string at = " at position " + std::to_string(reader.batch_position());
    if (next == BatchReader::Outcome::kEnd) break;
    if (next == BatchReader::Outcome::kTorn) {
      outcome.problem = "incomplete batch" + at + " (the file ends inside it)";
      break;
    }
    if (next == BatchReader::Outcome::kBadLength) {
      outcome.problem = "invalid batch length" + at;
      break;
    }
    Result<BatchHeader> header = ParseBatch(batch);
    if (!header.ok()) {
      outcome.problem = header.status().message() + at;
      break;
    }
    if (header->base_offset != outcome.next_offset) {
      outcome.problem = "batch" + at + " has offset " + std::to_string(header->base_offset) +
                        ", expected " + std::to_string(outcome.next_offset);
      break;
    }
    if (rebuild_index && reader.batch_position() > 0 &&
        bytes_since_index_entry_ >= index_interval_bytes) {
      AddIndexEntry(header->base_offset, reader.batch_position());
    }
    bytes_since_index_entry_ += batch.size();
    if (reader.batch_position() == 0) first_append_time_ms_ = header->append_time_ms;
    last_append_time_ms_ = header->append_time_ms;
    outcome.valid_end = reader.position();
    outcome.next_offset = header->next_offset();
  }
  return outcome;
}

Status Segment::Recover(Recovery recovery, uint32_t index_interval_bytes) {
  SLUICE_ASSIGN_OR_RETURN(uint64_t log_size, FileSize(log_fd_.get(), log_path_));
  if (recovery == Recovery::kVerifyTail) {
    bool usable;
    SLUICE_RETURN_IF_ERROR(LoadIndex(log_size, &usable));
    if (usable && !index_.empty()) {
      // The head (up to the first index entry) gives the first append time, which time-based
      // rolling needs; the tail gives the end of the segment.
      const IndexEntry last = index_.back();
      SLUICE_ASSIGN_OR_RETURN(ScanOutcome head,
                              Scan(0, base_offset_, index_.front().position, index_interval_bytes,
                                   /*rebuild_index=*/false));
      if (head.problem.empty()) {
        SLUICE_ASSIGN_OR_RETURN(ScanOutcome tail,
                                Scan(last.position, base_offset_ + last.relative_offset, log_size,
                                     index_interval_bytes, /*rebuild_index=*/false));
        if (tail.problem.empty()) {
          size_ = log_size;
          next_offset_ = tail.next_offset;
          bytes_since_index_entry_ = log_size - last.position;
          return Status::OK();
        }
      }
    }
    if (!usable) SLUICE_LOG_INFO(kLogger, "rebuilding the index of " << log_path_);
  }

  first_append_time_ms_ = last_append_time_ms_ = -1;
  SLUICE_ASSIGN_OR_RETURN(ScanOutcome outcome, Scan(0, base_offset_, log_size, index_interval_bytes,
                                                    /*rebuild_index=*/true));
  if (!outcome.problem.empty()) {
    bytes_dropped_at_open_ = log_size - outcome.valid_end;
    SLUICE_LOG_WARN(kLogger, "recovering " << log_path_ << ": " << outcome.problem << "; dropping "
                                           << bytes_dropped_at_open_ << " bytes from position "
                                           << outcome.valid_end << ", keeping offsets "
                                           << base_offset_ << " to " << outcome.next_offset - 1);
    SLUICE_RETURN_IF_ERROR(writer_->Truncate(log_fd_.get(), outcome.valid_end, log_path_));
  }
  size_ = outcome.valid_end;
  next_offset_ = outcome.next_offset;
  return RewriteIndex();
}

Status Segment::RewriteIndex() {
  std::string bytes;
  bytes.resize(index_.size() * kIndexEntrySize);
  for (size_t i = 0; i < index_.size(); ++i) {
    EncodeFixed32(bytes.data() + i * kIndexEntrySize, index_[i].relative_offset);
    EncodeFixed32(bytes.data() + i * kIndexEntrySize + 4, index_[i].position);
  }
  SLUICE_RETURN_IF_ERROR(writer_->Truncate(index_fd_.get(), 0, index_path_));
  if (bytes.empty()) return Status::OK();
  return writer_->WriteAt(index_fd_.get(), bytes, 0, index_path_);
}

void Segment::AddIndexEntry(int64_t offset, uint64_t position) {
  index_.push_back({static_cast<uint32_t>(offset - base_offset_), static_cast<uint32_t>(position)});
  bytes_since_index_entry_ = 0;
}

Status Segment::CutBackTo(uint64_t size) {
  Status st = writer_->Truncate(log_fd_.get(), size, log_path_);
  tail_needs_cut_ = !st.ok();
  return st;
}

Status Segment::Append(std::string_view batch, const BatchHeader& header,
                       uint32_t index_interval_bytes) {
  if (tail_needs_cut_) SLUICE_RETURN_IF_ERROR(CutBackTo(size_));
  const uint64_t position = size_;
  const bool add_index_entry = position > 0 && bytes_since_index_entry_ >= index_interval_bytes;

  Status st = writer_->WriteAt(log_fd_.get(), batch, position, log_path_);
  if (st.ok() && add_index_entry) {
    char entry[kIndexEntrySize];
    EncodeFixed32(entry, static_cast<uint32_t>(header.base_offset - base_offset_));
    EncodeFixed32(entry + 4, static_cast<uint32_t>(position));
    st = writer_->WriteAt(index_fd_.get(), std::string_view(entry, kIndexEntrySize),
                          index_.size() * kIndexEntrySize, index_path_);
  }
  if (!st.ok()) {
    Status cut = CutBackTo(position);
    if (!cut.ok()) {
      SLUICE_LOG_ERROR(kLogger, "after a failed append, " << cut.message()
                                                          << "; retrying before the next append");
    }
    return st;
  }

  if (add_index_entry) AddIndexEntry(header.base_offset, position);
  bytes_since_index_entry_ += batch.size();
  size_ += batch.size();
  next_offset_ = header.next_offset();
  if (first_append_time_ms_ < 0) first_append_time_ms_ = header.append_time_ms;
  last_append_time_ms_ = header.append_time_ms;
  return Status::OK();
}

uint64_t Segment::LookupPosition(int64_t offset) const {
  const int64_t relative = offset - base_offset_;
  auto after = std::upper_bound(
      index_.begin(), index_.end(), relative,
      [](int64_t r, const IndexEntry& e) { return r < static_cast<int64_t>(e.relative_offset); });
  return after == index_.begin() ? 0 : std::prev(after)->position;
}

Result<int64_t> Segment::Read(uint64_t position, uint64_t end_position, int64_t from_offset,
                              size_t max_bytes, const std::string& topic, int32_t partition,
                              transport::ConsumedRecords* out) const {
  BatchReader reader(log_fd_.get(), log_path_, position, end_position,
                     std::min<uint64_t>(max_bytes, end_position - position));
  int64_t next = from_offset;
  size_t bytes_read = 0;
  bool returned_records = false;
  while (!(returned_records && bytes_read >= max_bytes)) {
    std::string_view batch;
    SLUICE_ASSIGN_OR_RETURN(BatchReader::Outcome outcome, reader.Next(&batch));
    if (outcome == BatchReader::Outcome::kEnd) break;
    const std::string where = log_path_ + " at position " + std::to_string(reader.batch_position());
    if (outcome != BatchReader::Outcome::kBatch) {
      return Status::Corruption("malformed batch in " + where);
    }
    Result<BatchHeader> header = ParseBatch(batch);
    if (!header.ok()) return Status::Corruption(header.status().message() + " in " + where);
    bytes_read += batch.size();
    if (header->next_offset() <= from_offset) continue;
    SLUICE_ASSIGN_OR_RETURN(size_t decoded, DecodeRecords(batch, *header, topic, partition,
                                                          from_offset, SIZE_MAX, out));
    returned_records = returned_records || decoded > 0;
    next = header->next_offset();
  }
  return next;
}

Result<std::optional<uint32_t>> Segment::BatchCrcAt(uint64_t position, uint64_t end_position,
                                                    int64_t offset) const {
  BatchReader reader(log_fd_.get(), log_path_, position, end_position, kBatchHeaderSize);
  while (true) {
    std::string_view batch;
    SLUICE_ASSIGN_OR_RETURN(BatchReader::Outcome outcome, reader.Next(&batch));
    if (outcome != BatchReader::Outcome::kBatch) return std::optional<uint32_t>();
    Result<BatchHeader> header = ParseBatch(batch);
    if (!header.ok() || header->base_offset > offset) return std::optional<uint32_t>();
    if (header->base_offset == offset) return std::optional<uint32_t>(header->crc);
  }
}

Status Segment::SyncLog() const {
  return writer_->Sync(log_fd_.get(), log_path_);
}

Status Segment::SyncAll() const {
  SLUICE_RETURN_IF_ERROR(writer_->Sync(log_fd_.get(), log_path_));
  return writer_->Sync(index_fd_.get(), index_path_);
}

Status Segment::DeleteFiles() const {
  for (const std::string& path : {log_path_, index_path_}) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      return ErrnoStatus("cannot delete", path, errno);
    }
  }
  return Status::OK();
}

}  // namespace sluice::embedded
