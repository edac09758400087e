#include "transport/embedded/partition_log.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "common/log.h"

namespace sluice::embedded {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLogger = "embedded.log";

// "00000000000000000042.log" -> 42; nullopt for other names.
std::optional<int64_t> SegmentBaseOffset(const std::string& name, const std::string& extension) {
  const size_t stem_size = SegmentFileStem(0).size();
  if (name.size() != stem_size + extension.size() || !name.ends_with(extension)) return {};
  int64_t value = 0;
  for (size_t i = 0; i < stem_size; ++i) {
    if (name[i] < '0' || name[i] > '9') return {};
    value = value * 10 + (name[i] - '0');
  }
  return value;
}

}  // namespace

PartitionLog::PartitionLog(Options options)
    : options_(std::move(options)), config_(options_.config) {}

Result<std::shared_ptr<PartitionLog>> PartitionLog::Open(Options options) {
  std::shared_ptr<PartitionLog> log(new PartitionLog(std::move(options)));
  SLUICE_RETURN_IF_ERROR(log->OpenSegments());
  return log;
}

Status PartitionLog::OpenSegments() {
  const std::string& dir = options_.dir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());

  std::set<int64_t> log_bases, index_bases;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (auto base = SegmentBaseOffset(name, ".log")) log_bases.insert(*base);
    if (auto base = SegmentBaseOffset(name, ".index")) index_bases.insert(*base);
  }
  if (ec) return Status::IoError("cannot list " + dir + ": " + ec.message());
  for (int64_t base : index_bases) {  // an index whose log is gone is of no use
    if (!log_bases.count(base)) fs::remove(dir + "/" + SegmentFileStem(base) + ".index", ec);
  }

  if (log_bases.empty()) {
    SLUICE_ASSIGN_OR_RETURN(auto segment, Segment::Create(dir, 0, options_.writer));
    SLUICE_RETURN_IF_ERROR(SyncDirectory(dir));
    segments_.push_back(std::move(segment));
  }
  const int64_t last_base = log_bases.empty() ? 0 : *log_bases.rbegin();
  for (int64_t base : log_bases) {
    if (!segments_.empty() && segments_.back()->next_offset() != base) {
      // A gap or overlap: an older segment was cut by recovery. Later data cannot be placed.
      const std::shared_ptr<Segment>& prev = segments_.back();
      SLUICE_LOG_ERROR(kLogger, "recovering " << dir << ": " << prev->log_path()
                                              << " ends at offset " << prev->next_offset()
                                              << " but the next segment starts at " << base
                                              << "; deleting the segments from offset " << base
                                              << " on to keep offsets contiguous");
      for (auto it = log_bases.find(base); it != log_bases.end(); ++it) {
        for (const char* ext : {".log", ".index"}) {
          fs::remove(dir + "/" + SegmentFileStem(*it) + ext, ec);
          if (ec) return Status::IoError("cannot delete segment in " + dir + ": " + ec.message());
        }
      }
      SLUICE_RETURN_IF_ERROR(SyncDirectory(dir));
      break;
    }
    const auto recovery =
        base == last_base ? options_.active_segment_recovery : Segment::Recovery::kVerifyTail;
    SLUICE_ASSIGN_OR_RETURN(auto segment, Segment::Open(dir, base, options_.writer, recovery,
                                                        config_.index_interval_bytes));
    segments_.push_back(std::move(segment));
  }
  next_offset_ = segments_.back()->next_offset();
  flushed_offset_ = next_offset_;
  SLUICE_LOG_DEBUG(kLogger, "opened " << options_.id.ToString() << ": offsets "
                                      << segments_.front()->base_offset() << " to " << next_offset_
                                      << ", " << segments_.size() << " segment(s)");
  return Status::OK();
}

Status PartitionLog::Roll() {
  // Older segments are synced once here, so recovery only has to verify the active one.
  SLUICE_RETURN_IF_ERROR(segments_.back()->SyncAll());
  SLUICE_ASSIGN_OR_RETURN(auto segment,
                          Segment::Create(options_.dir, next_offset_, options_.writer));
  Status synced = SyncDirectory(options_.dir);
  if (!synced.ok()) {
    (void)segment->DeleteFiles();
    return synced;
  }
  SLUICE_LOG_DEBUG(kLogger, "rolled " << options_.id.ToString() << " at offset " << next_offset_);
  segments_.push_back(std::move(segment));
  flushed_offset_ = next_offset_;
  return Status::OK();
}

Status PartitionLog::MaybeRoll(size_t incoming_bytes) {
  const Segment& active = *segments_.back();
  if (active.empty()) return Status::OK();
  const bool full =
      active.size_bytes() + incoming_bytes > static_cast<uint64_t>(config_.segment_bytes);
  const bool old = options_.clock() - active.first_append_time_ms() >= config_.segment_ms;
  return full || old ? Roll() : Status::OK();
}

Result<int64_t> PartitionLog::Append(SealedBatch* batch,
                                     const std::function<Status(int64_t)>& before_write) {
  int64_t base_offset;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (deleted_) return Status::NotFound("topic " + options_.id.topic + " was deleted");
    SLUICE_RETURN_IF_ERROR(MaybeRoll(batch->bytes.size()));
    base_offset = next_offset_;
    SetBaseOffset(batch, base_offset);
    if (before_write) SLUICE_RETURN_IF_ERROR(before_write(base_offset));
    Segment& active = *segments_.back();
    SLUICE_RETURN_IF_ERROR(
        active.Append(batch->bytes, batch->header, config_.index_interval_bytes));
    next_offset_ = batch->header.next_offset();
    if (next_offset_ - flushed_offset_ >= config_.flush_interval_messages) {
      // The records are appended and visible either way; the error tells the producer that
      // they are not known to be durable.
      SLUICE_RETURN_IF_ERROR(active.SyncLog());
      flushed_offset_ = next_offset_;
    }
  }
  NotifyWaiters();
  return base_offset;
}

