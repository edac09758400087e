// Reads lines from a stream such as the worker's standard input, which is what Kafka's
// FileStreamSource does when `file` is not set. A stream has no offsets: lines carry no origin.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "file-source/change_watcher.h"
#include "file-source/line_reader.h"
#include "file-source/line_source.h"

namespace sluice::file_source {

class StreamTailer : public LineSource {
 public:
  // Reads from a duplicate of `fd`, so the caller's descriptor stays open.
  // Throws std::system_error when it cannot be duplicated.
  StreamTailer(int fd, const std::string& name, size_t max_line_bytes, LogFn log);

  void Poll(size_t max_lines, std::chrono::milliseconds timeout, LineBatch& out) override;
  void Wakeup() override { watcher_.Wakeup(); }

 private:
  void Log(LogLevel level, const std::string& message) const {
    if (log_) log_(level, message);
  }

  LineReader reader_;
  LogFn log_;
  ChangeWatcher watcher_;
  bool ended_ = false;
};

}  // namespace sluice::file_source
