// HoistField$Key / HoistField$Value: wraps the key or value in a struct (or, schemaless, a map)
// with a single field.
#include "transforms/catalog.h"
#include "transforms/data_util.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kField = "field";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kField, ConfigType::kString, {}, Importance::kMedium,
                     "Field name for the single field that will be created in the resulting "
                     "Struct or Map.");
    return d;
  }();
  return def;
}

class HoistField final : public BuiltinTransformation {
 public:
  explicit HoistField(RecordPart part) : BuiltinTransformation(Definition()), part_(part) {}

  void ReadConfig(ConfigReader& config) override { field_ = config.String(kField).value_or(""); }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    SchemaAndValue& data = Operating(record, part_);
    if (!data.schema) {
      MapEntries map;
      map.emplace_back(Value(field_), std::move(data.value));
      data.value = Value(std::move(map));
      return std::optional<ConnectRecord>(std::move(record));
    }
    SchemaPtr updated_schema = cache_.Find(data.schema);
    if (!updated_schema) {
      updated_schema = SchemaBuilder::Struct().Field(field_, data.schema).Build();
      cache_.Put(data.schema, updated_schema);
    }
    if (data.value.is_null() && !data.schema->optional) {
      return DataError("Invalid value: null used for required field: \"" + field_ +
                       "\", schema type: " + SchemaTypeName(data.schema->type));
    }
    StructFields fields;
    fields.emplace_back(field_, std::move(data.value));
    data = {std::move(updated_schema), Value(std::move(fields))};
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  RecordPart part_;
  std::string field_;
  SchemaCache cache_;
};

}  // namespace

TransformationKind HoistFieldKind() {
  return {"HoistField", true, &Definition,
          [](RecordPart part) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<HoistField>(part);
          }};
}

}  // namespace sluice::transforms
