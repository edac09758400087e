// Java .properties files, as java.util.Properties reads them: `key=value`, `key: value` or
// `key value`; `#` and `!` comments; a trailing backslash continues a line; \t \n \r \f \uXXXX
// escapes. Kafka's own config files are in this format.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice {

using StringMap = std::map<std::string, std::string>;

Result<StringMap> ParseProperties(std::string_view text);
// Reads and parses a file; errors name the file and line.
Result<StringMap> LoadPropertiesFile(const std::string& path);
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace sluice
