#include "transport/embedded/file_writer.h"

#include <unistd.h>

#include <cerrno>

#include "transport/embedded/posix_file.h"

namespace sluice::embedded {
namespace {

class PosixWriter final : public FileWriter {
 public:
  Status WriteAt(int fd, std::string_view data, uint64_t offset, const std::string& path) override {
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n =
          ::pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("cannot write " + std::to_string(data.size()) + " bytes to", path,
                           errno);
      }
      done += static_cast<size_t>(n);
    }
    return Status::OK();
  }

  Status Sync(int fd, const std::string& path) override {
    if (::fdatasync(fd) != 0) return ErrnoStatus("cannot fdatasync", path, errno);
    return Status::OK();
  }

  Status Truncate(int fd, uint64_t size, const std::string& path) override {
    int rc;
    do {
      rc = ::ftruncate(fd, static_cast<off_t>(size));
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
      return ErrnoStatus("cannot truncate to " + std::to_string(size) + " bytes:", path, errno);
    }
    return Status::OK();
  }
};

}  // namespace

std::shared_ptr<FileWriter> PosixFileWriter() {
  static const auto writer = std::make_shared<PosixWriter>();
  return writer;
}

}  // namespace sluice::embedded
