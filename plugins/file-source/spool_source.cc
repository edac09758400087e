#include "file-source/spool_source.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace sluice::file_source {
namespace {

int64_t WallClockNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// rename(2) that refuses to replace an existing file, so a completed file is never overwritten.
int RenameNoReplace(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  // The file system cannot do it atomically: check, then rename.
  struct stat st;
  if (::lstat(to.c_str(), &st) == 0) {
    errno = EEXIST;
    return -1;
  }
  return ::rename(from.c_str(), to.c_str());
}

// What differs between two looks at a file: "size 10 -> 12 bytes, modification time ...".
std::string DescribeChange(const FileInfo& before, const FileInfo& after) {
  std::string out;
  if (after.size != before.size) {
    out = "size " + std::to_string(before.size) + " -> " + std::to_string(after.size) + " bytes";
  }
  if (after.mtime_ns != before.mtime_ns) {
    out += (out.empty() ? "" : ", ") + std::string("modification time ") +
           std::to_string(before.mtime_ns) + " -> " + std::to_string(after.mtime_ns) + " ns";
  }
  return out;
}

FileFingerprint FingerprintOf(const FileInfo& file) {
  return {file.size, file.mtime_ns};
}

// Whether a stored offset was written for this very file, and not for an earlier one that had
// the same path and inode (inodes are reused once a file is deleted).
bool OffsetIsOf(const StoredOffset& stored, const FileInfo& file) {
  if (stored.inode != file.id.ino) return false;
  // Offsets written before fingerprints were kept have none: the inode has to do.
  return !stored.fingerprint || *stored.fingerprint == FingerprintOf(file);
}

}  // namespace

struct SpoolDirectorySource::OpenFile {
  FileInfo opened;  // as it was when opened: any change later means it is still being written
  std::unique_ptr<LineReader> reader;
  std::shared_ptr<const FileOrigin> origin;
  size_t lines_this_run = 0;
  bool warned_long_line = false;
};

