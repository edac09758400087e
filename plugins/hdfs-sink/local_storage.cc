#include "hdfs-sink/local_storage.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace sluice::hdfs_sink {
namespace {

// Errors that retrying cannot mend are permanent; the rest (EIO, ENOSPC, EMFILE ...) may pass.
StorageErrorKind KindOf(int err) {
  switch (err) {
    case ENOENT:
      return StorageErrorKind::kNotFound;
    case EEXIST:
      return StorageErrorKind::kAlreadyExists;
    case EACCES:
    case EPERM:
    case EROFS:
      return StorageErrorKind::kPermissionDenied;
    case ENOTDIR:
    case EISDIR:
    case ENAMETOOLONG:
    case EINVAL:
    case ENOTEMPTY:
      return StorageErrorKind::kInvalid;
    default:
      return StorageErrorKind::kTransient;
  }
}

[[noreturn]] void Fail(int err, const std::string& what, const std::string& path,
                       bool may_have_applied = false) {
  throw StorageError(KindOf(err), what + " " + path + ": " + std::strerror(err), may_have_applied);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now so that a failing close (NFS reports write errors there) is seen.
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

void WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail(errno, "cannot write", path, /*may_have_applied=*/true);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

void SyncDirectory(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) Fail(errno, "cannot open directory", dir);
  if (::fsync(fd.get()) != 0) Fail(errno, "cannot sync directory", dir);
}

void WriteFile(const std::string& path, std::string_view data, int flags) {
  Fd fd(::open(path.c_str(), flags | O_WRONLY | O_CLOEXEC, 0644));
  if (fd.get() < 0) Fail(errno, (flags & O_APPEND) ? "cannot append to" : "cannot create", path);
  WriteAll(fd.get(), data, path);
  if (::fsync(fd.get()) != 0) Fail(errno, "cannot sync", path, /*may_have_applied=*/true);
  if (fd.Close() != 0) Fail(errno, "cannot close", path, /*may_have_applied=*/true);
}

std::optional<struct stat> Stat(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return st;
  if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
  Fail(errno, "cannot stat", path);
}

FileStatus ToStatus(std::string name, const struct stat& st) {
  FileStatus status;
  status.name = std::move(name);
  status.is_directory = S_ISDIR(st.st_mode);
  status.length = status.is_directory ? 0 : static_cast<uint64_t>(st.st_size);
  return status;
}

}  // namespace

void LocalStorage::Create(const std::string& path, std::string_view data, bool overwrite) {
  MakeDirectories(ParentPath(path));
  const bool existed = Stat(path).has_value();
  WriteFile(path, data, O_CREAT | O_TRUNC | (overwrite ? 0 : O_EXCL));
  if (!existed) SyncDirectory(ParentPath(path));
}

void LocalStorage::Append(const std::string& path, std::string_view data) {
  WriteFile(path, data, O_APPEND);
}

bool LocalStorage::Rename(const std::string& from, const std::string& to) {
  if (!Stat(ParentPath(to))) return false;
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) != 0) {
    const int err = errno;
    if (err == ENOENT || err == EEXIST) return false;
    if (err != EINVAL) Fail(err, "cannot rename " + from + " to", to);
    // The file system has no RENAME_NOREPLACE; the sink is the only writer of these paths.
    if (!Stat(from) || Stat(to)) return false;
    if (::rename(from.c_str(), to.c_str()) != 0) Fail(errno, "cannot rename " + from + " to", to);
  }
  SyncDirectory(ParentPath(to));
  if (ParentPath(from) != ParentPath(to)) SyncDirectory(ParentPath(from));
  return true;
}

void LocalStorage::MakeDirectories(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) Fail(ec.value(), "cannot create directory", path);
  if (!std::filesystem::is_directory(path, ec)) Fail(ENOTDIR, "cannot create directory", path);
}

bool LocalStorage::Delete(const std::string& path, bool recursive) {
  auto st = Stat(path);
  if (!st) return false;
  if (S_ISDIR(st->st_mode)) {
    if (recursive) {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
      if (ec) Fail(ec.value(), "cannot delete", path);
    } else if (::rmdir(path.c_str()) != 0) {
      Fail(errno, "cannot delete directory", path);
    }
  } else if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return false;
    Fail(errno, "cannot delete", path);
  }
  return true;
}

std::optional<FileStatus> LocalStorage::GetFileStatus(const std::string& path) {
  auto st = Stat(path);
  if (!st) return std::nullopt;
  return ToStatus(std::filesystem::path(path).filename().string(), *st);
}

std::vector<FileStatus> LocalStorage::ListStatus(const std::string& path) {
  auto st = Stat(path);
  if (!st) Fail(ENOENT, "cannot list", path);
  if (!S_ISDIR(st->st_mode)) return {ToStatus("", *st)};
  std::vector<FileStatus> entries;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (auto child = Stat(it->path().string())) entries.push_back(ToStatus(name, *child));
  }
  if (ec) Fail(ec.value(), "cannot list", path);
  return entries;
}

std::string LocalStorage::Read(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) Fail(errno, "cannot open", path);
  std::string content;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      Fail(errno, "cannot read", path);
    }
    if (n == 0) break;
    content.append(buf, static_cast<size_t>(n));
  }
  return content;
}

}  // namespace sluice::hdfs_sink
