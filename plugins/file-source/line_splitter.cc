#include "file-source/line_splitter.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace sluice::file_source {

LineSplitter::LineSplitter(size_t max_line_bytes, uint64_t start_position)
    : max_line_bytes_(max_line_bytes), base_position_(start_position) {
  if (max_line_bytes_ < 4) {
    // A piece must hold at least one whole UTF-8 character.
    throw std::invalid_argument("max_line_bytes must be at least 4");
  }
}

char* LineSplitter::PrepareAppend(size_t min_bytes) {
  if (capacity_ - end_ < min_bytes && head_ > 0) {
    // Move the held partial line to the front; it is at most about one max_line_bytes long.
    std::memmove(buffer_.get(), buffer_.get() + head_, end_ - head_);
    scan_ -= head_;
    end_ -= head_;
    head_ = 0;
  }
  if (capacity_ - end_ < min_bytes) {
    size_t capacity = std::max(capacity_ * 2, end_ + min_bytes);
    auto bigger = std::make_unique<char[]>(capacity);
    if (end_ > 0) std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ = capacity;
  }
  return buffer_.get() + end_;
}

void LineSplitter::CommitAppend(size_t bytes) {
  end_ += bytes;
}

void LineSplitter::Append(std::string_view bytes) {
  std::memcpy(PrepareAppend(bytes.size()), bytes.data(), bytes.size());
  CommitAppend(bytes.size());
}

bool LineSplitter::Next(Line& line) {
  if (head_ == end_) return false;
  const char* begin = buffer_.get() + head_;
  const void* newline = std::memchr(buffer_.get() + scan_, '\n', end_ - scan_);
  if (newline != nullptr) {
    size_t content = static_cast<const char*>(newline) - begin;
    size_t text_len = content - (content > 0 && begin[content - 1] == '\r' ? 1 : 0);
    if (text_len <= max_line_bytes_) {
      line.text = std::string_view(begin, text_len);
      line.starts_long_line = false;
      in_long_line_ = false;
      Consume(content + 1);
      line.end_position = base_position_;
      return true;
    }
    scan_ = static_cast<const char*>(newline) - buffer_.get();
  } else {
    scan_ = end_;
    // A trailing "\r" may be the first half of a "\r\n", so it does not count yet.
    size_t certain = (end_ - head_) - (buffer_[end_ - 1] == '\r' ? 1 : 0);
    if (certain <= max_line_bytes_) return false;
  }
  // More than max_line_bytes of one line are held: hand out a piece to bound memory.
  size_t cut = Utf8Cut(begin, max_line_bytes_);
  line.text = std::string_view(begin, cut);
  line.starts_long_line = !in_long_line_;
  in_long_line_ = true;
  Consume(cut);
  line.end_position = base_position_;
  return true;
}

bool LineSplitter::TakeRest(Line& line) {
  if (head_ == end_) return false;
  const char* begin = buffer_.get() + head_;
  size_t held = end_ - head_;
  size_t text_len = held - (begin[held - 1] == '\r' ? 1 : 0);
  if (text_len > max_line_bytes_) return Next(line);  // a piece first; the caller calls again
  line.text = std::string_view(begin, text_len);
  line.starts_long_line = false;
  in_long_line_ = false;
  Consume(held);
  line.end_position = base_position_;
  return true;
}

void LineSplitter::Reset(uint64_t position) {
  head_ = scan_ = end_ = 0;
  base_position_ = position;
  in_long_line_ = false;
}

void LineSplitter::Consume(size_t bytes) {
  head_ += bytes;
  base_position_ += bytes;
  scan_ = std::max(scan_, head_);
  if (head_ == end_) head_ = scan_ = end_ = 0;  // empty: start over at the front for free
}

size_t LineSplitter::Utf8Cut(const char* data, size_t limit) {
  // data[limit] exists (more than `limit` bytes are held). Step back over continuation bytes
  // (10xxxxxx) so the next piece starts on a character; a UTF-8 character has at most 3 of them.
  size_t cut = limit;
  for (int i = 0; i < 3 && cut > 0 && (static_cast<unsigned char>(data[cut]) & 0xC0) == 0x80; ++i) {
    --cut;
  }
  if ((static_cast<unsigned char>(data[cut]) & 0xC0) == 0x80 || cut == 0) {
    return limit;  // not UTF-8 here: cut at the limit, bytes still pass through unchanged
  }
  return cut;
}

}  // namespace sluice::file_source
