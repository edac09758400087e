// Splits a byte stream into lines without per-byte work: memchr finds each "\n".
//
//   - "\n" and "\r\n" end a line and are not part of its text; a lone "\r" inside a line is kept.
//   - A partial last line is held until its newline arrives (or until the caller says the input
//     is finished, see TakeRest).
//   - Bytes pass through untouched, so UTF-8 stays intact.
//   - Memory is bounded: a line longer than max_line_bytes is delivered in pieces of at most
//     max_line_bytes each, cut on a UTF-8 character boundary, so no byte is lost and no
//     multi-byte character is split.
//
// Positions are byte offsets in the stream: a line's end_position is the offset just after its
// terminator, which is where reading resumes after a restart.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace sluice::file_source {

struct Line {
  // Without its terminator. Valid until the splitter is next changed (Append, Next, Reset).
  std::string_view text;
  // The byte offset just after this line and its terminator (after the piece, for a piece of an
  // over-long line).
  uint64_t end_position = 0;
  // True on the first piece of a line longer than max_line_bytes, so the caller can warn once.
  bool starts_long_line = false;
};

class LineSplitter {
 public:
  explicit LineSplitter(size_t max_line_bytes, uint64_t start_position = 0);

  // Returns room for at least `min_bytes` more input; write into it, then call CommitAppend.
  char* PrepareAppend(size_t min_bytes);
  void CommitAppend(size_t bytes);
  void Append(std::string_view bytes);

  // The next complete line, or the next piece of an over-long line. False when only a partial
  // line (or nothing) is held.
  bool Next(Line& line);

  // The held partial line as a line of its own, for input that will not grow any more (a file
  // that was rotated away or finished). A trailing "\r" is taken as a torn "\r\n".
  bool TakeRest(Line& line);

  // Drops everything held and continues as if the stream started at `position`.
  void Reset(uint64_t position);

  // The offset just after the last line returned.
  uint64_t position() const { return base_position_; }
  // The offset just after the last byte appended.
  uint64_t input_position() const { return base_position_ + (end_ - head_); }
  size_t held_bytes() const { return end_ - head_; }
  size_t max_line_bytes() const { return max_line_bytes_; }

 private:
  void Consume(size_t bytes);
  // The longest prefix of [data, data + limit] that ends on a UTF-8 character boundary.
  static size_t Utf8Cut(const char* data, size_t limit);

  size_t max_line_bytes_;
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t head_ = 0;  // first byte not yet returned
  size_t scan_ = 0;  // bytes in [head_, scan_) are known to hold no '\n'
  size_t end_ = 0;   // one past the last byte appended
  uint64_t base_position_;
  bool in_long_line_ = false;
};

}  // namespace sluice::file_source
