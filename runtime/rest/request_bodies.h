// Reading what clients send: connector names, request bodies and query parameters, with
// kInvalidArgument (400) errors that name the offending field or key.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "worker/herder.h"

namespace sluice::rest {

// Refuses names that are empty, not valid UTF-8, "." or "..", or contain '/', '\' or ISO control
// characters (U+0000-U+001F, U+007F-U+009F): such names could not be addressed in a URL path or
// would corrupt logs and file names.
Status ValidateConnectorName(const std::string& name);

// A flat config object. Strings are kept; numbers and booleans become their JSON text, as Kafka
// Connect's Map<String, String> binding does; null, objects and arrays are refused by key.
Result<worker::StringMap> ConfigFromJson(const nlohmann::json& object);

// PATCH /connectors/{name}/config: as ConfigFromJson, but a null value deletes the key.
Result<std::map<std::string, std::optional<std::string>>> ConfigPatchFromJson(
    const nlohmann::json& object);

// Kafka Connect's checkAndPutConnectorConfigName: a "name" in the config must equal `name`
// (400 "Connector name configuration (x) doesn't match connector name in the URL (y)"); when
// absent it is added.
Status CheckAndPutConnectorName(const std::string& name, worker::StringMap& config);

// POST /connectors: {"name": ..., "config": {...}, "initial_state": "RUNNING|PAUSED|STOPPED"}.
// The name is trimmed, as Kafka Connect does. Unknown fields are refused (Kafka Connect's Jackson
// binding refuses them too), which catches the common mistake of posting a bare config.
struct CreateConnectorRequest {
  std::string name;
  worker::StringMap config;
  std::optional<worker::TargetState> initial_state;
};
Result<CreateConnectorRequest> ParseCreateConnectorRequest(const nlohmann::json& body);

// PATCH /connectors/{name}/offsets: {"offsets": [{"partition": {...}, "offset": {...} | null}]}.
// Partitions and offsets must be objects or null; what they must contain depends on the
// connector, which the Herder checks.
Result<std::vector<worker::OffsetEntry>> ParseAlterOffsetsRequest(const nlohmann::json& body);

// A boolean query parameter: absent -> `fallback`; "true"/"false" in any case; else 400.
Result<bool> ParseBoolParam(const std::string& param, const std::optional<std::string>& value,
                            bool fallback);

// A task id path segment: a non-negative decimal int.
Result<int> ParseTaskId(const std::string& text);

// `text` as a quoted JSON string, control characters escaped: for error messages.
std::string Quoted(const std::string& text);

}  // namespace sluice::rest
