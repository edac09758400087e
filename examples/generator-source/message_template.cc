#include "message_template.h"

#include <stdexcept>

namespace generator {

MessageTemplate MessageTemplate::Parse(const std::string& text) {
  MessageTemplate parsed;
  std::string literal;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find("${", pos);
    if (open == std::string::npos) {
      literal.append(text, pos);
      break;
    }
    literal.append(text, pos, open - pos);
    size_t close = text.find('}', open + 2);
    if (close == std::string::npos) {
      throw std::invalid_argument("unterminated placeholder at position " + std::to_string(open) +
                                  ": expected '}' after '" + text.substr(open) + "'");
    }
    const std::string name = text.substr(open + 2, close - open - 2);
    Part part;
    if (name == "seq") {
      part = Part::kSeq;
    } else if (name == "task") {
      part = Part::kTask;
    } else if (name == "timestamp") {
      part = Part::kTimestamp;
    } else {
      throw std::invalid_argument("unknown placeholder ${" + name +
                                  "}; known: ${seq}, ${task}, ${timestamp}");
    }
    if (!literal.empty()) parsed.segments_.push_back({Part::kText, std::move(literal)});
    literal.clear();
    parsed.segments_.push_back({part, {}});
    pos = close + 1;
  }
  if (!literal.empty()) parsed.segments_.push_back({Part::kText, std::move(literal)});
  return parsed;
}

std::string MessageTemplate::Render(const MessageFields& fields) const {
  std::string out;
  for (const Segment& segment : segments_) {
    switch (segment.part) {
      case Part::kText:
        out += segment.text;
        break;
      case Part::kSeq:
        out += std::to_string(fields.seq);
        break;
      case Part::kTask:
        out += std::to_string(fields.task);
        break;
      case Part::kTimestamp:
        out += std::to_string(fields.timestamp_ms);
        break;
    }
  }
  return out;
}

}  // namespace generator
