#include "transforms/java_regex.h"

namespace sluice::transforms {

Result<JavaRegex> JavaRegex::Compile(const std::string& pattern) {
  try {
    return JavaRegex(pattern, std::regex(pattern, std::regex::ECMAScript));
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument(std::string("Invalid regex: ") + e.what());
  }
}

Result<JavaReplacement> JavaReplacement::Parse(const std::string& replacement, size_t group_count) {
  JavaReplacement out;
  std::string literal;
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (size_t i = 0; i < replacement.size(); ++i) {
    const char c = replacement[i];
    if (c == '\\') {
      if (++i == replacement.size()) {
        return Status::InvalidArgument("character to be escaped is missing");
      }
      literal.push_back(replacement[i]);
      continue;
    }
    if (c != '$') {
      literal.push_back(c);
      continue;
    }
    if (++i == replacement.size()) {
      return Status::InvalidArgument("Illegal group reference: group index is missing");
    }
    if (replacement[i] == '{') {
      return Status::InvalidArgument(
          "Illegal group reference: named capturing groups are not supported by Sluice's "
          "regular expressions");
    }
    if (!is_digit(replacement[i])) return Status::InvalidArgument("Illegal group reference");
    // Java takes the first digit, then more digits for as long as they name an existing group.
    size_t group = static_cast<size_t>(replacement[i] - '0');
    if (group > group_count) {
      return Status::InvalidArgument("No group " + std::to_string(group));
    }
    while (i + 1 < replacement.size() && is_digit(replacement[i + 1])) {
      size_t longer = group * 10 + static_cast<size_t>(replacement[i + 1] - '0');
      if (longer > group_count) break;
      group = longer;
      ++i;
    }
    if (!literal.empty()) out.parts_.emplace_back(std::move(literal));
    literal.clear();
    out.parts_.emplace_back(group);
  }
  if (!literal.empty()) out.parts_.emplace_back(std::move(literal));
  return out;
}

std::string JavaReplacement::Expand(const std::smatch& match) const {
  std::string out;
  for (const Part& part : parts_) {
    if (const auto* text = std::get_if<std::string>(&part)) {
      out += *text;
    } else {
      const size_t group = std::get<size_t>(part);
      if (group < match.size() && match[group].matched) out += match[group].str();
    }
  }
  return out;
}

}  // namespace sluice::transforms