Result<PartitionLog::ReadResult> PartitionLog::Read(int64_t offset, size_t max_bytes,
                                                    transport::ConsumedRecords* out) const {
  ReadResult result;
  std::shared_ptr<Segment> segment;
  uint64_t position, end_position;
  {
    std::lock_guard<std::mutex> lock(mu_);
    result.start_offset = segments_.front()->base_offset();
    result.end_offset = next_offset_;
    result.next_offset = offset;
    if (offset < result.start_offset || offset > result.end_offset) {
      result.out_of_range = true;
      return result;
    }
    if (offset == result.end_offset) return result;
    auto after = std::upper_bound(
        segments_.begin(), segments_.end(), offset,
        [](int64_t o, const std::shared_ptr<Segment>& s) { return o < s->base_offset(); });
    segment = *std::prev(after);
    position = segment->LookupPosition(offset);
    end_position = segment->size_bytes();
  }
  SLUICE_ASSIGN_OR_RETURN(result.next_offset,
                          segment->Read(position, end_position, offset, max_bytes,
                                        options_.id.topic, options_.id.partition, out));
  return result;
}

Result<std::optional<uint32_t>> PartitionLog::BatchCrcAt(int64_t offset) const {
  std::shared_ptr<Segment> segment;
  uint64_t position, end_position;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (offset < segments_.front()->base_offset() || offset >= next_offset_) {
      return std::optional<uint32_t>();
    }
    auto after = std::upper_bound(
        segments_.begin(), segments_.end(), offset,
        [](int64_t o, const std::shared_ptr<Segment>& s) { return o < s->base_offset(); });
    segment = *std::prev(after);
    position = segment->LookupPosition(offset);
    end_position = segment->size_bytes();
  }
  return segment->BatchCrcAt(position, end_position, offset);
}

transport::PartitionDescription PartitionLog::Describe() const {
  std::lock_guard<std::mutex> lock(mu_);
  transport::PartitionDescription d;
  d.partition = options_.id.partition;
  d.start_offset = segments_.front()->base_offset();
  d.end_offset = next_offset_;
  d.size_bytes = 0;
  for (const auto& segment : segments_) d.size_bytes += static_cast<int64_t>(segment->size_bytes());
  return d;
}

int64_t PartitionLog::StartOffset() const {
  std::lock_guard<std::mutex> lock(mu_);
  return segments_.front()->base_offset();
}

int64_t PartitionLog::EndOffset() const {
  std::lock_guard<std::mutex> lock(mu_);
  return next_offset_;
}

Status PartitionLog::Flush() {
  std::shared_ptr<Segment> active;
  int64_t target;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (flushed_offset_ >= next_offset_) return Status::OK();
    active = segments_.back();
    target = next_offset_;
  }
  // fsync outside the lock: appends continue meanwhile. A segment rolled meanwhile was synced
  // by the roll.
  SLUICE_RETURN_IF_ERROR(active->SyncLog());
  std::lock_guard<std::mutex> lock(mu_);
  flushed_offset_ = std::max(flushed_offset_, target);
  return Status::OK();
}

Status PartitionLog::SyncForShutdown() {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_RETURN_IF_ERROR(segments_.back()->SyncAll());
  flushed_offset_ = next_offset_;
  return Status::OK();
}

Result<int> PartitionLog::EnforceRetention() {
  std::vector<std::pair<std::shared_ptr<Segment>, const char*>> doomed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t now = options_.clock();
    int64_t total = 0;
    for (const auto& segment : segments_) total += static_cast<int64_t>(segment->size_bytes());
    while (segments_.size() > 1) {
      const Segment& oldest = *segments_.front();
      const bool expired =
          config_.retention_ms >= 0 && now - oldest.last_append_time_ms() > config_.retention_ms;
      // Kafka's rule: delete only while what remains is still at least retention.bytes.
      const int64_t size = static_cast<int64_t>(oldest.size_bytes());
      const bool oversized =
          config_.retention_bytes >= 0 && total - size >= config_.retention_bytes;
      if (!expired && !oversized) break;
      doomed.emplace_back(segments_.front(), expired ? "retention.ms" : "retention.bytes");
      total -= size;
      segments_.pop_front();
    }
  }
  // Readers that still hold a deleted segment keep reading its open files.
  for (const auto& [segment, reason] : doomed) {
    SLUICE_LOG_INFO(kLogger, "deleting " << segment->log_path() << " (offsets "
                                         << segment->base_offset() << " to "
                                         << segment->next_offset() - 1 << ") by " << reason);
    SLUICE_RETURN_IF_ERROR(segment->DeleteFiles());
  }
  return static_cast<int>(doomed.size());
}

void PartitionLog::SetConfig(const LogConfig& config) {
  std::lock_guard<std::mutex> lock(mu_);
  config_ = config;
}

void PartitionLog::MarkDeleted() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    deleted_ = true;
  }
  NotifyWaiters();
}

void PartitionLog::AddWaiter(std::shared_ptr<Waiter> waiter) {
  std::lock_guard<std::mutex> lock(waiters_mu_);
  waiters_.push_back(std::move(waiter));
}

void PartitionLog::RemoveWaiter(const Waiter* waiter) {
  std::lock_guard<std::mutex> lock(waiters_mu_);
  std::erase_if(waiters_, [waiter](const auto& w) { return w.get() == waiter; });
}

void PartitionLog::NotifyWaiters() {
  std::lock_guard<std::mutex> lock(waiters_mu_);
  for (const auto& waiter : waiters_) waiter->Notify();
}

}  // namespace sluice::embedded
