// Kafka Connect's `listeners` worker setting: a comma-separated list of listener URLs.
#pragma once

#include <string>

#include "common/status.h"
#include "rest/rest_options.h"

namespace sluice::rest {

// Parses e.g. "http://127.0.0.1:8083", "http://:8083" (empty host: every interface, as Kafka),
// "http://[::1]:8083" or "http://a:8083,http://b:8084" (the first listener is served). An
// https listener is refused: TLS is not built into the worker. Only host and port are set in the
// result; the other options keep their defaults.
Result<RestOptions> ParseListeners(const std::string& listeners);

}  // namespace sluice::rest
