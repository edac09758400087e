#include "rest/listeners.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

namespace sluice::rest {
namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<std::string> SplitOnCommas(const std::string& s) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t comma = s.find(',', start);
    parts.push_back(Trim(s.substr(start, comma == std::string::npos ? comma : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return parts;
}

// scheme://host:port, the host optionally in brackets (IPv6) and optionally empty.
Result<RestOptions> ParseOne(const std::string& listener) {
  static const std::regex kListener(
      R"(^([A-Za-z][A-Za-z0-9+.-]*)://(\[([^\]]*)\]|([^:/\[\]]*)):([0-9]+)/?$)");
  std::smatch m;
  if (!std::regex_match(listener, m, kListener)) {
    return Status::InvalidArgument("Invalid listener '" + listener +
                                   "' in listeners: expected http://host:port, e.g. "
                                   "http://127.0.0.1:8083");
  }
  std::string scheme = Lower(m[1].str());
  if (scheme == "https") {
    return Status::InvalidArgument("Listener '" + listener +
                                   "' uses https, which this worker does not support (TLS is not "
                                   "built in); use an http listener, behind a TLS proxy if needed");
  }
  if (scheme != "http") {
    return Status::InvalidArgument("Listener '" + listener + "' has the unsupported scheme '" +
                                   m[1].str() + "'; only http is supported");
  }
  std::string port_text = m[5].str();
  if (port_text.size() > 5 || std::stoi(port_text) > 65535) {
    return Status::InvalidArgument("Listener '" + listener + "' has the port " + port_text +
                                   ", which is not between 0 and 65535");
  }
  RestOptions options;
  options.host = m[3].matched ? m[3].str() : m[4].str();
  if (options.host.empty()) options.host = m[3].matched ? "::" : "0.0.0.0";
  options.port = std::stoi(port_text);
  return options;
}

}  // namespace

Result<RestOptions> ParseListeners(const std::string& listeners) {
  if (Trim(listeners).empty()) {
    return Status::InvalidArgument("listeners is empty: expected e.g. http://127.0.0.1:8083");
  }
  std::optional<RestOptions> first;
  // Every entry is checked, so that a mistake anywhere in the list is reported.
  for (const std::string& entry : SplitOnCommas(listeners)) {
    if (entry.empty()) {
      return Status::InvalidArgument("listeners '" + listeners + "' has an empty entry");
    }
    SLUICE_ASSIGN_OR_RETURN(RestOptions options, ParseOne(entry));
    if (!first) first = std::move(options);
  }
  return *first;
}

}  // namespace sluice::rest
