// Cast$Key / Cast$Value: casts the whole key or value (spec "int32") or fields of a struct or
// map (spec "a:int32,b:string") among int8..int64, float32, float64, boolean and string. Numbers
// narrow as Java's casts do, strings parse as Java parses them, bytes become base64 and Decimal,
// Date, Time and Timestamp values become text as Kafka's Values prints them. Tombstones pass
// through.
//
// Casting a whole Date/Time/Timestamp/Decimal value gives a plain schema of the target type:
// the logical name is not carried over to a type it does not describe.
#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "data/values.h"
#include "transforms/catalog.h"
#include "transforms/data_util.h"
#include "transforms/java_text.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kSpec = "spec";
constexpr const char* kPurpose = "cast types";

const std::vector<SchemaType> kInputTypes = {
    SchemaType::kInt8,    SchemaType::kInt16,   SchemaType::kInt32,
    SchemaType::kInt64,   SchemaType::kFloat32, SchemaType::kFloat64,
    SchemaType::kBoolean, SchemaType::kString,  SchemaType::kBytes};
const std::vector<SchemaType> kOutputTypes(kInputTypes.begin(), kInputTypes.end() - 1);

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kSpec, ConfigType::kList, {}, Importance::kHigh,
                     "List of fields and the type to cast them to of the form "
                     "field1:type,field2:type to cast fields of Maps or Structs. A single type to "
                     "cast the entire value. Valid types are int8, int16, int32, int64, float32, "
                     "float64, boolean, and string. Note that binary fields can only be cast to "
                     "string.");
    AppendReplaceNullWithDefault(d);
    return d;
  }();
  return def;
}

