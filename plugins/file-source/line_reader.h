// Reads lines from an open file or stream in large chunks (read(2) straight into the splitter's
// buffer, no extra copy) and hands them out one by one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "file-source/line_splitter.h"
#include "file-source/posix_file.h"

namespace sluice::file_source {

inline constexpr size_t kDefaultReadChunkBytes = size_t{256} * 1024;

class LineReader {
 public:
  // Starts reading at `position` (a file is seeked there; a stream must be at it already).
  // `name` is used in error messages. Throws std::system_error when the seek fails.
  LineReader(UniqueFd fd, std::string name, uint64_t position, size_t max_line_bytes,
             size_t chunk_bytes = kDefaultReadChunkBytes);

  // Reads one chunk. Returns the number of bytes read: 0 at the end of the data for now.
  // Throws std::system_error naming the file on a read error.
  size_t Fill();

  bool Next(Line& line) { return splitter_.Next(line); }
  bool TakeRest(Line& line) { return splitter_.TakeRest(line); }

  // Starts over at `position` (after a truncation: 0). Throws std::system_error.
  void Restart(uint64_t position);

  // The offset just after the last line returned.
  uint64_t position() const { return splitter_.position(); }
  // The offset of the next byte Fill() reads.
  uint64_t read_position() const { return splitter_.input_position(); }
  int fd() const { return fd_.get(); }
  const std::string& name() const { return name_; }

 private:
  UniqueFd fd_;
  std::string name_;
  size_t chunk_bytes_;
  LineSplitter splitter_;
};

}  // namespace sluice::file_source
