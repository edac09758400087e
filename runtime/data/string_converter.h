// org.apache.kafka.connect.storage.StringConverter: values as text in converter.encoding. Reads
// give an optional STRING schema; writes take any value, a non-string one in its text form
// (Values.convertToString, see values.h).
#pragma once

#include <optional>
#include <string>

#include "data/converter.h"
#include "data/converter_config.h"

namespace sluice::data {

class StringConverter final : public Converter, public HeaderConverter {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.storage.StringConverter";
  static const ConfigDef& Definition();

  Status Configure(const ConverterConfig& config, bool is_key) override;
  Status Configure(const ConverterConfig& config) override;  // as a header converter

  Result<std::optional<std::string>> FromConnectData(const std::string& topic,
                                                     const SchemaAndValue& data) override;
  Result<SchemaAndValue> ToConnectData(const std::string& topic,
                                       const std::optional<std::string>& bytes) override;
  Status FromConnectDataInto(const std::string& topic, const SchemaAndValue& data,
                             std::optional<std::string>& out) override;
  Status ToConnectDataInto(const std::string& topic, const std::optional<std::string>& bytes,
                           SchemaAndValue& out) override;

  Result<std::optional<std::string>> FromConnectHeader(const std::string& topic,
                                                       const std::string& header_key,
                                                       const SchemaAndValue& header) override;
  Result<SchemaAndValue> ToConnectHeader(const std::string& topic, const std::string& header_key,
                                         const std::optional<std::string>& bytes) override;

 private:
  // Strings are UTF-8 inside Sluice; these are the encodings they can be written in.
  enum class Encoding { kUtf8, kIso8859_1, kUsAscii };

  Status ConfigureAs(const ConverterConfig& config, ConverterRole role);

  Encoding encoding_ = Encoding::kUtf8;
};

}  // namespace sluice::data
