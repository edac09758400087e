// Small POSIX helpers shared by the file-source classes: an owning file descriptor, a file's
// identity (device and inode), and stat() that tells "does not exist" apart from real errors.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace sluice::file_source {

// Owns a file descriptor and closes it exactly once.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// What makes a file the same file across renames: its device and inode numbers.
struct FileId {
  uint64_t dev = 0;
  uint64_t ino = 0;
  auto operator<=>(const FileId&) const = default;
};

// The facts about a file that the sources compare between looks.
struct FileInfo {
  std::string path;
  FileId id;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t links = 1;  // 0 once the file was deleted while still open
  bool regular = false;
};

FileInfo FileInfoFromStat(std::string path, const struct stat& st);

// Throws std::system_error for errno, the message naming what failed ("cannot open /x").
[[noreturn]] void ThrowErrno(const std::string& what);

// stat(2) that follows symlinks; nullopt when nothing is at `path`. Throws on other errors
// (permission denied, I/O error).
std::optional<FileInfo> StatPath(const std::string& path);

// fstat(2) of an open file; `path` is only used in the error message.
FileInfo StatOpenFile(int fd, const std::string& path);

// Opens a file for reading (O_RDONLY | O_CLOEXEC); nullopt when it vanished meanwhile.
std::optional<UniqueFd> OpenForReading(const std::string& path);

}  // namespace sluice::file_source
