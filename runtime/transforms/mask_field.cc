// MaskField$Key / MaskField$Value: replaces the listed fields with the null-equivalent of their
// type (0, 0.0, false, "", an empty array or map, the epoch for Date/Time/Timestamp, 0 for a
// Decimal), or with `replacement` for numeric and string fields. Tombstones pass through.
#include <algorithm>

#include "transforms/catalog.h"
#include "transforms/data_util.h"
#include "transforms/java_text.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kFields = "fields";
constexpr const char* kReplacement = "replacement";
constexpr const char* kPurpose = "mask fields";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kFields, ConfigType::kList, {}, Importance::kHigh, "Names of fields to mask.");
    d.Define(kReplacement, ConfigType::kString, std::nullopt, ConfigValidator::NonEmptyString(),
             Importance::kLow,
             "Custom value replacement, that will be applied to all 'fields' values (numeric or "
             "non-empty string values only).");
    return d;
  }();
  return def;
}

// The Java class of the value decides the mask, as in Kafka; `schema` may be null (schemaless).
Result<Value> Masked(const Schema* schema, const Value& value,
                     const std::optional<std::string>& replacement) {
  if (value.is_null()) return Value();
  const std::string java_class = JavaClassName(schema, value);
  const bool decimal = schema && HasLogicalName(*schema, kDecimalLogicalName);
  const bool integral = java_class == "java.lang.Byte" || java_class == "java.lang.Short" ||
                        java_class == "java.lang.Integer" || java_class == "java.lang.Long";
  const bool floating = java_class == "java.lang.Float" || java_class == "java.lang.Double";

  if (!replacement) {
    if (integral) return Value(int64_t{0});
    if (floating) return Value(0.0);
    if (decimal) return Value(decimal::FromUnscaled(0));
    if (java_class == "java.util.Date") return Value(int64_t{0});
    if (java_class == "java.lang.Boolean") return Value(false);
    if (java_class == "java.lang.String") return Value(std::string());
    if (value.is<Array>()) return Value(Array{});
    if (value.is<MapEntries>()) return Value(MapEntries{});
    return DataError("Cannot mask value of type: class " + java_class);
  }

  const std::string& text = *replacement;
  auto unconvertible = [&] {
    return DataError("Unable to convert " + text + " (class java.lang.String) to number");
  };
  if (java_class == "java.lang.String") return Value(text);
  if (integral) {
    int64_t min = INT64_MIN, max = INT64_MAX;
    if (schema && schema->type == SchemaType::kInt8) min = INT8_MIN, max = INT8_MAX;
    if (schema && schema->type == SchemaType::kInt16) min = INT16_MIN, max = INT16_MAX;
    if (schema && schema->type == SchemaType::kInt32) min = INT32_MIN, max = INT32_MAX;
    auto parsed = ParseJavaInteger(text, min, max);
    if (!parsed) return unconvertible();
    return Value(*parsed);
  }
  if (floating) {
    auto parsed = ParseJavaDouble(text);
    if (!parsed) return unconvertible();
    if (schema && schema->type == SchemaType::kFloat32) {
      return Value(static_cast<double>(static_cast<float>(*parsed)));
    }
    return Value(*parsed);
  }
  if (decimal) {
    try {
      return Value(decimal::Parse(text, decimal::Scale(*schema)));
    } catch (const std::invalid_argument&) {
      return unconvertible();
    }
  }
  return DataError("Cannot mask value of type class " + java_class + " with custom replacement.");
}

class MaskField final : public BuiltinTransformation {
 public:
  explicit MaskField(RecordPart part) : BuiltinTransformation(Definition()), part_(part) {}

  void ReadConfig(ConfigReader& config) override {
    config.CheckNonEmptyList(kFields);
    fields_ = config.List(kFields);
    replacement_ = config.String(kReplacement);
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    SchemaAndValue& data = Operating(record, part_);
    if (data.value.is_null()) return std::optional<ConnectRecord>(std::move(record));
    if (!data.schema) {
      SLUICE_ASSIGN_OR_RETURN(const MapEntries* map, RequireMap(data.value, kPurpose));
      MapEntries updated = *map;
      // As in Kafka, a listed field that the map lacks is added with a null value.
      for (const std::string& name : fields_) {
        const Value* original = MapFind(*map, name);
        SLUICE_ASSIGN_OR_RETURN(Value masked,
                                Masked(nullptr, original ? *original : Value(), replacement_));
        MapPut(updated, name, std::move(masked));
      }
      data.value = Value(std::move(updated));
      return std::optional<ConnectRecord>(std::move(record));
    }

    SLUICE_ASSIGN_OR_RETURN(const StructFields* fields, RequireStruct(data, kPurpose));
    StructFields updated;
    updated.reserve(data.schema->fields.size());
    for (const Field& field : data.schema->fields) {
      Value value = FieldValue(*fields, field);
      if (std::find(fields_.begin(), fields_.end(), field.name) != fields_.end()) {
        SLUICE_ASSIGN_OR_RETURN(value, Masked(field.schema.get(), value, replacement_));
      }
      updated.emplace_back(field.name, std::move(value));
    }
    data.value = Value(std::move(updated));
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  RecordPart part_;
  std::vector<std::string> fields_;
  std::optional<std::string> replacement_;
};

}  // namespace

TransformationKind MaskFieldKind() {
  return {"MaskField", true, &Definition,
          [](RecordPart part) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<MaskField>(part);
          }};
}

}  // namespace sluice::transforms
