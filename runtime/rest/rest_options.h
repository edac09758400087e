// Where and how the REST API listens.
#pragma once

#include <cstddef>
#include <string>

namespace sluice::rest {

struct RestOptions {
  // Loopback unless configured otherwise; "0.0.0.0" or "::" listen on every interface.
  std::string host = "127.0.0.1";
  int port = 8083;  // 0: an ephemeral port, see RestServer::port()
  // Larger request bodies are refused with 413 before they are parsed.
  size_t max_body_bytes = 1 << 20;
  // The base URL clients reach this worker at (e.g. "http://worker-1:8083"). When set, Location
  // headers are absolute URLs under it; otherwise they are paths such as "/connectors/name".
  std::string advertised_url;
};

}  // namespace sluice::rest
