// Connector configs given on the command line: a .properties file (Kafka's quickstart files) or
// JSON, either the flat config map or the REST create body {"name": ..., "config": {...}}.
#pragma once

#include <map>
#include <string>

#include "common/status.h"

namespace sluice::cli {

struct ConnectorFile {
  std::string name;
  std::map<std::string, std::string> config;
};

Result<ConnectorFile> LoadConnectorFile(const std::string& path);

}  // namespace sluice::cli
