// How the log changes its files. Every write, sync and truncation of segment and index files goes
// through a FileWriter, so tests can make the disk look full or broken without mounting one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::embedded {

class FileWriter {
 public:
  virtual ~FileWriter() = default;

  // Writes all of `data` at `offset`. On error some prefix may have been written; the caller cuts
  // the file back. `path` is for error messages.
  virtual Status WriteAt(int fd, std::string_view data, uint64_t offset,
                         const std::string& path) = 0;
  // Makes the file's data durable (fdatasync).
  virtual Status Sync(int fd, const std::string& path) = 0;
  virtual Status Truncate(int fd, uint64_t size, const std::string& path) = 0;
};

// The real thing: pwrite, fdatasync, ftruncate, retrying on EINTR and short writes.
std::shared_ptr<FileWriter> PosixFileWriter();

}  // namespace sluice::embedded
