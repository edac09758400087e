#include "file-source/file_tailer.h"

#include <algorithm>
#include <set>
#include <system_error>

#include "file-source/path_pattern.h"

namespace sluice::file_source {
namespace {

bool Contains(const std::vector<uint64_t>& inodes, uint64_t inode) {
  return std::find(inodes.begin(), inodes.end(), inode) != inodes.end();
}

std::string Describe(const FileInfo& file) {
  return file.path + " (inode " + std::to_string(file.id.ino) + ")";
}

}  // namespace

// What this task knows about one source partition {"filename": path}.
struct FileTailer::Partition {
  bool loaded = false;  // the stored offset was read
  // The file the partition's offset is about and how far it was read, while that file may
  // still be resumed.
  struct Claim {
    uint64_t inode;
    uint64_t position;
  };
  std::optional<Claim> latest;
  // An offset without an inode (written by Kafka's FileStreamSource): trusted for the file found
  // at the path when it is big enough.
  std::optional<uint64_t> legacy_position;
  // Earlier files of this partition that were read to their end and still match the pattern.
  std::vector<uint64_t> rotated;
};

// One file being read, or one kept only to be recognised (done).
struct FileTailer::TrackedFile {
  uint64_t seq = 0;  // order of discovery: older files of a partition are read first
  FileId id;
  std::string partition_path;
  Partition* partition = nullptr;
  std::string path;      // where the file was last seen
  bool matched = false;  // matched the pattern at the last scan
  bool done = false;     // read to its end after another file took its place
  bool forget = false;   // to be dropped after the current pass
  std::optional<Clock::time_point> replaced_at;  // when another file took its place
  bool warned_long_line = false;
  std::unique_ptr<LineReader> reader;  // open while not done
  std::shared_ptr<const FileOrigin> origin;
};

FileTailer::FileTailer(TailOptions options, OffsetReader offsets, LogFn log)
    : options_(std::move(options)), offsets_(std::move(offsets)), log_(std::move(log)) {}

FileTailer::~FileTailer() = default;

void FileTailer::Poll(size_t max_lines, std::chrono::milliseconds timeout, LineBatch& out) {
  const Clock::time_point deadline = Clock::now() + timeout;
  const size_t start = out.size();
  // Set once lines are found: the poll lingers for more until then (linger.ms).
  std::optional<Clock::time_point> hand_over;
  for (;;) {
    Clock::time_point now = Clock::now();
    if (rescan_due_ || now >= next_rescan_) {
      Rescan();
      rescan_due_ = false;
      next_rescan_ = now + (fully_watched_ ? options_.rescan_interval_watched
                                           : options_.rescan_interval_unwatched);
    }
    progress_ = false;
    ReadReady(max_lines - (out.size() - start), out);
    const size_t found = out.size() - start;
    if (found >= max_lines || max_lines == 0) return;
    if (found > 0) {
      if (!hand_over) hand_over = std::min(deadline, now + options_.linger);
      if (Clock::now() >= *hand_over) return;
    }
    if (progress_) continue;  // a file finished: the next one of its partition may have lines

    now = Clock::now();
    if (now >= deadline) return;
    Clock::time_point until = std::min(deadline, next_rescan_);
    if (hand_over) until = std::min(until, *hand_over);
    if (next_finish_check_) until = std::min(until, *next_finish_check_);
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(until - now);
    if (hand_over) {
      // Lingering: one sleep, not a wake-up per write; the writes are read when it ends.
      if (watcher_.SleepUnlessWoken(wait)) return;
      continue;
    }
    ChangeWatcher::Events events = watcher_.Wait(wait);
    if (events.woken) return;
    if (events.entries_changed) rescan_due_ = true;
  }
}

// --- discovering files ------------------------------------------------------------------------

void FileTailer::Rescan() {
  std::vector<FileInfo> matches;
  try {
    matches = MatchFiles(options_.pattern);
  } catch (const std::exception& e) {
    Log(LogLevel::kError,
        std::string("cannot list the files matching ") + options_.pattern + ": " + e.what());
    return;
  }
  for (auto& file : files_) file->matched = false;
  for (const FileInfo& match : matches) {
    if (TrackedFile* file = FindTracked(match.id)) {
      file->path = match.path;
      file->matched = true;
    }
  }

  // Read the stored offsets first: they say which of the files are known already.
  if (!HasGlobMagic(options_.pattern)) LoadPartition(options_.pattern, matches);
  for (const FileInfo& match : matches) LoadPartition(match.path, matches);

  std::vector<const FileInfo*> fresh;
  for (const FileInfo& match : matches) {
    if (!FindTracked(match.id)) fresh.push_back(&match);
  }
  std::vector<const FileInfo*> unknown;
  for (const FileInfo* match : fresh) {
    if (!AdoptKnown(*match)) unknown.push_back(match);
  }
  for (const FileInfo* match : unknown) AdoptNew(*match);

  for (auto& file : files_) {
    if (file->matched) continue;
    if (file->done) {
      // Read to its end and gone from the pattern: nothing left to recognise it for.
      Forget(*file);
    } else if (auto found = FindInDirectory(DirectoryOf(file->path), file->id.ino)) {
      file->path = *found;  // renamed out of the pattern while still being drained
    }
  }
  Sweep();

  if (matches.empty() && !waiting_logged_) {
    Log(LogLevel::kInfo, HasGlobMagic(options_.pattern)
                             ? "no file matches " + options_.pattern + " yet; waiting for one"
                             : options_.pattern + " does not exist yet; waiting for it");
  }
  waiting_logged_ = matches.empty();
  UpdateWatches(matches);
}

void FileTailer::LoadPartition(const std::string& path, const std::vector<FileInfo>& matches) {
  Partition& partition = partitions_[path];
  if (partition.loaded) return;
  partition.loaded = true;
  std::optional<StoredOffset> stored = offsets_ ? offsets_(path) : std::nullopt;
  if (!stored) return;
  partition.rotated = stored->rotated_inodes;
  if (!stored->inode) {
    partition.legacy_position = stored->position;
    return;
  }
  const uint64_t inode = *stored->inode;
  partition.latest = Partition::Claim{inode, stored->position};
  bool matched = std::any_of(matches.begin(), matches.end(),
                             [&](const FileInfo& m) { return m.id.ino == inode; });
  if (matched || FindTrackedInode(inode)) return;  // adopted with the matches

  // The file was rotated out of the pattern (app.log -> app.log.1) while the task was away:
  // drain what was written to it after the stored position before anything newer at `path`.
  if (auto found = FindInDirectory(DirectoryOf(path), inode)) {
    std::optional<FileInfo> file;
    try {
      file = StatPath(*found);
    } catch (const std::system_error& e) {
      Log(LogLevel::kWarn, e.what());
    }
    if (file) {
      if (file->size >= stored->position) {
        Log(LogLevel::kInfo, path + " was rotated to " + *found + " since it was last read; " +
                                 "reading the rest of it from byte " +
                                 std::to_string(stored->position));
        Track(*file, path, stored->position, /*done=*/false, /*matched=*/false);
        return;
      }
    }
  }
  Log(LogLevel::kInfo, "the file last read at " + path + " (inode " + std::to_string(inode) +
                           ", up to byte " + std::to_string(stored->position) +
                           ") is gone; continuing with the file there now");
  partition.latest.reset();
}

bool FileTailer::AdoptKnown(const FileInfo& file) {
  // The partition whose offset is about this inode: the file's own path first.
  std::string owner;
  auto own = partitions_.find(file.path);
  if (own != partitions_.end() && own->second.latest && own->second.latest->inode == file.id.ino) {
    owner = file.path;
  } else {
    for (const auto& [path, partition] : partitions_) {
      if (partition.latest && partition.latest->inode == file.id.ino) {
        owner = path;
        break;
      }
    }
  }
  if (!owner.empty()) {
    uint64_t position = partitions_[owner].latest->position;
    if (file.size < position) {
      Log(LogLevel::kWarn, Describe(file) + " is smaller (" + std::to_string(file.size) +
                               " bytes) than its stored position " + std::to_string(position) +
                               "; it was truncated, so it is read again from the start");
      position = 0;
    } else if (owner != file.path) {
      Log(LogLevel::kInfo, Describe(file) + " was read before as " + owner +
                               "; resuming it at byte " + std::to_string(position));
    } else {
      Log(LogLevel::kInfo, "resuming " + Describe(file) + " at byte " + std::to_string(position));
    }
    Track(file, owner, position, /*done=*/false, /*matched=*/true);
    return true;
  }
  for (const auto& [path, partition] : partitions_) {
    if (Contains(partition.rotated, file.id.ino)) {
      // Read to its end before it was rotated: remembered, never read again.
      Track(file, path, file.size, /*done=*/true, /*matched=*/true);
      return true;
    }
  }
  return false;
}

void FileTailer::AdoptNew(const FileInfo& file) {
  Partition& partition = partitions_[file.path];
  uint64_t position = 0;
  std::string how = "from the start";
  if (partition.legacy_position) {
    if (*partition.legacy_position <= file.size) {
      position = *partition.legacy_position;
      how = "from byte " + std::to_string(position) + " (its stored offset has no inode)";
    } else {
      how = "from the start: it is smaller than its stored position " +
            std::to_string(*partition.legacy_position);
    }
  }
  if (Track(file, file.path, position, /*done=*/false, /*matched=*/true)) {
    partition.legacy_position.reset();
    Log(LogLevel::kInfo, "reading " + Describe(file) + " " + how);
  }
}

FileTailer::TrackedFile* FileTailer::Track(const FileInfo& file, const std::string& partition_path,
                                           uint64_t position, bool done, bool matched) {
  auto tracked = std::make_unique<TrackedFile>();
  tracked->seq = next_seq_++;
  tracked->id = file.id;
  tracked->partition_path = partition_path;
  tracked->partition = &partitions_[partition_path];
  tracked->path = file.path;
  tracked->done = done;
  tracked->matched = matched;
  if (!done) {
    try {
      std::optional<UniqueFd> fd = OpenForReading(file.path);
      // Replaced between the scan and the open: the next scan sees the new file.
      if (!fd || StatOpenFile(fd->get(), file.path).id != file.id) {
        rescan_due_ = true;
        return nullptr;
      }
      tracked->reader = std::make_unique<LineReader>(
          std::move(*fd), file.path, position, options_.max_line_bytes, options_.read_chunk_bytes);
    } catch (const std::system_error& e) {
      Log(LogLevel::kError, std::string(e.what()) + "; trying again at the next scan");
      return nullptr;
    }
  } else if (!Contains(tracked->partition->rotated, file.id.ino)) {
    tracked->partition->rotated.push_back(file.id.ino);
  }
  tracked->origin = MakeOrigin(*tracked);
  files_.push_back(std::move(tracked));
  return files_.back().get();
}

void FileTailer::UpdateWatches(const std::vector<FileInfo>& matches) {
  std::set<std::string> directories;
  bool complete = true;
  std::string pattern_directory = DirectoryOf(options_.pattern);
  if (HasGlobMagic(pattern_directory)) {
    complete = false;  // new directories can only be found by scanning
  } else {
    directories.insert(pattern_directory);
  }
  for (const FileInfo& match : matches) directories.insert(DirectoryOf(match.path));
  for (const auto& file : files_) {
    if (!file->done) directories.insert(DirectoryOf(file->path));
  }
  fully_watched_ = watcher_.SetWatchedDirectories(directories) && complete;
}

// --- reading ----------------------------------------------------------------------------------

void FileTailer::ReadReady(size_t budget, LineBatch& out) {
  next_finish_check_.reset();  // set again by every file still waiting to be finished
  if (files_.empty()) return;
  const size_t count = files_.size();
  const size_t first = round_robin_++ % count;
  for (size_t i = 0; i < count && budget > 0; ++i) {
    TrackedFile& file = *files_[(first + i) % count];
    if (Readable(file)) budget -= ReadFrom(file, budget, out);
  }
  Sweep();
}

size_t FileTailer::ReadFrom(TrackedFile& file, size_t budget, LineBatch& out) {
  size_t emitted = 0;
  Line line;
  while (emitted < budget) {
    if (file.reader->Next(line)) {
      Emit(file, line, out);
      ++emitted;
      continue;
    }
    try {
      if (file.reader->Fill() > 0) continue;
      if (CheckAtEnd(file, emitted, out) == AtEnd::kReadAgain) continue;
    } catch (const std::system_error& e) {
      // Dropped and found again by the next scan, resuming after the last line handed out.
      Log(LogLevel::kError, std::string(e.what()) + "; opening it again at the next scan");
      file.forget = true;
      rescan_due_ = true;
    }
    break;
  }
  return emitted;
}

FileTailer::AtEnd FileTailer::CheckAtEnd(TrackedFile& file, size_t& emitted, LineBatch& out) {
  FileInfo now = StatOpenFile(file.reader->fd(), file.path);
  if (now.size < file.reader->read_position()) {
    Log(LogLevel::kWarn, file.path + " shrank from " +
                             std::to_string(file.reader->read_position()) + " to " +
                             std::to_string(now.size) +
                             " bytes (truncated, or rotated by copytruncate); reading it again "
                             "from the start");
    file.reader->Restart(0);
    return AtEnd::kReadAgain;
  }

  bool replaced = now.links == 0;
  if (!replaced) {
    std::optional<FileInfo> at_path = StatPath(file.partition_path);
    replaced = at_path && at_path->id != file.id;
  }
  if (!replaced) {
    file.replaced_at.reset();
    return AtEnd::kIdle;
  }

  // Another file took its place (or it was deleted): the writer moves on. Give it a moment to
  // finish its last lines, then finish the file so that the next one of the partition is read.
  const Clock::time_point clock = Clock::now();
  if (!file.replaced_at) file.replaced_at = clock;
  const Clock::time_point finish_at = *file.replaced_at + options_.rotation_grace;
  if (clock < finish_at) {
    next_finish_check_ = next_finish_check_ ? std::min(*next_finish_check_, finish_at) : finish_at;
    return AtEnd::kIdle;
  }
  Line line;
  if (file.reader->TakeRest(line)) {  // a last line without a newline: nothing will follow it
    Emit(file, line, out);
    ++emitted;
  }
  Log(LogLevel::kInfo,
      "finished " + file.path + " (inode " + std::to_string(file.id.ino) + ") at byte " +
          std::to_string(file.reader->position()) + ": " +
          (now.links == 0 ? "it was deleted"
                          : "a new file took its place at " + file.partition_path));
  Finish(file);
  return AtEnd::kIdle;
}

void FileTailer::Emit(TrackedFile& file, const Line& line, LineBatch& out) {
  out.Add(line.text, file.origin, line.end_position);
  file.partition->latest = Partition::Claim{file.id.ino, line.end_position};
  if (line.starts_long_line && !file.warned_long_line) {
    file.warned_long_line = true;
    Log(LogLevel::kWarn,
        file.path + ": the line at byte " + std::to_string(line.end_position - line.text.size()) +
            " is longer than max.line.bytes (" + std::to_string(options_.max_line_bytes) +
            "); long lines are delivered in pieces of at most that many bytes "
            "(logged once per file)");
  }
}

void FileTailer::Finish(TrackedFile& file) {
  file.done = true;
  file.reader.reset();
  file.replaced_at.reset();
  progress_ = true;
  if (file.matched) {
    // Still matches (app.log.1 under app.log*): remember it so it is never read again.
    if (!Contains(file.partition->rotated, file.id.ino)) {
      file.partition->rotated.push_back(file.id.ino);
    }
    RefreshOrigins(*file.partition);
  } else {
    Forget(file);
  }
}

void FileTailer::Forget(TrackedFile& file) {
  file.forget = true;
  Partition& partition = *file.partition;
  if (partition.latest && partition.latest->inode == file.id.ino && file.done) {
    partition.latest.reset();  // its inode number may be reused by an unrelated file
  }
  auto it = std::find(partition.rotated.begin(), partition.rotated.end(), file.id.ino);
  if (it != partition.rotated.end()) {
    partition.rotated.erase(it);
    RefreshOrigins(partition);
  }
}

void FileTailer::Sweep() {
  files_.erase(std::remove_if(files_.begin(), files_.end(),
                              [](const std::unique_ptr<TrackedFile>& f) { return f->forget; }),
               files_.end());
}

// --- helpers ----------------------------------------------------------------------------------

bool FileTailer::Readable(const TrackedFile& file) const {
  if (file.done || file.forget) return false;
  // Within a partition, files are read one after the other, oldest first.
  return std::none_of(files_.begin(), files_.end(), [&](const std::unique_ptr<TrackedFile>& f) {
    return f->partition == file.partition && f->seq < file.seq && !f->done && !f->forget;
  });
}

FileTailer::TrackedFile* FileTailer::FindTracked(FileId id) const {
  for (const auto& file : files_) {
    if (file->id == id && !file->forget) return file.get();
  }
  return nullptr;
}

FileTailer::TrackedFile* FileTailer::FindTrackedInode(uint64_t inode) const {
  for (const auto& file : files_) {
    if (file->id.ino == inode && !file->forget) return file.get();
  }
  return nullptr;
}

void FileTailer::RefreshOrigins(const Partition& partition) {
  for (auto& file : files_) {
    if (file->partition == &partition) file->origin = MakeOrigin(*file);
  }
}

std::shared_ptr<const FileOrigin> FileTailer::MakeOrigin(const TrackedFile& file) const {
  auto origin = std::make_shared<FileOrigin>();
  origin->partition_path = file.partition_path;
  origin->path = file.path;
  origin->inode = file.id.ino;
  origin->rotated_inodes = file.partition->rotated;
  return origin;
}

}  // namespace sluice::file_source
