// Tails the files that a path or glob names, as `tail -F` does for each, and keeps what it has
// read as source offsets: partition {"filename": path}, offset {"position": bytes, "inode": n}.
//
// What it handles beyond Kafka's FileStreamSource:
//   - Rename rotation (app.log -> app.log.1, a new app.log): the old file is drained to its end,
//     then the new one is read from byte 0. Lines of one partition are never interleaved.
//   - Truncation and copytruncate: a file smaller than the read position is read again from 0.
//   - A file that does not exist yet: waited for (logged once).
//   - Files are known by inode as well as path. On a restart, a stored offset whose inode is no
//     longer at its path is looked for among the matches and in the path's directory (a rotated
//     app.log.1), so that a rotated file is neither read twice nor skipped. Files that were read
//     to their end and still match the pattern are listed in the offset ("rotated").
//   - Waiting costs nothing: inotify on the directories involved, an eventfd for Wakeup(), and a
//     periodic rescan as a fallback (and as the only means where inotify is unavailable).
//
// Not thread-safe except for Wakeup().
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "file-source/change_watcher.h"
#include "file-source/line_reader.h"
#include "file-source/line_source.h"
#include "file-source/posix_file.h"

namespace sluice::file_source {

struct TailOptions {
  std::string pattern;  // a path or a glob(7) pattern
  size_t max_line_bytes = size_t{1024} * 1024;
  size_t read_chunk_bytes = kDefaultReadChunkBytes;
  // How long a file replaced at its path (or deleted) is still read after the replacement was
  // seen, for writers that switch to the new file a little late.
  std::chrono::milliseconds rotation_grace{1000};
  // Rescans of the pattern: often when inotify cannot see everything, rarely as a safety net.
  std::chrono::milliseconds rescan_interval_unwatched{250};
  std::chrono::milliseconds rescan_interval_watched{2000};
  // Once a poll found lines, how long it waits for more before returning (linger.ms).
  std::chrono::milliseconds linger{0};
};

class FileTailer : public LineSource {
 public:
  // `offsets` is asked once per path for the offset committed earlier.
  FileTailer(TailOptions options, OffsetReader offsets, LogFn log);
  ~FileTailer() override;

  void Poll(size_t max_lines, std::chrono::milliseconds timeout, LineBatch& out) override;
  void Wakeup() override { watcher_.Wakeup(); }

 private:
  using Clock = std::chrono::steady_clock;
  struct Partition;
  struct TrackedFile;
  enum class AtEnd { kIdle, kReadAgain };

  void Rescan();
  void LoadPartition(const std::string& path, const std::vector<FileInfo>& matches);
  bool AdoptKnown(const FileInfo& file);
  void AdoptNew(const FileInfo& file);
  // Starts tracking `file` for the partition {"filename": partition_path}: read from `position`,
  // or only remembered when `done`. Null when it could not be opened (tried again later).
  TrackedFile* Track(const FileInfo& file, const std::string& partition_path, uint64_t position,
                     bool done, bool matched);
  void UpdateWatches(const std::vector<FileInfo>& matches);

  void ReadReady(size_t budget, LineBatch& out);
  size_t ReadFrom(TrackedFile& file, size_t budget, LineBatch& out);
  AtEnd CheckAtEnd(TrackedFile& file, size_t& emitted, LineBatch& out);
  void Emit(TrackedFile& file, const Line& line, LineBatch& out);
  void Finish(TrackedFile& file);
  void Forget(TrackedFile& file);
  void Sweep();

  bool Readable(const TrackedFile& file) const;
  TrackedFile* FindTracked(FileId id) const;
  TrackedFile* FindTrackedInode(uint64_t inode) const;
  void RefreshOrigins(const Partition& partition);
  std::shared_ptr<const FileOrigin> MakeOrigin(const TrackedFile& file) const;
  void Log(LogLevel level, const std::string& message) const {
    if (log_) log_(level, message);
  }

  TailOptions options_;
  OffsetReader offsets_;
  LogFn log_;
  ChangeWatcher watcher_;
  std::map<std::string, Partition> partitions_;
  std::vector<std::unique_ptr<TrackedFile>> files_;
  uint64_t next_seq_ = 0;
  size_t round_robin_ = 0;
  bool rescan_due_ = true;
  bool fully_watched_ = false;
  bool progress_ = false;  // a file finished or was dropped during this read pass
  bool waiting_logged_ = false;
  Clock::time_point next_rescan_{};
  std::optional<Clock::time_point> next_finish_check_;
};

}  // namespace sluice::file_source
