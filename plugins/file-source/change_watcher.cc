#include "file-source/change_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace sluice::file_source {
namespace {

constexpr uint32_t kEntryEvents =
    IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF;
constexpr uint32_t kContentEvents = IN_MODIFY | IN_CLOSE_WRITE;

}  // namespace

ChangeWatcher::ChangeWatcher(bool use_inotify) {
  int fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) ThrowErrno("cannot create an eventfd for waking the file source");
  wake_fd_ = UniqueFd(fd);
  // Without inotify (kernel limits reached, exotic file systems) the source polls instead.
  if (use_inotify) inotify_fd_ = UniqueFd(::inotify_init1(IN_CLOEXEC | IN_NONBLOCK));
}

bool ChangeWatcher::SetWatchedDirectories(const std::set<std::string>& directories) {
  if (!inotify_fd_) return false;
  for (auto it = watches_.begin(); it != watches_.end();) {
    if (directories.count(it->first) == 0) {
      ::inotify_rm_watch(inotify_fd_.get(), it->second);
      it = watches_.erase(it);
    } else {
      ++it;
    }
  }
  bool all = true;
  for (const std::string& dir : directories) {
    if (watches_.count(dir) != 0) continue;
    int wd = ::inotify_add_watch(inotify_fd_.get(), dir.c_str(),
                                 kEntryEvents | kContentEvents | IN_ONLYDIR);
    if (wd < 0) {
      all = false;
      continue;
    }
    watches_[dir] = wd;
  }
  return all;
}

ChangeWatcher::Events ChangeWatcher::Wait(std::chrono::milliseconds timeout, int readable_fd) {
  Events events;
  pollfd fds[3];
  nfds_t count = 0;
  fds[count++] = {wake_fd_.get(), POLLIN, 0};
  const nfds_t inotify_index = count;
  if (inotify_fd_) fds[count++] = {inotify_fd_.get(), POLLIN, 0};
  const nfds_t readable_index = count;
  if (readable_fd >= 0) fds[count++] = {readable_fd, POLLIN, 0};

  int ms = static_cast<int>(std::max<int64_t>(0, std::min<int64_t>(timeout.count(), INT32_MAX)));
  int ready;
  do {
    ready = ::poll(fds, count, ms);
  } while (ready < 0 && errno == EINTR);
  if (ready < 0) ThrowErrno("cannot wait for file changes");

  if (fds[0].revents & POLLIN) {
    uint64_t value;
    while (::read(wake_fd_.get(), &value, sizeof value) > 0) {
    }
    events.woken = true;
  }
  if (inotify_fd_ && (fds[inotify_index].revents & POLLIN)) DrainInotify(events);
  if (readable_fd >= 0 && (fds[readable_index].revents & (POLLIN | POLLHUP | POLLERR))) {
    events.readable = true;
  }
  return events;
}

bool ChangeWatcher::SleepUnlessWoken(std::chrono::milliseconds timeout) {
  pollfd fd{wake_fd_.get(), POLLIN, 0};
  int ms = static_cast<int>(std::max<int64_t>(0, std::min<int64_t>(timeout.count(), INT32_MAX)));
  int ready;
  do {
    ready = ::poll(&fd, 1, ms);
  } while (ready < 0 && errno == EINTR);
  if (ready < 0) ThrowErrno("cannot wait");
  if (!(fd.revents & POLLIN)) return false;
  uint64_t value;
  while (::read(wake_fd_.get(), &value, sizeof value) > 0) {
  }
  return true;
}

void ChangeWatcher::Wakeup() {
  uint64_t one = 1;
  // Only fails when the counter would overflow, and then a wake-up is pending anyway.
  [[maybe_unused]] ssize_t n = ::write(wake_fd_.get(), &one, sizeof one);
}

void ChangeWatcher::DrainInotify(Events& events) {
  alignas(inotify_event) char buffer[16 * 1024];
  for (;;) {
    ssize_t n = ::read(inotify_fd_.get(), buffer, sizeof buffer);
    if (n <= 0) return;  // EAGAIN: drained
    for (ssize_t offset = 0; offset < n;) {
      inotify_event event;
      std::memcpy(&event, buffer + offset, sizeof event);
      if (event.mask & (kEntryEvents | IN_Q_OVERFLOW | IN_IGNORED)) events.entries_changed = true;
      if (event.mask & kContentEvents) events.content_changed = true;
      if (event.mask & IN_IGNORED) {
        // The directory is gone; forget it so that the next SetWatchedDirectories re-adds it.
        for (auto it = watches_.begin(); it != watches_.end(); ++it) {
          if (it->second == event.wd) {
            watches_.erase(it);
            break;
          }
        }
      }
      offset += static_cast<ssize_t>(sizeof(inotify_event) + event.len);
    }
  }
}

}  // namespace sluice::file_source
