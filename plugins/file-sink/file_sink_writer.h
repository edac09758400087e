// Turns record values into lines and appends them to a file in large writes.
//
// Lines are gathered in a buffer and appended in one write when it fills up, at the end of each
// batch (WriteBuffered: lines reach the file as soon as their batch is done, not when a buffer
// fills) and on Flush, which then syncs the file: when Flush returns, every line written so far
// is on stable storage. The sink task flushes before it hands offsets back for commit, so an
// offset is never committed for a line that could still be lost.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "file-sink/append_file.h"
#include "sluice/data.h"

namespace sluice::file_sink {

inline constexpr size_t kDefaultWriteBufferBytes = size_t{1024} * 1024;

class FileSinkWriter {
 public:
  explicit FileSinkWriter(std::unique_ptr<AppendFile> file,
                          size_t buffer_bytes = kDefaultWriteBufferBytes);

  // Adds the line for one record value. Throws std::system_error when a full buffer cannot be
  // written out.
  void Write(const SchemaAndValue& value);

  // Writes out what is buffered (one write), without syncing. Throws std::system_error; the
  // lines of a failed write are dropped from the buffer (the task fails, and its records are
  // consumed again).
  void WriteBuffered() { WriteOut(); }

  // Writes out what is buffered, then syncs. Throws as WriteBuffered, and after any failed
  // write: lines were lost, so nothing written since may be reported durable.
  void Flush();

  size_t buffered_bytes() const { return buffer_.size(); }
  const std::string& name() const { return file_->name(); }

 private:
  void WriteOut();

  std::unique_ptr<AppendFile> file_;
  size_t buffer_bytes_;
  std::string buffer_;
  bool unsynced_ = false;  // written since the last sync
  std::string failure_;    // why a write failed; once set, Flush refuses
};

}  // namespace sluice::file_sink
