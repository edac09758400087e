#include "main/connector_file.h"

#include <nlohmann/json.hpp>

#include "common/properties.h"

namespace sluice::cli {
namespace {

Result<std::map<std::string, std::string>> FlatStrings(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object()) return Status::InvalidArgument(path + ": the connector config must be a JSON object");
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : j.items()) {
    if (value.is_string()) {
      out[key] = value.get<std::string>();
    } else if (value.is_number() || value.is_boolean()) {
      out[key] = value.dump();
    } else if (!value.is_null()) {
      return Status::InvalidArgument(path + ": the value of \"" + key + "\" must be a string");
    }
  }
  return out;
}

}  // namespace

Result<ConnectorFile> LoadConnectorFile(const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  ConnectorFile file;
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) return Status::InvalidArgument(path + " is not valid JSON");
    if (j.contains("config") && j["config"].is_object()) {
      SLUICE_ASSIGN_OR_RETURN(file.config, FlatStrings(j["config"], path));
      if (j.contains("name") && j["name"].is_string()) file.name = j["name"].get<std::string>();
    } else {
      SLUICE_ASSIGN_OR_RETURN(file.config, FlatStrings(j, path));
    }
  } else {
    SLUICE_ASSIGN_OR_RETURN(file.config, ParseProperties(text));
  }
  if (file.name.empty()) {
    auto it = file.config.find("name");
    if (it == file.config.end() || it->second.empty()) {
      return Status::InvalidArgument(path + ": the connector has no \"name\"");
    }
    file.name = it->second;
  }
  return file;
}

}  // namespace sluice::cli
