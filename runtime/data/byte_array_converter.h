// org.apache.kafka.connect.converters.ByteArrayConverter: passes bytes through unchanged. Writes
// accept only BYTES data; reads give an optional BYTES schema.
#pragma once

#include <optional>
#include <string>

#include "data/converter.h"

namespace sluice::data {

class ByteArrayConverter final : public Converter, public HeaderConverter {
 public:
  static constexpr const char* kClassName =
      "org.apache.kafka.connect.converters.ByteArrayConverter";
  static const ConfigDef& Definition();

  Status Configure(const ConverterConfig& config, bool is_key) override;
  Status Configure(const ConverterConfig& config) override;  // as a header converter

  Result<std::optional<std::string>> FromConnectData(const std::string& topic,
                                                     const SchemaAndValue& data) override;
  Result<SchemaAndValue> ToConnectData(const std::string& topic,
                                       const std::optional<std::string>& bytes) override;

  Result<std::optional<std::string>> FromConnectHeader(const std::string& topic,
                                                       const std::string& header_key,
                                                       const SchemaAndValue& header) override;
  Result<SchemaAndValue> ToConnectHeader(const std::string& topic, const std::string& header_key,
                                         const std::optional<std::string>& bytes) override;
};

}  // namespace sluice::data
