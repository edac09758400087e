// Java's text and number handling as the transforms' configs and data meet it: String.split,
// Long.parseLong and friends, Double.parseDouble, and the (long)/(int) casts of a double.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::transforms {

// String.split(String.valueOf(separator)): trailing empty parts are dropped ("a:" is ["a"]).
std::vector<std::string> JavaSplit(const std::string& text, char separator);

// Integer.parseInt / Long.parseLong ...: an optional sign and decimal digits, nothing else, within
// [min, max]. nullopt otherwise (Java's NumberFormatException).
std::optional<int64_t> ParseJavaInteger(std::string_view text, int64_t min, int64_t max);

// Double.parseDouble: surrounding whitespace ignored, an optional f/F/d/D suffix, "NaN",
// "Infinity"; nullopt for anything else.
std::optional<double> ParseJavaDouble(std::string_view text);

// Java's (long) and (int) of a double: NaN is 0, out-of-range values saturate.
int64_t JavaDoubleToLong(double value);
int32_t JavaDoubleToInt(double value);

}  // namespace sluice::transforms
