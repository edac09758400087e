// What the file-source task polls: lines read from files, a spool directory or a stream, each
// with the file (and so the source partition and offset) it came from.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::file_source {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
using LogFn = std::function<void(LogLevel, const std::string&)>;

// What tells a file apart from another that later got the same path and inode (an inode is
// reused after a delete): its size and modification time when it was read. Only for files that
// do not change (spool files); a tailed file grows.
struct FileFingerprint {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  bool operator==(const FileFingerprint&) const = default;
};

// Where lines came from. Shared by every line of a file; immutable once handed out.
struct FileOrigin {
  std::string partition_path;  // the source partition is {"filename": partition_path}
  std::string path;            // the file's path when it was opened
  uint64_t inode = 0;
  // Earlier files of the same partition that were read to their end and still match the
  // pattern (a rotated app.log.1 when the pattern is app.log*): a restart must not read them again.
  std::vector<uint64_t> rotated_inodes;
  std::optional<FileFingerprint> fingerprint;
};

struct LineRecord {
  std::string text;
  std::shared_ptr<const FileOrigin> origin;  // null when offsets are not tracked (stdin)
  uint64_t position = 0;                     // byte offset just after the line and its terminator
};

// An offset committed earlier for a source partition {"filename": path}.
struct StoredOffset {
  uint64_t position = 0;
  std::optional<uint64_t> inode;  // absent in offsets written by Kafka's FileStreamSource
  std::vector<uint64_t> rotated_inodes;
  std::optional<FileFingerprint> fingerprint;  // spool files only
};

// Reads the committed offset for a path; nullopt when there is none.
using OffsetReader = std::function<std::optional<StoredOffset>(const std::string& path)>;
// Deletes the stored offset of a file the source is done with for good, once what was returned
// before is committed.
using OffsetForgetter = std::function<void(const std::string& path)>;

// The lines of a poll, appended by a LineSource. Its slots, and the text buffers in them, are
// reused from poll to poll (clear() keeps them), so a source reading millions of lines
// allocates nothing per line once it is warm.
class LineBatch {
 public:
  void Add(std::string_view text, const std::shared_ptr<const FileOrigin>& origin,
           uint64_t position) {
    if (size_ == lines_.size()) lines_.emplace_back();
    LineRecord& line = lines_[size_++];
    line.text.assign(text);
    if (line.origin != origin) line.origin = origin;  // no reference count traffic when equal
    line.position = position;
  }
  void clear() { size_ = 0; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const LineRecord& operator[](size_t i) const { return lines_[i]; }
  const LineRecord& back() const { return lines_[size_ - 1]; }
  std::vector<LineRecord>::const_iterator begin() const { return lines_.begin(); }
  std::vector<LineRecord>::const_iterator end() const {
    return lines_.begin() + static_cast<std::ptrdiff_t>(size_);
  }

 private:
  std::vector<LineRecord> lines_;
  size_t size_ = 0;
};

class LineSource {
 public:
  virtual ~LineSource() = default;
  // Appends at most `max_lines` lines to `out`. Returns at once when lines are ready, otherwise
  // waits up to about `timeout` for some (less when woken).
  virtual void Poll(size_t max_lines, std::chrono::milliseconds timeout, LineBatch& out) = 0;
  // The host stored the offsets of the records acknowledged so far. Others may still be in
  // flight: what was committed is what the offset reader returns, not everything polled.
  virtual void OnCommit() {}
  // Makes a blocked Poll return soon. Thread-safe.
  virtual void Wakeup() = 0;
};

}  // namespace sluice::file_source
