// The part of Java's SimpleDateFormat that timestamp patterns use, always in UTC as
// TimestampConverter and TimestampRouter set it up:
//
//   G era (AD)       y year (yy: two digits)   M/L month (MMM Jan, MMMM January)   d day of month
//   D day of year    F day of week in month    E day name (EEE Mon, EEEE Monday)   u day number (1
//   = Monday) a AM/PM          H hour 0-23   k hour 1-24   K hour 0-11   h hour 1-12 m minute s
//   second      S millisecond z time zone (UTC)   Z RFC 822 zone (+0000)   X ISO 8601 zone (Z)
//   'text' quoted literal, '' a single quote; any other non-letter is literal.
//
// The week-based letters (Y, w, W) are refused. Parsing is lenient as Java's is by default:
// fields out of range roll over (month 13 is January of the next year), trailing text after the
// pattern is ignored, and numeric fields that abut ("yyyyMMdd") take exactly their width.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sluice::transforms {

class SimpleDateFormat {
 public:
  // InvalidArgument with Java's reason: "Illegal pattern character 'q'", "Unterminated quote".
  static Result<SimpleDateFormat> Compile(const std::string& pattern);

  // The instant (milliseconds since the epoch) as UTC text.
  std::string Format(int64_t epoch_ms) const;
  // The instant the text names; nullopt when it does not match the pattern.
  std::optional<int64_t> Parse(std::string_view text) const;

  const std::string& pattern() const { return pattern_; }

 private:
  struct Element {
    char letter = 0;  // 0: literal text
    int count = 0;
    std::string literal;
  };

  bool IsNumeric(const Element& e) const;

  std::string pattern_;
  std::vector<Element> elements_;
};

}  // namespace sluice::transforms
