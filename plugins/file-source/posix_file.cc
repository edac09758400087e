#include "file-source/posix_file.h"

#include <fcntl.h>

#include <cerrno>
#include <system_error>

namespace sluice::file_source {

FileInfo FileInfoFromStat(std::string path, const struct stat& st) {
  FileInfo info;
  info.path = std::move(path);
  info.id = {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
  info.size = static_cast<uint64_t>(st.st_size);
  info.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  info.links = static_cast<uint64_t>(st.st_nlink);
  info.regular = S_ISREG(st.st_mode);
  return info;
}

void ThrowErrno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

std::optional<FileInfo> StatPath(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    ThrowErrno("cannot stat " + path);
  }
  return FileInfoFromStat(path, st);
}

FileInfo StatOpenFile(int fd, const std::string& path) {
  struct stat st;
  if (::fstat(fd, &st) != 0) ThrowErrno("cannot stat open file " + path);
  return FileInfoFromStat(path, st);
}

std::optional<UniqueFd> OpenForReading(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    ThrowErrno("cannot open " + path);
  }
  return UniqueFd(fd);
}

}  // namespace sluice::file_source