bool Contains(const std::vector<SchemaType>& types, SchemaType type) {
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::string TypeList(const std::vector<SchemaType>& types) {
  std::string out = "[";
  for (size_t i = 0; i < types.size(); ++i)
    out += (i ? ", " : "") + std::string(SchemaTypeName(types[i]));
  return out + "]";
}

std::optional<SchemaType> ParseTypeName(const std::string& text) {
  const std::string upper = [&] {
    std::string t = config_detail::Trim(text);
    for (char& c : t) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return t;
  }();
  for (int i = 0; i <= static_cast<int>(SchemaType::kStruct); ++i) {
    if (upper == SchemaTypeName(static_cast<SchemaType>(i))) return static_cast<SchemaType>(i);
  }
  return std::nullopt;
}

SchemaType InferredType(const Value& value) {
  if (value.is<bool>()) return SchemaType::kBoolean;
  if (value.is<int64_t>()) return SchemaType::kInt64;
  if (value.is<double>()) return SchemaType::kFloat64;
  if (value.is<std::string>()) return SchemaType::kString;
  if (value.is<Bytes>()) return SchemaType::kBytes;
  if (value.is<Array>()) return SchemaType::kArray;
  if (value.is<MapEntries>()) return SchemaType::kMap;
  return SchemaType::kStruct;
}

bool IsIntegral(SchemaType t) {
  return t == SchemaType::kInt8 || t == SchemaType::kInt16 || t == SchemaType::kInt32 ||
         t == SchemaType::kInt64;
}

// Java's narrowing of a long to the target width (the low bits, as (byte) and (short) keep them).
int64_t NarrowLong(int64_t v, SchemaType target) {
  switch (target) {
    case SchemaType::kInt8:
      return static_cast<int8_t>(v);
    case SchemaType::kInt16:
      return static_cast<int16_t>(v);
    case SchemaType::kInt32:
      return static_cast<int32_t>(v);
    default:
      return v;
  }
}

// Number.byteValue()/shortValue()/intValue()/longValue() of a Double.
int64_t NarrowDouble(double d, SchemaType target) {
  if (target == SchemaType::kInt64) return JavaDoubleToLong(d);
  return NarrowLong(JavaDoubleToInt(d), target);
}

Value FromDouble(double d, SchemaType target) {
  if (IsIntegral(target)) return Value(NarrowDouble(d, target));
  if (target == SchemaType::kFloat32) return Value(static_cast<double>(static_cast<float>(d)));
  if (target == SchemaType::kFloat64) return Value(d);
  return Value(JavaDoubleToLong(d) != 0);  // Number.longValue() != 0
}

Value FromLong(int64_t v, SchemaType target) {
  if (IsIntegral(target)) return Value(NarrowLong(v, target));
  if (target == SchemaType::kFloat32) return Value(static_cast<double>(static_cast<float>(v)));
  if (target == SchemaType::kFloat64) return Value(static_cast<double>(v));
  return Value(v != 0);
}

Result<Value> FromString(const std::string& s, SchemaType target) {
  auto out_of_range = [&] {
    return DataError("Value (" + s + ") was out of range for requested data type");
  };
  switch (target) {
    case SchemaType::kInt8:
    case SchemaType::kInt16:
    case SchemaType::kInt32:
    case SchemaType::kInt64: {
      const int64_t max = target == SchemaType::kInt8    ? INT8_MAX
                          : target == SchemaType::kInt16 ? INT16_MAX
                          : target == SchemaType::kInt32 ? INT32_MAX
                                                         : INT64_MAX;
      auto parsed = ParseJavaInteger(s, -max - 1, max);
      if (!parsed) return out_of_range();
      return Value(*parsed);
    }
    case SchemaType::kFloat32:
    case SchemaType::kFloat64: {
      auto parsed = ParseJavaDouble(s);
      if (!parsed) return out_of_range();
      return FromDouble(*parsed, target);
    }
    default:
      return Value(config_detail::Lower(s) == "true");  // Boolean.parseBoolean
  }
}

// Kafka's castValueToType.
Result<Value> CastValue(const Schema* schema, const Value& value, SchemaType target) {
  if (value.is_null()) return Value();
  const SchemaType inferred = schema ? schema->type : InferredType(value);
  if (!Contains(kInputTypes, inferred)) {
    return DataError(std::string("Cast transformation does not support casting from ") +
                     SchemaTypeName(inferred) + "; supported types are " + TypeList(kInputTypes));
  }
  if (target == SchemaType::kString) return Value(data::ConvertToString(schema, value));
  if (schema && HasLogicalName(*schema, kDecimalLogicalName) && value.is<Bytes>()) {
    // BigDecimal as a Number: its text gives the double; the integral part gives the long.
    std::string text;
    try {
      text = decimal::Format(value.as<Bytes>(), decimal::Scale(*schema));
    } catch (const std::invalid_argument& e) {
      return DataError(e.what());
    }
    if (IsIntegral(target) || target == SchemaType::kBoolean) {
      const std::string integral = text.substr(0, text.find('.'));
      auto parsed = ParseJavaInteger(integral, INT64_MIN, INT64_MAX);
      return parsed ? FromLong(*parsed, target) : FromDouble(*ParseJavaDouble(text), target);
    }
    return FromDouble(*ParseJavaDouble(text), target);
  }
  if (value.is<int64_t>()) return FromLong(value.as<int64_t>(), target);
  if (value.is<double>()) return FromDouble(value.as<double>(), target);
  if (value.is<bool>()) return FromLong(value.as<bool>() ? 1 : 0, target);
  if (value.is<std::string>()) return FromString(value.as<std::string>(), target);
  return DataError("Unexpected type in Cast transformation: class " + JavaClassName(schema, value));
}

bool IsLogical(const Schema& schema) {
  return HasLogicalName(schema, kDecimalLogicalName) || HasLogicalName(schema, kDateLogicalName) ||
         HasLogicalName(schema, kTimeLogicalName) || HasLogicalName(schema, kTimestampLogicalName);
}

// The schema of a cast value: the target type, optional like the source, with its default cast.
Result<SchemaPtr> CastSchema(const Schema& source, SchemaType target, bool copy_basics) {
  auto schema = std::make_shared<Schema>();
  schema->type = target;
  if (copy_basics) CopySchemaBasics(source, *schema);
  schema->optional = source.optional;
  if (source.default_value) {
    SLUICE_ASSIGN_OR_RETURN(Value cast, CastValue(&source, *source.default_value, target));
    schema->default_value = std::make_shared<const Value>(std::move(cast));
  }
  return SchemaPtr(std::move(schema));
}

class Cast final : public BuiltinTransformation {
 public:
  explicit Cast(RecordPart part) : BuiltinTransformation(Definition()), part_(part) {}

  void ReadConfig(ConfigReader& config) override {
    replace_null_with_default_ = config.Bool(kReplaceNullWithDefaultConfig);
    if (!config.Valid(kSpec)) return;
    const std::vector<std::string> mappings = config.List(kSpec);
    if (mappings.empty()) {
      config.Invalid(kSpec, "Must specify at least one field to cast.");
      return;
    }
    for (const std::string& mapping : mappings) {
      const auto parts = JavaSplit(mapping, ':');
      if (parts.size() > 2) {
        config.Invalid(kSpec, "Invalid cast mapping: " + mapping);
        continue;
      }
      const std::string& type_text = parts.back();
      auto type = ParseTypeName(type_text);
      if (!type) {
        config.Invalid(kSpec,
                       "Invalid type found in casting spec: " + config_detail::Trim(type_text));
        continue;
      }
      if (!Contains(kOutputTypes, *type)) {
        config.Invalid(kSpec, std::string("Cast transformation does not support casting to ") +
                                  SchemaTypeName(*type) + "; supported types are " +
                                  TypeList(kOutputTypes));
        continue;
      }
      if (parts.size() == 1) {
        whole_value_type_ = *type;
      } else {
        SetCast(config_detail::Trim(parts[0]), *type);
      }
    }
    if (whole_value_type_ && mappings.size() > 1) {
      config.Invalid(kSpec,
                     "Cast transformations that specify a type to cast the entire value to may "
                     "only specify a single cast in their spec");
    }
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    SchemaAndValue& data = Operating(record, part_);
    if (data.value.is_null()) return std::optional<ConnectRecord>(std::move(record));
    if (!data.schema) {
      if (whole_value_type_) {
        SLUICE_ASSIGN_OR_RETURN(data.value, CastValue(nullptr, data.value, *whole_value_type_));
        return std::optional<ConnectRecord>(std::move(record));
      }
      SLUICE_ASSIGN_OR_RETURN(const MapEntries* map, RequireMap(data.value, kPurpose));
      MapEntries updated = *map;
      // As in Kafka, a listed field that the map lacks is added with a null value.
      for (const auto& [name, type] : casts_) {
        const Value* original = MapFind(*map, name);
        SLUICE_ASSIGN_OR_RETURN(Value cast,
                                CastValue(nullptr, original ? *original : Value(), type));
        MapPut(updated, name, std::move(cast));
      }
      data.value = Value(std::move(updated));
      return std::optional<ConnectRecord>(std::move(record));
    }

    SchemaPtr updated_schema = cache_.Find(data.schema);
    if (!updated_schema) {
      SLUICE_ASSIGN_OR_RETURN(updated_schema, UpdatedSchema(*data.schema));
      cache_.Put(data.schema, updated_schema);
    }
    if (whole_value_type_) {
      SLUICE_ASSIGN_OR_RETURN(Value cast,
                              CastValue(data.schema.get(), data.value, *whole_value_type_));
      data = {std::move(updated_schema), std::move(cast)};
      return std::optional<ConnectRecord>(std::move(record));
    }
    SLUICE_ASSIGN_OR_RETURN(const StructFields* fields, RequireStruct(data, kPurpose));
    SLUICE_ASSIGN_OR_RETURN(Value updated, CastStruct(*data.schema, *fields));
    data = {std::move(updated_schema), std::move(updated)};
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  void SetCast(std::string field, SchemaType type) {
    for (auto& [name, t] : casts_) {
      if (name == field) {
        t = type;
        return;
      }
    }
    casts_.emplace_back(std::move(field), type);
  }
  const SchemaType* CastOf(const std::string& field) const {
    for (const auto& [name, type] : casts_) {
      if (name == field) return &type;
    }
    return nullptr;
  }

  Result<Value> CastStruct(const Schema& schema, const StructFields& fields) const {
    StructFields updated;
    updated.reserve(schema.fields.size());
    for (const Field& field : schema.fields) {
      Value value = FieldValue(fields, field, replace_null_with_default_);
      if (const SchemaType* target = CastOf(field.name)) {
        SLUICE_ASSIGN_OR_RETURN(value, CastValue(field.schema.get(), value, *target));
      }
      updated.emplace_back(field.name, std::move(value));
    }
    return Value(std::move(updated));
  }

  Result<SchemaPtr> UpdatedSchema(const Schema& schema) const {
    if (whole_value_type_) return CastSchema(schema, *whole_value_type_, !IsLogical(schema));
    if (schema.type != SchemaType::kStruct) {
      return DataError("Cannot list fields on non-struct type");
    }
    auto updated = std::make_shared<Schema>();
    updated->type = SchemaType::kStruct;
    CopySchemaBasics(schema, *updated);
    updated->optional = schema.optional;
    for (const Field& field : schema.fields) {
      SchemaPtr field_schema = field.schema;
      if (const SchemaType* target = CastOf(field.name)) {
        SLUICE_ASSIGN_OR_RETURN(field_schema, CastSchema(*field.schema, *target, false));
      }
      updated->fields.push_back({field.name, std::move(field_schema)});
    }
    if (schema.default_value && schema.default_value->is<StructFields>()) {
      SLUICE_ASSIGN_OR_RETURN(Value cast,
                              CastStruct(schema, schema.default_value->as<StructFields>()));
      updated->default_value = std::make_shared<const Value>(std::move(cast));
    }
    return SchemaPtr(std::move(updated));
  }

  RecordPart part_;
  std::optional<SchemaType> whole_value_type_;
  std::vector<std::pair<std::string, SchemaType>> casts_;  // in spec order; a repeat overrides
  bool replace_null_with_default_ = true;
  SchemaCache cache_;
};

}  // namespace

TransformationKind CastKind() {
  return {"Cast", true, &Definition, [](RecordPart part) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<Cast>(part);
          }};
}

}  // namespace sluice::transforms
