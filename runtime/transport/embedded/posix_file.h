// Thin POSIX file helpers for the log: an owning descriptor and reads/stat that report errors as
// Status naming the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "common/status.h"

namespace sluice::embedded {

// kIoError "<what> <path>: <strerror(err)>".
Status ErrnoStatus(const std::string& what, const std::string& path, int err);

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// open(2) with O_CLOEXEC added.
Result<UniqueFd> OpenFile(const std::string& path, int flags, int mode = 0644);

// Reads up to `size` bytes at `offset`, fewer only at end of file. Returns the count read.
Result<size_t> ReadAt(int fd, char* buf, size_t size, uint64_t offset, const std::string& path);

Result<uint64_t> FileSize(int fd, const std::string& path);

// fsync of a directory, so that files created, renamed or deleted in it survive a power loss.
Status SyncDirectory(const std::string& dir);

}  // namespace sluice::embedded
