// Java regular expressions as RegexRouter and TopicNameMatches use them, through std::regex with
// the ECMAScript grammar. The common syntax (classes, groups, alternation, quantifiers, \d \w \s,
// anchors) is shared; constructs ECMAScript lacks (named groups, inline flags, possessive
// quantifiers, \p{...}) are refused when the transform is configured, with std::regex's reason.
#pragma once

#include <cstddef>
#include <regex>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"

namespace sluice::transforms {

class JavaRegex {
 public:
  // InvalidArgument "Invalid regex: <reason>" when std::regex refuses `pattern`.
  static Result<JavaRegex> Compile(const std::string& pattern);

  // Matcher.matches(): the whole text, not a part of it.
  bool Matches(const std::string& text) const { return std::regex_match(text, regex_); }
  bool Matches(const std::string& text, std::smatch& match) const {
    return std::regex_match(text, match, regex_);
  }

  size_t group_count() const { return regex_.mark_count(); }
  const std::string& pattern() const { return pattern_; }

 private:
  JavaRegex(std::string pattern, std::regex regex)
      : pattern_(std::move(pattern)), regex_(std::move(regex)) {}

  std::string pattern_;
  std::regex regex_;
};

// A replacement string in Java's Matcher syntax: "$n" is group n (as many digits as name an
// existing group), "\x" is x literally. Checked against the regex's groups when parsed, where Java
// would only fail on the first record.
class JavaReplacement {
 public:
  // InvalidArgument with Java's texts: "Illegal group reference", "No group 3",
  // "character to be escaped is missing", "named capturing groups are not supported".
  static Result<JavaReplacement> Parse(const std::string& replacement, size_t group_count);

  // The replacement with the groups of `match` filled in (an unmatched group is empty).
  std::string Expand(const std::smatch& match) const;

 private:
  using Part = std::variant<std::string, size_t>;  // literal text or a group number
  std::vector<Part> parts_;
};

}  // namespace sluice::transforms
