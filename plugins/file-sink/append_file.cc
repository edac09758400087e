#include "file-sink/append_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <map>
#include <mutex>
#include <system_error>
#include <utility>

namespace sluice::file_sink {
namespace {

[[noreturn]] void ThrowErrno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// One mutex per file (device, inode), shared by every writer in this process, so that appends
// from several tasks are serialised even when write(2) would split them.
std::shared_ptr<std::mutex> LockFor(dev_t dev, ino_t ino) {
  static std::mutex registry_mutex;
  static std::map<std::pair<dev_t, ino_t>, std::weak_ptr<std::mutex>> registry;
  std::lock_guard<std::mutex> guard(registry_mutex);
  std::weak_ptr<std::mutex>& slot = registry[{dev, ino}];
  std::shared_ptr<std::mutex> lock = slot.lock();
  if (!lock) {
    lock = std::make_shared<std::mutex>();
    slot = lock;
  }
  return lock;
}

// Syncs the directory holding a file created here, so that the file itself survives a crash.
void SyncDirectoryOf(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) ThrowErrno("cannot open directory " + dir + " to sync it");
  int rc = ::fsync(fd);
  int error = errno;
  ::close(fd);
  if (rc != 0) {
    errno = error;
    ThrowErrno("cannot sync directory " + dir);
  }
}

class PosixAppendFile : public AppendFile {
 public:
  // `owned`: close the descriptor at the end (false for standard output).
  PosixAppendFile(int fd, std::string name, bool owned, bool created)
      : fd_(fd), name_(std::move(name)), owned_(owned), sync_directory_(created) {
    struct stat st;
    if (::fstat(fd_, &st) != 0) ThrowErrno("cannot stat " + name_);
    lock_ = LockFor(st.st_dev, st.st_ino);
  }
  ~PosixAppendFile() override {
    if (owned_) ::close(fd_);
  }

  void Append(std::string_view bytes) override {
    std::lock_guard<std::mutex> guard(*lock_);
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        ThrowErrno("cannot write to " + name_);
      }
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }

  void Sync() override {
    if (::fsync(fd_) != 0) {
      // Pipes and terminals (standard output) cannot be synced and need not be.
      if (errno != EINVAL && errno != EROFS && errno != ENOTSUP) ThrowErrno("cannot sync " + name_);
    }
    if (sync_directory_) {
      SyncDirectoryOf(name_);
      sync_directory_ = false;
    }
  }

  const std::string& name() const override { return name_; }

 private:
  int fd_;
  std::string name_;
  bool owned_;
  bool sync_directory_;
  std::shared_ptr<std::mutex> lock_;
};

}  // namespace

std::unique_ptr<AppendFile> OpenAppendFile(const std::string& path) {
  if (path.empty()) {
    return std::make_unique<PosixAppendFile>(STDOUT_FILENO, "standard output", false, false);
  }
  const int flags = O_WRONLY | O_APPEND | O_CLOEXEC;
  bool created = true;
  int fd = ::open(path.c_str(), flags | O_CREAT | O_EXCL, 0644);
  if (fd < 0 && errno == EEXIST) {
    created = false;
    fd = ::open(path.c_str(), flags);
  }
  if (fd < 0) ThrowErrno("cannot open " + path + " for appending");
  try {
    return std::make_unique<PosixAppendFile>(fd, path, true, created);
  } catch (...) {
    ::close(fd);
    throw;
  }
}

}  // namespace sluice::file_sink
