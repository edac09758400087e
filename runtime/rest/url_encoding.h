// Percent-encoding as RFC 3986 defines it, for the few places the REST layer needs it: path
// segments and query strings of requests, and connector names in Location headers.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace sluice::rest {

// Decodes %XX escapes. A '%' not followed by two hex digits is kept as it is, the way lenient
// servers treat it; '+' stays '+' unless `plus_is_space` (query strings, form encoding).
std::string PercentDecode(std::string_view text, bool plus_is_space = false);

// Escapes every byte but the unreserved characters (ALPHA DIGIT - . _ ~), '/' included, so that
// the result is one path segment.
std::string PercentEncode(std::string_view text);

// "a=1&b=x%20y&a=2&flag" -> {a: 1, a: 2, b: "x y", flag: ""}, names and values decoded.
std::multimap<std::string, std::string> ParseQueryString(std::string_view query);

}  // namespace sluice::rest
