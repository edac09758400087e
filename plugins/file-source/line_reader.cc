#include "file-source/line_reader.h"

#include <unistd.h>

#include <cerrno>

namespace sluice::file_source {

LineReader::LineReader(UniqueFd fd, std::string name, uint64_t position, size_t max_line_bytes,
                       size_t chunk_bytes)
    : fd_(std::move(fd)),
      name_(std::move(name)),
      chunk_bytes_(chunk_bytes),
      splitter_(max_line_bytes, position) {
  if (position > 0) Restart(position);
}

size_t LineReader::Fill() {
  char* into = splitter_.PrepareAppend(chunk_bytes_);
  ssize_t n;
  do {
    n = ::read(fd_.get(), into, chunk_bytes_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    ThrowErrno("cannot read " + name_);
  }
  splitter_.CommitAppend(static_cast<size_t>(n));
  return static_cast<size_t>(n);
}

void LineReader::Restart(uint64_t position) {
  if (::lseek(fd_.get(), static_cast<off_t>(position), SEEK_SET) < 0) {
    ThrowErrno("cannot seek to byte " + std::to_string(position) + " of " + name_);
  }
  splitter_.Reset(position);
}

}  // namespace sluice::file_source
