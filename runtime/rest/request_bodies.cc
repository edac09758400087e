#include "rest/request_bodies.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <set>

namespace sluice::rest {
namespace {

// Jackson's wording, so that clients see the same words as from Kafka Connect.
Status UnrecognizedFields(const nlohmann::json& body, const std::set<std::string>& known,
                          const std::string& what) {
  std::string unknown;
  int count = 0;
  for (const auto& [key, value] : body.items()) {
    if (known.count(key) == 0) {
      unknown += (count++ ? ", " : "") + Quoted(key);
    }
  }
  if (count == 0) return Status::OK();
  std::string expected;
  for (const auto& k : known) expected += (expected.empty() ? "" : ", ") + Quoted(k);
  return Status::InvalidArgument(std::string("Unrecognized field") + (count > 1 ? "s " : " ") +
                                 unknown + " in " + what + "; the known fields are " + expected);
}

// Whether `s` holds an ISO control character: C0 (U+0000-U+001F), DEL, or C1 (U+0080-U+009F,
// encoded in UTF-8 as 0xC2 0x80-0x9F).
bool HasControlCharacter(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < s.size()) {
      auto next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9f) return true;
    }
  }
  return false;
}

bool IsValidUtf8(const std::string& s) {
  try {
    // nlohmann's serialiser checks UTF-8 strictly and throws on the first bad byte.
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

// Jackson coerces scalars to String for Map<String, String>; structures it refuses.
Result<std::string> ScalarText(const std::string& key, const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number() || value.is_boolean()) return value.dump();
  return Status::InvalidArgument("The value of config " + Quoted(key) +
                                 " must be a string (or a number or boolean), not " +
                                 (value.is_null() ? std::string("null") : value.type_name()));
}

// entry[field] when it is an object; null when absent or null.
Result<nlohmann::json> ObjectOrNull(const nlohmann::json& entry, const std::string& field,
                                    const std::string& where) {
  auto it = entry.find(field);
  if (it == entry.end() || it->is_null()) return nlohmann::json();
  if (!it->is_object()) {
    return Status::InvalidArgument(where + "." + field + " must be an object or null, not " +
                                   it->type_name());
  }
  return *it;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::string Quoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Status ValidateConnectorName(const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("Connector name must not be empty");
  if (!IsValidUtf8(name)) {
    return Status::InvalidArgument("Connector name " + Quoted(name) + " is not valid UTF-8");
  }
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos) {
    return Status::InvalidArgument("Connector name " + Quoted(name) +
                                   " is invalid: it must not contain '/' or '\\'");
  }
  if (name == "." || name == "..") {
    return Status::InvalidArgument("Connector name " + Quoted(name) +
                                   " is invalid: it cannot be addressed in a URL path");
  }
  if (HasControlCharacter(name)) {
    return Status::InvalidArgument("Connector name " + Quoted(name) +
                                   " is invalid: it must not contain control characters");
  }
  return Status::OK();
}

Result<worker::StringMap> ConfigFromJson(const nlohmann::json& object) {
  worker::StringMap config;
  for (const auto& [key, value] : object.items()) {
    SLUICE_ASSIGN_OR_RETURN(config[key], ScalarText(key, value));
  }
  return config;
}

Result<std::map<std::string, std::optional<std::string>>> ConfigPatchFromJson(
    const nlohmann::json& object) {
  std::map<std::string, std::optional<std::string>> patch;
  for (const auto& [key, value] : object.items()) {
    if (value.is_null()) {
      patch[key] = std::nullopt;
      continue;
    }
    SLUICE_ASSIGN_OR_RETURN(patch[key], ScalarText(key, value));
  }
  return patch;
}

Status CheckAndPutConnectorName(const std::string& name, worker::StringMap& config) {
  auto it = config.find("name");
  if (it == config.end()) {
    config["name"] = name;
  } else if (it->second != name) {
    return Status::InvalidArgument("Connector name configuration (" + it->second +
                                   ") doesn't match connector name in the URL (" + name + ")");
  }
  return Status::OK();
}

Result<CreateConnectorRequest> ParseCreateConnectorRequest(const nlohmann::json& body) {
  SLUICE_RETURN_IF_ERROR(UnrecognizedFields(body, {"name", "config", "initial_state"},
                                            "the create connector request"));
  CreateConnectorRequest request;
  auto name = body.find("name");
  if (name != body.end() && !name->is_null()) {
    if (!name->is_string()) {
      return Status::InvalidArgument(std::string("Field \"name\" must be a string, not ") +
                                     name->type_name());
    }
    const std::string& raw = name->get_ref<const std::string&>();
    size_t b = raw.find_first_not_of(" \t\r\n");
    size_t e = raw.find_last_not_of(" \t\r\n");
    request.name = b == std::string::npos ? "" : raw.substr(b, e - b + 1);
  }
  if (request.name.empty()) {
    return Status::InvalidArgument(
        "Connector name is missing or empty: the request body must be "
        "{\"name\": \"...\", \"config\": {...}}");
  }
  SLUICE_RETURN_IF_ERROR(ValidateConnectorName(request.name));

  auto config = body.find("config");
  if (config == body.end() || config->is_null()) {
    return Status::InvalidArgument(
        "Connector config is missing: the request body must be "
        "{\"name\": \"...\", \"config\": {...}}");
  }
  if (!config->is_object()) {
    return Status::InvalidArgument(std::string("Field \"config\" must be a JSON object, not ") +
                                   config->type_name());
  }
  SLUICE_ASSIGN_OR_RETURN(request.config, ConfigFromJson(*config));

  auto state = body.find("initial_state");
  if (state != body.end() && !state->is_null()) {
    std::optional<worker::TargetState> parsed;
    if (state->is_string()) parsed = worker::ParseInitialState(state->get<std::string>());
    if (!parsed) {
      return Status::InvalidArgument(
          "Invalid initial_state " +
          state->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
          ": expected one of RUNNING, PAUSED, STOPPED");
    }
    request.initial_state = parsed;
  }
  return request;
}

Result<std::vector<worker::OffsetEntry>> ParseAlterOffsetsRequest(const nlohmann::json& body) {
  SLUICE_RETURN_IF_ERROR(UnrecognizedFields(body, {"offsets"}, "the alter offsets request"));
  auto list = body.find("offsets");
  if (list == body.end() || list->is_null() || (list->is_array() && list->empty())) {
    return Status::InvalidArgument(
        "Partitions / offsets need to be provided for an alter offsets request");
  }
  if (!list->is_array()) {
    return Status::InvalidArgument(
        std::string("Field \"offsets\" must be an array of {\"partition\": {...}, \"offset\": "
                    "{...}}, not ") +
        list->type_name());
  }
  std::vector<worker::OffsetEntry> offsets;
  for (size_t i = 0; i < list->size(); ++i) {
    const nlohmann::json& entry = (*list)[i];
    const std::string where = "offsets[" + std::to_string(i) + "]";
    if (!entry.is_object()) {
      return Status::InvalidArgument(where +
                                     " must be an object {\"partition\": {...}, "
                                     "\"offset\": {...}}, not " +
                                     entry.type_name());
    }
    SLUICE_RETURN_IF_ERROR(UnrecognizedFields(entry, {"partition", "offset"}, where));
    worker::OffsetEntry parsed;
    SLUICE_ASSIGN_OR_RETURN(parsed.partition, ObjectOrNull(entry, "partition", where));
    SLUICE_ASSIGN_OR_RETURN(parsed.offset, ObjectOrNull(entry, "offset", where));
    offsets.push_back(std::move(parsed));
  }
  return offsets;
}

Result<bool> ParseBoolParam(const std::string& param, const std::optional<std::string>& value,
                            bool fallback) {
  if (!value) return fallback;
  std::string v = Lower(*value);
  if (v == "true") return true;
  if (v == "false") return false;
  return Status::InvalidArgument("Query parameter " + param + " must be true or false, not " +
                                 Quoted(*value));
}

Result<int> ParseTaskId(const std::string& text) {
  bool digits =
      !text.empty() && text.size() <= 10 &&
      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  if (!digits || std::stoll(text) > INT_MAX) {
    return Status::InvalidArgument("Task id " + Quoted(text) +
                                   " is invalid: expected a task number such as 0");
  }
  return static_cast<int>(std::stoll(text));
}

}  // namespace sluice::rest
