// The text of a generated message: literal text with ${seq}, ${task} and ${timestamp}
// placeholders, parsed once when a task starts and rendered for every message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace generator {

// What a placeholder can stand for.
struct MessageFields {
  int64_t seq = 0;           // ${seq}: the message's number within its task, from 0
  int32_t task = 0;          // ${task}: the task's number, from 0
  int64_t timestamp_ms = 0;  // ${timestamp}: the record's timestamp, ms since the epoch
};

class MessageTemplate {
 public:
  // Throws std::invalid_argument naming an unknown or unterminated placeholder. A `$` that does
  // not start `${` is literal text.
  static MessageTemplate Parse(const std::string& text);

  std::string Render(const MessageFields& fields) const;

 private:
  enum class Part { kText, kSeq, kTask, kTimestamp };
  struct Segment {
    Part part;
    std::string text;  // kText only
  };

  std::vector<Segment> segments_;
};

}  // namespace generator
