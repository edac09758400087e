#include "file-source/stream_tailer.h"

#include <fcntl.h>

#include <system_error>

namespace sluice::file_source {
namespace {

UniqueFd Duplicate(int fd, const std::string& name) {
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) ThrowErrno("cannot use " + name);
  return UniqueFd(copy);
}

}  // namespace

StreamTailer::StreamTailer(int fd, const std::string& name, size_t max_line_bytes, LogFn log)
    : reader_(Duplicate(fd, name), name, 0, max_line_bytes), log_(std::move(log)) {}

void StreamTailer::Poll(size_t max_lines, std::chrono::milliseconds timeout, LineBatch& out) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + timeout;
  const size_t start = out.size();
  Line line;
  for (;;) {
    while (out.size() - start < max_lines && reader_.Next(line)) {
      out.Add(line.text, nullptr, line.end_position);
    }
    if (out.size() > start || max_lines == 0) return;
    auto remaining = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (remaining.count() <= 0) return;
    // After the end of the stream only a Wakeup() or the timeout ends the wait.
    ChangeWatcher::Events events = watcher_.Wait(remaining, ended_ ? -1 : reader_.fd());
    if (events.woken) return;
    if (!events.readable) continue;
    if (reader_.Fill() == 0) {
      ended_ = true;
      if (reader_.TakeRest(line)) {
        out.Add(line.text, nullptr, line.end_position);
      }
      Log(LogLevel::kInfo, "reached the end of " + reader_.name() + "; no more lines will come");
    }
  }
}

}  // namespace sluice::file_source
