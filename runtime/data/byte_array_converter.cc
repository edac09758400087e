#include "data/byte_array_converter.h"

#include "data/converter_config.h"
#include "sluice/envelope.h"

namespace sluice::data {

const ConfigDef& ByteArrayConverter::Definition() {
  static const ConfigDef def = NewConverterConfigDef();
  return def;
}

Status ByteArrayConverter::Configure(const ConverterConfig& config, bool is_key) {
  Config unused;
  return ValidateConverterConfig(kClassName, Definition(), config,
                                 is_key ? ConverterRole::kKey : ConverterRole::kValue, &unused);
}

Status ByteArrayConverter::Configure(const ConverterConfig& config) {
  Config unused;
  return ValidateConverterConfig(kClassName, Definition(), config, ConverterRole::kHeader, &unused);
}

Result<std::optional<std::string>> ByteArrayConverter::FromConnectData(const std::string&,
                                                                       const SchemaAndValue& data) {
  if (data.schema && data.schema->type != SchemaType::kBytes) {
    return Status::InvalidArgument(std::string("Invalid schema type for ByteArrayConverter: ") +
                                   SchemaTypeName(data.schema->type));
  }
  if (data.value.is_null()) return std::optional<std::string>();
  if (!data.value.is<Bytes>()) {
    return Status::InvalidArgument(
        std::string("ByteArrayConverter is not compatible with objects of type ") +
        envelope::detail::ValueKindName(data.value));
  }
  const Bytes& bytes = data.value.as<Bytes>();
  return std::optional<std::string>(std::in_place, bytes.begin(), bytes.end());
}

Result<SchemaAndValue> ByteArrayConverter::ToConnectData(const std::string&,
                                                         const std::optional<std::string>& bytes) {
  if (!bytes) return SchemaAndValue{Schema::OptionalBytes(), Value()};
  return SchemaAndValue{Schema::OptionalBytes(), Value(Bytes(bytes->begin(), bytes->end()))};
}

Result<std::optional<std::string>> ByteArrayConverter::FromConnectHeader(
    const std::string& topic, const std::string&, const SchemaAndValue& header) {
  return FromConnectData(topic, header);
}

Result<SchemaAndValue> ByteArrayConverter::ToConnectHeader(
    const std::string& topic, const std::string&, const std::optional<std::string>& bytes) {
  return ToConnectData(topic, bytes);
}

}  // namespace sluice::data
