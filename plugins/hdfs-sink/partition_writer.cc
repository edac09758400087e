#include "hdfs-sink/partition_writer.h"

#include <algorithm>
#include <chrono>
#include <climits>

#include "hdfs-sink/commit_log.h"

namespace sluice::hdfs_sink {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

PartitionWriter::PartitionWriter(std::string topic, int32_t partition, const WriterEnvironment& env)
    : topic_(std::move(topic)), partition_(partition), env_(env) {}

void PartitionWriter::Warn(const std::string& message) const {
  if (env_.warn) env_.warn(topic_ + "-" + std::to_string(partition_) + ": " + message);
}

// --- recovery -------------------------------------------------------------------------------

void PartitionWriter::Recover() {
  recovered_ = false;
  open_.clear();
  pending_.reset();
  rewind_to_.reset();
  open_records_ = 0;
  first_open_timestamp_.reset();
  scheduled_rotation_ms_.reset();
  ReplayCommitLog();
  // Whatever is left in the partition's temporary directory belongs to no commit.
  env_.storage->Delete(env_.layout->TempDirectory(topic_, partition_), /*recursive=*/true);
  committed_offset_ = ScanCommittedOffset(env_.layout->TopicDirectory(topic_));
  next_offset_ = committed_offset_;
  recovered_ = true;
}

void PartitionWriter::ReplayCommitLog() {
  Storage& storage = *env_.storage;
  const std::string path = env_.layout->CommitLogFile(topic_, partition_);
  std::string text;
  try {
    text = storage.Read(path);
  } catch (const StorageError& e) {
    if (e.kind() == StorageErrorKind::kNotFound) return;
    throw;
  }
  if (auto renames = DecodeCommitLog(text)) {
    for (const LoggedRename& r : *renames) {
      const bool temp_exists = storage.GetFileStatus(r.temp_path).has_value();
      const bool committed_exists = storage.GetFileStatus(r.committed_path).has_value();
      if (temp_exists && committed_exists) {
        storage.Delete(r.temp_path, /*recursive=*/false);
      } else if (temp_exists) {
        EnsureDirectory(ParentPath(r.committed_path));
        if (!storage.Rename(r.temp_path, r.committed_path)) {
          throw StorageError(StorageErrorKind::kTransient, "recovery: " + storage.Describe() +
                                                               " refused to rename " + r.temp_path +
                                                               " to " + r.committed_path);
        }
      } else if (!committed_exists) {
        Warn("the commit log " + path + " lists " + r.committed_path +
             ", which is neither committed nor in its temporary file " + r.temp_path +
             " (deleted by someone else?)");
      }
    }
  } else {
    Warn("ignoring the incomplete commit log " + path + ": its commit had not started");
  }
  storage.Delete(path, /*recursive=*/false);
}

std::optional<int64_t> PartitionWriter::ScanCommittedOffset(const std::string& dir) {
  std::vector<FileStatus> entries;
  try {
    entries = env_.storage->ListStatus(dir);
  } catch (const StorageError& e) {
    if (e.kind() == StorageErrorKind::kNotFound) return std::nullopt;
    throw;
  }
  std::optional<int64_t> next;
  for (const FileStatus& entry : entries) {
    std::optional<int64_t> candidate;
    if (entry.is_directory) {
      candidate = ScanCommittedOffset(JoinPath(dir, entry.name));
    } else if (auto name = FileLayout::ParseFileName(topic_, entry.name)) {
      if (name->partition == partition_) candidate = name->end_offset + 1;
    }
    if (candidate && (!next || *candidate > *next)) next = candidate;
  }
  return next;
}

// --- writing ----------------------------------------------------------------------------------

void PartitionWriter::Write(const sdk::SinkRecord& record, int64_t now_ms) {
  if (!recovered_) throw std::logic_error("PartitionWriter::Write before Recover");
  if (rewind_to_) return;  // the task seeks first; this record comes again
  // A commit that failed is retried first, even when the record was taken already (the host
  // delivering the same batch again), so that a failing store keeps failing the batch.
  FinishPendingCommit();
  if (rewind_to_) return;
  if (next_offset_ && record.offset < *next_offset_) return;

  const bool needs_time = env_.partitioner->UsesTimestamp() || env_.rotation.rotate_interval_ms > 0;
  const int64_t timestamp = needs_time ? env_.timestamps->Extract(record, now_ms) : now_ms;
  const std::string encoded = env_.partitioner->Encode(record, timestamp);
  std::string line;
  env_.format->AppendLine(record, line);

  if (!open_.empty() && RotationDueBefore(timestamp, now_ms)) {
    RotateAndCommit();
    if (rewind_to_) return;
  }
  if (open_records_ == 0) {
    first_open_timestamp_ = timestamp;
    const int64_t interval = env_.rotation.rotate_schedule_interval_ms;
    if (interval > 0) {
      // The next multiple of the interval counted from midnight in the configured zone.
      const int64_t offset = int64_t{env_.zone.OffsetAt(FloorDiv(now_ms, 1000))} * 1000;
      scheduled_rotation_ms_ = (FloorDiv(now_ms + offset, interval) + 1) * interval - offset;
    }
  }
  OpenFile& file = FileFor(encoded, record.offset);
  file.temp->Add(line);
  file.end_offset = record.offset;
  ++open_records_;
  next_offset_ = record.offset + 1;

  const RotationPolicy& policy = env_.rotation;
  if (open_records_ >= policy.flush_size ||
      (policy.flush_file_size > 0 &&
       file.temp->size() >= static_cast<uint64_t>(policy.flush_file_size))) {
    RotateAndCommit();
  } else if (file.temp->ShouldFlush()) {
    UploadOrLose(file);
  }
}

bool PartitionWriter::RotationDueBefore(int64_t timestamp_ms, int64_t now_ms) const {
  if (env_.rotation.rotate_interval_ms > 0 && first_open_timestamp_ &&
      timestamp_ms - *first_open_timestamp_ >= env_.rotation.rotate_interval_ms) {
    return true;
  }
  return scheduled_rotation_ms_ && now_ms >= *scheduled_rotation_ms_;
}

PartitionWriter::OpenFile& PartitionWriter::FileFor(const std::string& encoded_partition,
                                                    int64_t offset) {
  auto it = open_.find(encoded_partition);
  if (it != open_.end()) return it->second;
  OpenFile file;
  file.temp =
      std::make_unique<TempFile>(env_.layout->NewTempFile(topic_, partition_),
                                 MakeFileEncoder(env_.compression), env_.write_buffer_bytes);
  file.directory = env_.layout->Directory(topic_, encoded_partition);
  file.start_offset = offset;
  file.end_offset = offset;
  return open_.emplace(encoded_partition, std::move(file)).first->second;
}

void PartitionWriter::UploadOrLose(OpenFile& file) {
  try {
    file.temp->Flush(*env_.storage);
  } catch (const TempFileLost& e) {
    LoseUncommitted(e.what());
  }
}

// --- committing -------------------------------------------------------------------------------

void PartitionWriter::RotateAndCommit() {
  if (open_.empty()) return;
  PendingCommit commit;
  for (auto& [encoded, file] : open_) {
    file.temp->Close();
    commit.files.push_back(std::move(file));
  }
  commit.renamed.assign(commit.files.size(), false);
  open_.clear();
  open_records_ = 0;
  first_open_timestamp_.reset();
  scheduled_rotation_ms_.reset();
  pending_ = std::move(commit);
  FinishPendingCommit();
}

void PartitionWriter::FinishPendingCommit() {
  if (!pending_) return;
  PendingCommit& commit = *pending_;
  Storage& storage = *env_.storage;
  const std::string log_path = env_.layout->CommitLogFile(topic_, partition_);
  try {
    if (!commit.logged) {
      for (OpenFile& file : commit.files) {
        try {
          file.temp->Flush(storage);
        } catch (const TempFileLost& e) {
          LoseUncommitted(e.what());
          return;
        }
      }
      if (commit.files.size() > 1) {
        std::vector<LoggedRename> renames;
        for (const OpenFile& file : commit.files) {
          renames.push_back({file.temp->path(), CommittedPath(file)});
        }
        storage.Create(log_path, EncodeCommitLog(renames), /*overwrite=*/true);
        commit.logged = true;
      }
    }
    for (size_t i = 0; i < commit.files.size(); ++i) {
      if (commit.renamed[i]) continue;
      try {
        CommitFile(commit.files[i]);
      } catch (const TempFileLost& e) {
        if (!commit.logged) {
          LoseUncommitted(e.what());
          return;
        }
        // Files of this commit may be committed already: writing the records again would
        // duplicate theirs. Only another writer deleting this partition's files gets here.
        throw StorageError(StorageErrorKind::kInvalid,
                           std::string(e.what()) + " after its commit was logged in " + log_path +
                               "; is another task writing " + topic_ + "-" +
                               std::to_string(partition_) + "?");
      }
      commit.renamed[i] = true;
    }
  } catch (const StorageError&) {
    // The outage's growing wait, at least 100 ms so that retry.backoff.ms=0 does not spin the
    // timer on a lasting failure.
    const int64_t wait_ms = env_.outage ? env_.outage->NextWait().count() : 1000;
    retry_commit_at_ms_ = SystemNowMs() + std::max<int64_t>(wait_ms, 100);
    throw;
  }
  int64_t next = committed_offset_.value_or(INT64_MIN);
  for (const OpenFile& file : commit.files) next = std::max(next, file.end_offset + 1);
  committed_offset_ = next;
  const bool logged = commit.logged;
  pending_.reset();
  retry_commit_at_ms_.reset();
  if (logged) {
    try {
      storage.Delete(log_path, /*recursive=*/false);
    } catch (const StorageError& e) {
      Warn("cannot delete the finished commit log (harmless, replaying it changes nothing): " +
           std::string(e.what()));
    }
  }
}

void PartitionWriter::CommitFile(const OpenFile& file) {
  Storage& storage = *env_.storage;
  const std::string& temp = file.temp->path();
  const std::string target = CommittedPath(file);
  EnsureDirectory(file.directory);
  if (storage.Rename(temp, target)) return;
  // Refused: find out why. The target exists when an earlier attempt renamed it and its answer
  // was lost; its name holds the same offsets, so it holds the same records.
  if (storage.GetFileStatus(target)) {
    storage.Delete(temp, /*recursive=*/false);
    return;
  }
  if (!storage.GetFileStatus(temp)) {
    throw TempFileLost("temporary file " + temp + " disappeared before it was committed");
  }
  // The directory went missing since it was made: make it again.
  known_directories_.erase(file.directory);
  EnsureDirectory(file.directory);
  if (!storage.Rename(temp, target)) {
    throw StorageError(StorageErrorKind::kTransient,
                       storage.Describe() + " refused to rename " + temp + " to " + target);
  }
}

void PartitionWriter::EnsureDirectory(const std::string& dir) {
  if (known_directories_.count(dir) != 0) return;
  env_.storage->MakeDirectories(dir);
  known_directories_.insert(dir);
}

std::string PartitionWriter::CommittedPath(const OpenFile& file) const {
  return JoinPath(file.directory,
                  env_.layout->FileName(topic_, partition_, file.start_offset, file.end_offset));
}

void PartitionWriter::LoseUncommitted(const std::string& reason) {
  int64_t from = INT64_MAX;
  std::vector<const OpenFile*> files;
  for (const auto& [encoded, file] : open_) files.push_back(&file);
  if (pending_) {
    for (const OpenFile& file : pending_->files) files.push_back(&file);
  }
  for (const OpenFile* file : files) {
    from = std::min(from, file->start_offset);
    if (!file->temp->created()) continue;
    try {
      env_.storage->Delete(file->temp->path(), /*recursive=*/false);
    } catch (const StorageError&) {
      // Recovery deletes it with the rest of the temporary directory.
    }
  }
  open_.clear();
  pending_.reset();
  retry_commit_at_ms_.reset();
  open_records_ = 0;
  first_open_timestamp_.reset();
  scheduled_rotation_ms_.reset();
  if (files.empty()) return;
  rewind_to_ = from;
  next_offset_ = from;
  Warn(reason + "; its records are consumed again from offset " + std::to_string(from));
}

// --- timer, rewind, close ---------------------------------------------------------------------

bool PartitionWriter::OnTimer(int64_t now_ms) {
  if (!recovered_) return false;
  const std::optional<int64_t> before = committed_offset_;
  FinishPendingCommit();
  if (!open_.empty() && scheduled_rotation_ms_ && now_ms >= *scheduled_rotation_ms_) {
    RotateAndCommit();
  }
  return committed_offset_ != before;
}

std::optional<int64_t> PartitionWriter::NextTimerMs() const {
  if (!recovered_) return std::nullopt;
  if (pending_) return retry_commit_at_ms_.value_or(0);
  if (!open_.empty()) return scheduled_rotation_ms_;
  return std::nullopt;
}

std::optional<int64_t> PartitionWriter::TakeRewind() {
  std::optional<int64_t> out = rewind_to_;
  rewind_to_.reset();
  return out;
}

void PartitionWriter::Close() {
  try {
    FinishPendingCommit();
  } catch (const std::exception& e) {
    Warn(std::string("closing with a commit unfinished; the next owner recovers it: ") + e.what());
  }
  for (auto& [encoded, file] : open_) {
    if (!file.temp->created()) continue;
    try {
      env_.storage->Delete(file.temp->path(), /*recursive=*/false);
    } catch (const std::exception& e) {
      Warn(std::string("cannot delete a temporary file; the next owner does: ") + e.what());
    }
  }
  open_.clear();
  open_records_ = 0;
  first_open_timestamp_.reset();
  scheduled_rotation_ms_.reset();
}

}  // namespace sluice::hdfs_sink
