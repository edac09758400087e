// Flume's spooling-directory source: every file that lands in a directory is read once, line by
// line, then marked completed (renamed with a suffix) or deleted.
//
// Guarantee: at least once. A file is renamed or deleted only once the offset store holds, for
// its path and inode, an offset at or past its end: the host commits offsets only of records
// it acknowledged, in order. A commit alone proves nothing, since the host commits (and calls
// OnCommit) while other records are still in flight. A crash before the completion reads the
// rest of the file again from its committed offset: lines are duplicated only after a crash,
// never lost.
//
// Files must be complete and unchanging once they are in the directory (move them in with a
// rename). A file that changes while it is read (size or modification time) is reported and
// skipped, and the source goes on with the others; it stays in place until the task restarts.
// File names must be unique over time: offsets are kept per path. Each offset also names the
// file's inode, size and modification time, so that a new file that got the name (and, after a
// delete, the inode) of one read before is read from the start, not resumed.
//
// Not thread-safe except for Wakeup().
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "file-source/change_watcher.h"
#include "file-source/line_reader.h"
#include "file-source/line_source.h"
#include "file-source/posix_file.h"
#include "file-source/spool_scanner.h"

namespace sluice::file_source {

struct SpoolOptions {
  SpoolScanOptions scan;
  bool delete_completed = false;  // spooldir.delete.policy=immediate
  size_t max_line_bytes = size_t{1024} * 1024;
  size_t read_chunk_bytes = kDefaultReadChunkBytes;
  std::chrono::milliseconds rescan_interval_unwatched{250};
  std::chrono::milliseconds rescan_interval_watched{2000};
  // How often committed offsets are consulted for files awaiting acknowledgement.
  std::chrono::milliseconds committed_offset_check_interval{1000};
  // false: never use inotify, only rescan every rescan_interval_unwatched (the fallback for
  // when inotify is unavailable, chosen on purpose: for tests).
  bool use_inotify = true;
};

class SpoolDirectorySource : public LineSource {
 public:
  // Throws std::invalid_argument naming the setting when the directory does not exist or a
  // pattern is invalid. `offsets` reads what the offset store holds; it is required, because
  // only it can say that a file was delivered. `forget`, when given, deletes the offset of a
  // file once it is completed, so that offsets do not pile up as files come and go.
  SpoolDirectorySource(SpoolOptions options, OffsetReader offsets, LogFn log,
                       OffsetForgetter forget = nullptr);
  ~SpoolDirectorySource() override;

  void Poll(size_t max_lines, std::chrono::milliseconds timeout, LineBatch& out) override;
  // Offsets were committed: completes the files whose committed offset reached their end.
  void OnCommit() override;
  void Wakeup() override { watcher_.Wakeup(); }

  // Whether every directory searched is watched (inotify), so that rescans can be rare.
  bool watching() const { return fully_watched_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct OpenFile;
  struct ReadFile {  // read to its end; completed once its committed offset reaches the end
    FileInfo info;
    uint64_t end_position = 0;
  };

  void Rescan();
  bool OpenNext();
  void ReadCurrent(size_t budget, LineBatch& out);
  void Emit(const Line& line, LineBatch& out);
  void FinishCurrent();
  void SkipCurrent(const std::string& why);
  void CheckCommittedOffsets();
  void Complete(const ReadFile& file);
  bool Busy(FileId id) const;  // being read, awaiting its committed offset, or skipped
  void Log(LogLevel level, const std::string& message) const {
    if (log_) log_(level, message);
  }

  SpoolOptions options_;
  OffsetReader offsets_;
  LogFn log_;
  OffsetForgetter forget_;
  SpoolScanner scanner_;
  ChangeWatcher watcher_;
  std::unique_ptr<OpenFile> current_;
  std::deque<FileInfo> queue_;
  std::vector<ReadFile> awaiting_commit_;
  std::set<FileId> skipped_;
  bool rescan_due_ = true;
  bool fully_watched_ = false;
  bool wake_pending_ = false;
  std::string last_scan_error_;
  Clock::time_point next_rescan_{};
  Clock::time_point next_offset_check_{};
};

}  // namespace sluice::file_source
