// Connector configs as users keep them in files: Kafka's .properties format, or JSON, either a flat
// object of settings or the body of Kafka Connect's POST /connectors
// ({"name": ..., "config": {...}, "initial_state": ...}).
#pragma once

#include <map>
#include <string>

#include "common/status.h"

namespace sluice::config {

struct ConnectorFile {
  std::string name;  // the top-level "name", else the config's; empty when neither is there
  std::map<std::string, std::string> config;
  std::string initial_state;  // empty when absent
};

// JSON when the file name ends in ".json" or the text starts with '{'; .properties otherwise.
// JSON numbers and booleans become their text, as Kafka Connect reads them. Errors name the file
// and what is wrong in it.
Result<ConnectorFile> LoadConnectorFile(const std::string& path);

}  // namespace sluice::config
