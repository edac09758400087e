#include "config/connector_file.h"

#include <nlohmann/json.hpp>

#include "common/properties.h"

namespace sluice::config {
namespace {

bool LooksLikeJson(const std::string& path, const std::string& text) {
  if (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) return true;
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '{';
}

Result<std::map<std::string, std::string>> FlatConfig(const nlohmann::json& object,
                                                      const std::string& where) {
  std::map<std::string, std::string> config;
  for (const auto& [key, value] : object.items()) {
    if (value.is_string()) {
      config[key] = value.get<std::string>();
    } else if (value.is_number() || value.is_boolean()) {
      config[key] = value.dump();
    } else {
      return Status::InvalidArgument(where + ": the value of \"" + key +
                                     "\" must be a string, number or boolean, not " + value.dump());
    }
  }
  return config;
}

Result<std::string> StringField(const nlohmann::json& object, const char* field,
                                const std::string& where) {
  if (!object.contains(field)) return std::string();
  if (!object[field].is_string()) {
    return Status::InvalidArgument(where + ": \"" + field + "\" must be a string");
  }
  return object[field].get<std::string>();
}

Result<ConnectorFile> ParseJsonFile(const std::string& path, const std::string& text) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument(path + " is not valid JSON: " + e.what());
  }
  if (!json.is_object()) return Status::InvalidArgument(path + " must hold a JSON object");

  ConnectorFile file;
  // {"name", "config", "initial_state"}, as POST /connectors takes it; else a flat config.
  if (json.contains("config") && json["config"].is_object()) {
    for (const auto& [key, value] : json.items()) {
      if (key != "name" && key != "config" && key != "initial_state") {
        return Status::InvalidArgument(path + ": unknown field \"" + key +
                                       "\" (expected name, config and initial_state)");
      }
    }
    SLUICE_ASSIGN_OR_RETURN(file.config, FlatConfig(json["config"], path));
    SLUICE_ASSIGN_OR_RETURN(file.name, StringField(json, "name", path));
    SLUICE_ASSIGN_OR_RETURN(file.initial_state, StringField(json, "initial_state", path));
  } else {
    SLUICE_ASSIGN_OR_RETURN(file.config, FlatConfig(json, path));
  }
  if (file.name.empty()) {
    auto name = file.config.find("name");
    if (name != file.config.end()) file.name = name->second;
  }
  return file;
}

}  // namespace

Result<ConnectorFile> LoadConnectorFile(const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(std::string text, sluice::ReadWholeFile(path));
  if (LooksLikeJson(path, text)) return ParseJsonFile(path, text);

  ConnectorFile file;
  auto properties = sluice::ParseProperties(text);
  if (!properties.ok()) {
    return Status::InvalidArgument(path + ": " + properties.status().message());
  }
  file.config = std::move(*properties);
  auto name = file.config.find("name");
  if (name != file.config.end()) file.name = name->second;
  return file;
}

}  // namespace sluice::config