SpoolDirectorySource::SpoolDirectorySource(SpoolOptions options, OffsetReader offsets, LogFn log,
                                           OffsetForgetter forget)
    : options_(std::move(options)),
      offsets_(std::move(offsets)),
      log_(std::move(log)),
      forget_(std::move(forget)),
      scanner_(options_.scan),
      watcher_(options_.use_inotify) {
  if (!offsets_) throw std::logic_error("SpoolDirectorySource needs an offset reader");
  struct stat st;
  if (::stat(options_.scan.directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw std::invalid_argument("Invalid value " + options_.scan.directory +
                                " for configuration spooldir.path: not an existing directory");
  }
}

SpoolDirectorySource::~SpoolDirectorySource() = default;

void SpoolDirectorySource::Poll(size_t max_lines, std::chrono::milliseconds timeout,
                                LineBatch& out) {
  const Clock::time_point deadline = Clock::now() + timeout;
  const size_t start = out.size();
  if (Clock::now() >= next_offset_check_) CheckCommittedOffsets();
  for (;;) {
    if (rescan_due_ || Clock::now() >= next_rescan_) Rescan();
    while (out.size() - start < max_lines) {
      if (!current_ && !OpenNext()) break;
      ReadCurrent(max_lines - (out.size() - start), out);
    }
    if (out.size() > start || max_lines == 0) return;
    if (wake_pending_) {
      wake_pending_ = false;
      return;
    }
    Clock::time_point now = Clock::now();
    if (now >= deadline) return;
    auto wait =
        std::chrono::ceil<std::chrono::milliseconds>(std::min(deadline, next_rescan_) - now);
    ChangeWatcher::Events events = watcher_.Wait(wait);
    if (events.woken) return;
    if (events.entries_changed) rescan_due_ = true;
  }
}

void SpoolDirectorySource::OnCommit() {
  CheckCommittedOffsets();
}

// --- finding files ----------------------------------------------------------------------------

void SpoolDirectorySource::Rescan() {
  rescan_due_ = false;
  SpoolScanner::Result result = scanner_.Scan(WallClockNs());
  if (result.error != last_scan_error_ && !result.error.empty()) {
    Log(LogLevel::kError, result.error + "; trying again");
  }
  last_scan_error_ = result.error;
  queue_.clear();
  for (FileInfo& file : result.files) {
    if (!Busy(file.id)) queue_.push_back(std::move(file));
  }
  fully_watched_ = watcher_.SetWatchedDirectories(result.directories) && result.error.empty();
  Clock::time_point now = Clock::now();
  next_rescan_ = now + (fully_watched_ ? options_.rescan_interval_watched
                                       : options_.rescan_interval_unwatched);
  if (result.next_ready_ns != 0) {
    // A file too young for min.age becomes ready then; no event will announce it.
    auto ready_in = std::chrono::nanoseconds(result.next_ready_ns - WallClockNs());
    next_rescan_ =
        std::min(next_rescan_, now + std::chrono::ceil<std::chrono::milliseconds>(ready_in));
  }
}

bool SpoolDirectorySource::OpenNext() {
  // Pick up what changed in the directory since the last scan, so the consume order holds.
  ChangeWatcher::Events events = watcher_.Wait(std::chrono::milliseconds(0));
  wake_pending_ |= events.woken;
  if (events.entries_changed || rescan_due_) Rescan();

  while (!queue_.empty()) {
    FileInfo candidate = std::move(queue_.front());
    queue_.pop_front();
    if (Busy(candidate.id)) continue;
    std::optional<UniqueFd> fd;
    FileInfo opened;
    try {
      fd = OpenForReading(candidate.path);
      if (!fd) continue;  // gone meanwhile
      opened = StatOpenFile(fd->get(), candidate.path);
    } catch (const std::system_error& e) {
      Log(LogLevel::kError, std::string(e.what()) + "; skipping it");
      skipped_.insert(candidate.id);
      continue;
    }
    if (Busy(opened.id)) continue;

    uint64_t position = 0;
    if (std::optional<StoredOffset> stored = offsets_(opened.path)) {
      if (stored->inode && *stored->inode != opened.id.ino) {
        Log(LogLevel::kInfo, opened.path + " is a new file (inode " +
                                 std::to_string(opened.id.ino) +
                                 ") under a name read before; reading it from the start");
      } else if (stored->fingerprint && *stored->fingerprint != FingerprintOf(opened)) {
        Log(LogLevel::kInfo,
            opened.path + " is a new file under the name and inode of one read before (" +
                std::to_string(opened.size) + " bytes, modified at " +
                std::to_string(opened.mtime_ns) +
                " ns; the earlier one: " + std::to_string(stored->fingerprint->size) + " bytes, " +
                std::to_string(stored->fingerprint->mtime_ns) + " ns); reading it from the start");
      } else if (stored->position > opened.size) {
        Log(LogLevel::kWarn, opened.path + " is smaller than its stored position " +
                                 std::to_string(stored->position) + "; reading it from the start");
      } else {
        position = stored->position;
        Log(LogLevel::kInfo, "resuming " + opened.path + " at byte " + std::to_string(position));
      }
    }
    auto file = std::make_unique<OpenFile>();
    try {
      file->reader =
          std::make_unique<LineReader>(std::move(*fd), opened.path, position,
                                       options_.max_line_bytes, options_.read_chunk_bytes);
    } catch (const std::system_error& e) {
      Log(LogLevel::kError, std::string(e.what()) + "; skipping it");
      skipped_.insert(opened.id);
      continue;
    }
    auto origin = std::make_shared<FileOrigin>();
    origin->partition_path = opened.path;
    origin->path = opened.path;
    origin->inode = opened.id.ino;
    origin->fingerprint = FingerprintOf(opened);
    file->origin = std::move(origin);
    file->opened = std::move(opened);
    current_ = std::move(file);
    return true;
  }
  return false;
}

// --- reading ----------------------------------------------------------------------------------

void SpoolDirectorySource::ReadCurrent(size_t budget, LineBatch& out) {
  OpenFile& file = *current_;
  size_t emitted = 0;
  Line line;
  while (emitted < budget) {
    if (file.reader->Next(line)) {
      Emit(line, out);
      ++emitted;
      continue;
    }
    size_t read;
    FileInfo now;
    try {
      read = file.reader->Fill();
      now = StatOpenFile(file.reader->fd(), file.opened.path);
    } catch (const std::system_error& e) {
      SkipCurrent(e.what());
      return;
    }
    if (now.size != file.opened.size || now.mtime_ns != file.opened.mtime_ns) {
      SkipCurrent("it changed while being read (" + DescribeChange(file.opened, now) +
                  "); files must be complete before they are put in " + options_.scan.directory);
      return;
    }
    if (read > 0) continue;
    // The end of a complete file: a last line without a newline is a line too.
    if (file.reader->TakeRest(line)) Emit(line, out);
    FinishCurrent();
    return;
  }
}

void SpoolDirectorySource::Emit(const Line& line, LineBatch& out) {
  OpenFile& file = *current_;
  out.Add(line.text, file.origin, line.end_position);
  ++file.lines_this_run;
  if (line.starts_long_line && !file.warned_long_line) {
    file.warned_long_line = true;
    Log(LogLevel::kWarn, file.opened.path + ": the line at byte " +
                             std::to_string(line.end_position - line.text.size()) +
                             " is longer than max.line.bytes (" +
                             std::to_string(options_.max_line_bytes) +
                             "); long lines are delivered in pieces of at most that many bytes "
                             "(logged once per file)");
  }
}

void SpoolDirectorySource::FinishCurrent() {
  ReadFile done{current_->opened, current_->reader->position()};
  const bool lines_pending = current_->lines_this_run > 0;
  current_.reset();
  if (lines_pending) {
    awaiting_commit_.push_back(std::move(done));
  } else {
    // Empty, or every line was committed before a restart: nothing awaits acknowledgement.
    Complete(done);
  }
}

void SpoolDirectorySource::SkipCurrent(const std::string& why) {
  Log(LogLevel::kError, "skipping spool file " + current_->opened.path + ": " + why +
                            ". It stays in place and is not read again until the task restarts");
  skipped_.insert(current_->opened.id);
  current_.reset();
}

// --- completing files -------------------------------------------------------------------------

void SpoolDirectorySource::CheckCommittedOffsets() {
  next_offset_check_ = Clock::now() + options_.committed_offset_check_interval;
  if (awaiting_commit_.empty()) return;
  std::vector<ReadFile> still_waiting;
  for (ReadFile& file : awaiting_commit_) {
    std::optional<StoredOffset> stored = offsets_(file.info.path);
    if (stored && OffsetIsOf(*stored, file.info) && stored->position >= file.end_position) {
      Complete(file);  // committed, so every line of it was acknowledged
    } else {
      still_waiting.push_back(std::move(file));
    }
  }
  awaiting_commit_.swap(still_waiting);
}

void SpoolDirectorySource::Complete(const ReadFile& file) {
  const std::string& path = file.info.path;
  std::optional<FileInfo> now;
  try {
    now = StatPath(path);
  } catch (const std::system_error& e) {
    Log(LogLevel::kError, std::string(e.what()) + "; cannot mark it completed");
    skipped_.insert(file.info.id);
    return;
  }
  if (!now || now->id != file.info.id) {
    Log(LogLevel::kWarn, path + " was moved or deleted by someone else before it was completed");
    return;
  }
  if (now->size != file.info.size || now->mtime_ns != file.info.mtime_ns) {
    Log(LogLevel::kError, "spool file " + path + " changed after it was read (" +
                              DescribeChange(file.info, *now) +
                              "); it stays in place, not completed, and is not read again "
                              "until the task restarts");
    skipped_.insert(file.info.id);
    return;
  }
  if (options_.delete_completed) {
    if (::unlink(path.c_str()) != 0) {
      const int error = errno;
      Log(LogLevel::kError,
          "cannot delete completed spool file " + path + ": " + std::strerror(error));
      skipped_.insert(file.info.id);
      return;
    }
    Log(LogLevel::kInfo, "deleted " + path + " after all of it was delivered");
    if (forget_) forget_(path);
    return;
  }
  const std::string target = path + options_.scan.completed_suffix;
  if (RenameNoReplace(path, target) != 0) {
    const int error = errno;
    Log(LogLevel::kError, "cannot mark " + path + " completed as " + target + ": " +
                              std::strerror(error) +
                              (error == EEXIST ? " (spool file names must be unique)" : "") +
                              "; it is not read again until the task restarts");
    skipped_.insert(file.info.id);
    return;
  }
  Log(LogLevel::kInfo, "completed " + path + " (" + std::to_string(file.info.size) +
                           " bytes, all delivered) and renamed it to " + target);
  // Its offset is of no further use: a new file of that name starts from the beginning anyway.
  if (forget_) forget_(path);
}

bool SpoolDirectorySource::Busy(FileId id) const {
  if (current_ && current_->opened.id == id) return true;
  if (skipped_.count(id) != 0) return true;
  auto same = [&](const ReadFile& f) { return f.info.id == id; };
  return std::any_of(awaiting_commit_.begin(), awaiting_commit_.end(), same);
}

}  // namespace sluice::file_source
