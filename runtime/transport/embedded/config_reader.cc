#include "transport/embedded/config_reader.h"

#include <charconv>

namespace sluice::embedded {

std::string TrimBlanks(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::optional<int64_t> ConfigReader::Int(const std::string& key, int64_t min, int64_t max) {
  const std::string* raw = Text(key);
  if (raw == nullptr) return std::nullopt;
  const std::string text = TrimBlanks(*raw);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    errors_.push_back(key + ": '" + *raw + "' is not an integer");
    return std::nullopt;
  }
  if (value < min || value > max) {
    errors_.push_back(key + ": " + text + " is out of range [" + std::to_string(min) + ", " +
                      std::to_string(max) + "]");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ConfigReader::Bool(const std::string& key) {
  auto value = OneOf(key, {"true", "false"});
  if (!value) return std::nullopt;
  return *value == "true";
}

std::optional<std::string> ConfigReader::OneOf(const std::string& key,
                                               const std::vector<std::string>& allowed) {
  const std::string* raw = Text(key);
  if (raw == nullptr) return std::nullopt;
  const std::string text = TrimBlanks(*raw);
  for (const auto& candidate : allowed) {
    if (text == candidate) return text;
  }
  std::string expected;
  for (size_t i = 0; i < allowed.size(); ++i) expected += (i ? ", " : "") + allowed[i];
  errors_.push_back(key + ": '" + *raw + "' is not one of " + expected);
  return std::nullopt;
}

const std::string* ConfigReader::Text(const std::string& key) const {
  auto it = config_.find(key);
  return it == config_.end() ? nullptr : &it->second;
}

Status ConfigReader::Finish(const std::string& what) const {
  if (errors_.empty()) return Status::OK();
  std::string message = "invalid " + what + ": ";
  for (size_t i = 0; i < errors_.size(); ++i) message += (i ? "; " : "") + errors_[i];
  return Status::InvalidArgument(message);
}

}  // namespace sluice::embedded
