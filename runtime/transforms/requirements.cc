#include "transforms/requirements.h"

namespace sluice::transforms {

std::string JavaClassName(const Schema* schema, const Value& value) {
  if (value.is_null()) return "null";
  if (schema != nullptr) {
    if (HasLogicalName(*schema, kDecimalLogicalName)) return "java.math.BigDecimal";
    if (HasLogicalName(*schema, kDateLogicalName) || HasLogicalName(*schema, kTimeLogicalName) ||
        HasLogicalName(*schema, kTimestampLogicalName)) {
      return "java.util.Date";
    }
    switch (schema->type) {
      case SchemaType::kInt8:
        return "java.lang.Byte";
      case SchemaType::kInt16:
        return "java.lang.Short";
      case SchemaType::kInt32:
        return "java.lang.Integer";
      case SchemaType::kInt64:
        return "java.lang.Long";
      case SchemaType::kFloat32:
        return "java.lang.Float";
      case SchemaType::kFloat64:
        return "java.lang.Double";
      case SchemaType::kBoolean:
        return "java.lang.Boolean";
      case SchemaType::kString:
        return "java.lang.String";
      case SchemaType::kBytes:
        return "[B";
      case SchemaType::kArray:
        return "java.util.ArrayList";
      case SchemaType::kMap:
        return "java.util.HashMap";
      case SchemaType::kStruct:
        return "org.apache.kafka.connect.data.Struct";
    }
  }
  if (value.is<bool>()) return "java.lang.Boolean";
  if (value.is<int64_t>()) return "java.lang.Long";
  if (value.is<double>()) return "java.lang.Double";
  if (value.is<std::string>()) return "java.lang.String";
  if (value.is<Bytes>()) return "[B";
  if (value.is<Array>()) return "java.util.ArrayList";
  if (value.is<MapEntries>()) return "java.util.HashMap";
  return "org.apache.kafka.connect.data.Struct";
}

std::string SchemaToString(const Schema& schema) {
  if (schema.name) return "Schema{" + *schema.name + ":" + SchemaTypeName(schema.type) + "}";
  return std::string("Schema{") + SchemaTypeName(schema.type) + "}";
}

Result<const MapEntries*> RequireMap(const Value& value, const std::string& purpose) {
  if (!value.is<MapEntries>()) {
    return DataError("Only Map objects supported in absence of schema for [" + purpose +
                     "], found: " + JavaClassName(nullptr, value));
  }
  return &value.as<MapEntries>();
}

Result<const StructFields*> RequireStruct(const SchemaAndValue& data, const std::string& purpose) {
  if (!data.schema || data.schema->type != SchemaType::kStruct || !data.value.is<StructFields>()) {
    return DataError("Only Struct objects supported for [" + purpose +
                     "], found: " + JavaClassName(data.schema.get(), data.value));
  }
  return &data.value.as<StructFields>();
}

Status RequireSchema(const SchemaPtr& schema, const std::string& purpose) {
  if (!schema) return DataError("Schema required for [" + purpose + "]");
  return Status::OK();
}

Status RequireSinkRecord(bool is_sink_record, const std::string& purpose) {
  if (!is_sink_record) {
    return DataError("Only SinkRecord supported for [" + purpose +
                     "], found: org.apache.kafka.connect.source.SourceRecord");
  }
  return Status::OK();
}

}  // namespace sluice::transforms
