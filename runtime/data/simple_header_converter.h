// org.apache.kafka.connect.storage.SimpleHeaderConverter, the default header.converter: writes a
// header's text form (Values.convertToString, see values.h) as UTF-8 without a schema, and reads
// one back inferring its schema (Values.parseString).
#pragma once

#include <optional>
#include <string>

#include "data/converter.h"

namespace sluice::data {

class SimpleHeaderConverter final : public HeaderConverter {
 public:
  static constexpr const char* kClassName =
      "org.apache.kafka.connect.storage.SimpleHeaderConverter";
  static const ConfigDef& Definition();

  Status Configure(const ConverterConfig& config) override;
  Result<std::optional<std::string>> FromConnectHeader(const std::string& topic,
                                                       const std::string& header_key,
                                                       const SchemaAndValue& header) override;
  Result<SchemaAndValue> ToConnectHeader(const std::string& topic, const std::string& header_key,
                                         const std::optional<std::string>& bytes) override;
};

}  // namespace sluice::data
