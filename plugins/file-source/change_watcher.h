// Lets a source wait without burning CPU: it sleeps until a watched directory changes (inotify),
// a stream becomes readable, Wakeup() is called from another thread (an eventfd), or the timeout
// passes. When inotify is unavailable (or a directory cannot be watched yet) the caller falls
// back to polling at a short interval; SetWatchedDirectories says whether it needs to.
#pragma once

#include <chrono>
#include <map>
#include <set>
#include <string>

#include "file-source/posix_file.h"

namespace sluice::file_source {

class ChangeWatcher {
 public:
  struct Events {
    bool entries_changed = false;  // a file was created, deleted, renamed or had its attributes set
    bool content_changed = false;  // a file in a watched directory was written to
    bool readable = false;         // the extra descriptor given to Wait is readable
    bool woken = false;            // Wakeup() was called
  };

  // Throws std::system_error when the eventfd cannot be created. inotify is optional; without
  // it (unavailable, or `use_inotify` false) SetWatchedDirectories always says to poll.
  explicit ChangeWatcher(bool use_inotify = true);

  // Watches exactly these directories (for entries and for writes to files inside them).
  // Returns false when some could not be watched (missing, or no inotify): poll then.
  bool SetWatchedDirectories(const std::set<std::string>& directories);

  // Waits up to `timeout` for any event; `readable_fd` (optional) is waited on as well.
  // With a zero timeout it only collects what is already pending.
  Events Wait(std::chrono::milliseconds timeout, int readable_fd = -1);

  // Sleeps up to `timeout`, ended early only by Wakeup(): file changes meanwhile stay pending
  // for the next Wait. For a source that lingers to gather more lines, so that each write does
  // not wake it. Returns whether it was woken.
  bool SleepUnlessWoken(std::chrono::milliseconds timeout);

  // Makes the current or next Wait return with `woken`. Thread-safe; never blocks.
  void Wakeup();

 private:
  void DrainInotify(Events& events);

  UniqueFd wake_fd_;
  UniqueFd inotify_fd_;
  std::map<std::string, int> watches_;  // directory -> watch descriptor
};

}  // namespace sluice::file_source
