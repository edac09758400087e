// Kafka's org.apache.kafka.connect.converters.{Short,Integer,Long,Float,Double,Boolean}Converter:
// one primitive per record, written as Kafka's serializers write it (big-endian, fixed width;
// IEEE 754 bits for floats; one byte 0 or 1 for booleans). Reads give the optional schema of the
// type; a null value is a null byte array and back.
#pragma once

#include <optional>
#include <string>

#include "data/converter.h"
#include "data/converter_config.h"

namespace sluice::data {

class PrimitiveConverter final : public Converter, public HeaderConverter {
 public:
  enum class Kind { kShort, kInteger, kLong, kFloat, kDouble, kBoolean };

  explicit PrimitiveConverter(Kind kind) : kind_(kind) {}

  static const char* ClassName(
      Kind kind);  // "org.apache.kafka.connect.converters.IntegerConverter"
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

 private:
  Kind kind_;
};

}  // namespace sluice::data
