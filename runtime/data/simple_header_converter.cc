#include "data/simple_header_converter.h"

#include <stdexcept>

#include "data/values.h"

namespace sluice::data {

const ConfigDef& SimpleHeaderConverter::Definition() {
  static const ConfigDef def;  // Kafka's is empty too
  return def;
}

Status SimpleHeaderConverter::Configure(const ConverterConfig&) {
  return Status::OK();
}

Result<std::optional<std::string>> SimpleHeaderConverter::FromConnectHeader(
    const std::string& topic, const std::string& header_key, const SchemaAndValue& header) {
  if (header.value.is_null()) return std::optional<std::string>();
  try {
    return std::optional<std::string>(ConvertToString(header.schema.get(), header.value));
  } catch (const std::invalid_argument& e) {
    return Status::InvalidArgument("Failed to serialize value for header '" + header_key +
                                   "' on topic '" + topic + "': " + e.what());
  }
}

Result<SchemaAndValue> SimpleHeaderConverter::ToConnectHeader(
    const std::string&, const std::string&, const std::optional<std::string>& bytes) {
  if (!bytes) return SchemaAndValue{};
  return ParseString(*bytes);
}

}  // namespace sluice::data
