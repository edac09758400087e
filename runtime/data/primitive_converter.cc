#include "data/primitive_converter.h"

#include <bit>
#include <cstdint>

#include "sluice/envelope.h"

namespace sluice::data {
namespace {

using Kind = PrimitiveConverter::Kind;

struct KindInfo {
  const char* class_name;
  const char* type_name;     // in Kafka's messages: "Failed to serialize to integer ..."
  const char* deserializer;  // in Kafka's size messages: "... received by IntegerDeserializer"
  size_t width;
  SchemaType schema_type;
};

const KindInfo& Info(Kind kind) {
  static const KindInfo kInfo[] = {
      {"org.apache.kafka.connect.converters.ShortConverter", "short", "ShortDeserializer", 2,
       SchemaType::kInt16},
      {"org.apache.kafka.connect.converters.IntegerConverter", "integer", "IntegerDeserializer", 4,
       SchemaType::kInt32},
      {"org.apache.kafka.connect.converters.LongConverter", "long", "LongDeserializer", 8,
       SchemaType::kInt64},
      {"org.apache.kafka.connect.converters.FloatConverter", "float", "Deserializer", 4,
       SchemaType::kFloat32},
      {"org.apache.kafka.connect.converters.DoubleConverter", "double", "Deserializer", 8,
       SchemaType::kFloat64},
      {"org.apache.kafka.connect.converters.BooleanConverter", "boolean", "BooleanDeserializer", 1,
       SchemaType::kBoolean},
  };
  return kInfo[static_cast<int>(kind)];
}

std::string BigEndian(uint64_t bits, size_t width) {
  std::string out(width, '\0');
  for (size_t i = 0; i < width; ++i) {
    out[width - 1 - i] = static_cast<char>(bits >> (8 * i));
  }
  return out;
}

uint64_t FromBigEndian(const std::string& bytes) {
  uint64_t bits = 0;
  for (char c : bytes) bits = (bits << 8) | static_cast<unsigned char>(c);
  return bits;
}

}  // namespace

const char* PrimitiveConverter::ClassName(Kind kind) {
  return Info(kind).class_name;
}

const ConfigDef& PrimitiveConverter::Definition() {
  static const ConfigDef def = NewConverterConfigDef();
  return def;
}

Status PrimitiveConverter::Configure(const ConverterConfig& config, bool is_key) {
  Config unused;
  return ValidateConverterConfig(ClassName(kind_), Definition(), config,
                                 is_key ? ConverterRole::kKey : ConverterRole::kValue, &unused);
}

Status PrimitiveConverter::Configure(const ConverterConfig& config) {
  Config unused;
  return ValidateConverterConfig(ClassName(kind_), Definition(), config, ConverterRole::kHeader,
                                 &unused);
}

Result<std::optional<std::string>> PrimitiveConverter::FromConnectData(const std::string&,
                                                                       const SchemaAndValue& data) {
  const KindInfo& info = Info(kind_);
  if (kind_ == Kind::kBoolean && data.schema && data.schema->type != SchemaType::kBoolean) {
    return Status::InvalidArgument(std::string("Invalid schema type for BooleanConverter: ") +
                                   SchemaTypeName(data.schema->type));
  }
  const Value& v = data.value;
  if (v.is_null()) return std::optional<std::string>();
  auto wrong_type = [&] {
    if (kind_ == Kind::kBoolean) {
      return Status::InvalidArgument(
          std::string("BooleanConverter is not compatible with objects of type ") +
          envelope::detail::ValueKindName(v));
    }
    return Status::InvalidArgument(std::string("Failed to serialize to ") + info.type_name +
                                   " (was " + envelope::detail::ValueKindName(v) + ")");
  };
  switch (kind_) {
    case Kind::kShort:
    case Kind::kInteger:
    case Kind::kLong: {
      if (!v.is<int64_t>()) return wrong_type();
      const int64_t n = v.as<int64_t>();
      const bool fits =
          kind_ == Kind::kLong || (kind_ == Kind::kInteger ? n >= INT32_MIN && n <= INT32_MAX
                                                           : n >= INT16_MIN && n <= INT16_MAX);
      if (!fits) {
        return Status::InvalidArgument(std::string("Failed to serialize to ") + info.type_name +
                                       ": value " + std::to_string(n) + " is out of range");
      }
      return std::optional<std::string>(BigEndian(static_cast<uint64_t>(n), info.width));
    }
    case Kind::kFloat:
      if (!v.is<double>()) return wrong_type();
      return std::optional<std::string>(
          BigEndian(std::bit_cast<uint32_t>(static_cast<float>(v.as<double>())), 4));
    case Kind::kDouble:
      if (!v.is<double>()) return wrong_type();
      return std::optional<std::string>(BigEndian(std::bit_cast<uint64_t>(v.as<double>()), 8));
    case Kind::kBoolean:
      if (!v.is<bool>()) return wrong_type();
      return std::optional<std::string>(std::string(1, v.as<bool>() ? '\x01' : '\x00'));
  }
  return wrong_type();
}

Result<SchemaAndValue> PrimitiveConverter::ToConnectData(const std::string&,
                                                         const std::optional<std::string>& bytes) {
  const KindInfo& info = Info(kind_);
  const SchemaPtr& schema = Schema::Of(info.schema_type, /*optional=*/true);
  if (!bytes) return SchemaAndValue{schema, Value()};
  const std::string failed = std::string("Failed to deserialize ") + info.type_name + ": ";
  if (bytes->size() != info.width) {
    return Status::InvalidArgument(failed + "Size of data received by " + info.deserializer +
                                   " is not " + std::to_string(info.width));
  }
  const uint64_t bits = FromBigEndian(*bytes);
  switch (kind_) {
    case Kind::kShort:
      return SchemaAndValue{schema, Value(int64_t{static_cast<int16_t>(bits)})};
    case Kind::kInteger:
      return SchemaAndValue{schema, Value(int64_t{static_cast<int32_t>(bits)})};
    case Kind::kLong:
      return SchemaAndValue{schema, Value(static_cast<int64_t>(bits))};
    case Kind::kFloat:
      return SchemaAndValue{
          schema, Value(static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(bits))))};
    case Kind::kDouble:
      return SchemaAndValue{schema, Value(std::bit_cast<double>(bits))};
    case Kind::kBoolean:
      if (bits > 1) {
        // Java prints the byte signed.
        return Status::InvalidArgument(failed +
                                       "Unexpected byte received by BooleanDeserializer: " +
                                       std::to_string(static_cast<int8_t>(bits)));
      }
      return SchemaAndValue{schema, Value(bits == 1)};
  }
  return SchemaAndValue{schema, Value()};
}

Result<std::optional<std::string>> PrimitiveConverter::FromConnectHeader(
    const std::string& topic, const std::string&, const SchemaAndValue& header) {
  return FromConnectData(topic, header);
}

Result<SchemaAndValue> PrimitiveConverter::ToConnectHeader(
    const std::string& topic, const std::string&, const std::optional<std::string>& bytes) {
  return ToConnectData(topic, bytes);
}

}  // namespace sluice::data
