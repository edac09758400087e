// ValueToKey: replaces the record key with a struct (or, schemaless, a map) of the listed fields
// of the value, in the order listed.
#include "transforms/catalog.h"
#include "transforms/data_util.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kFields = "fields";
constexpr const char* kPurpose = "copying fields from value to key";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kFields, ConfigType::kList, {}, Importance::kHigh,
                     "Field names on the record value to extract as the record key.");
    AppendReplaceNullWithDefault(d);
    return d;
  }();
  return def;
}

class ValueToKey final : public BuiltinTransformation {
 public:
  ValueToKey() : BuiltinTransformation(Definition()) {}

  void ReadConfig(ConfigReader& config) override {
    config.CheckNonEmptyList(kFields);
    fields_ = config.List(kFields);
    replace_null_with_default_ = config.Bool(kReplaceNullWithDefaultConfig);
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    if (!record.value.schema) {
      SLUICE_ASSIGN_OR_RETURN(const MapEntries* map, RequireMap(record.value.value, kPurpose));
      MapEntries key;
      for (const std::string& name : fields_) {
        const Value* v = MapFind(*map, name);
        MapPut(key, name, v ? *v : Value());
      }
      record.key = {nullptr, Value(std::move(key))};
      return std::optional<ConnectRecord>(std::move(record));
    }

    SLUICE_ASSIGN_OR_RETURN(const StructFields* fields, RequireStruct(record.value, kPurpose));
    SchemaPtr key_schema = cache_.Find(record.value.schema);
    if (!key_schema) {
      auto built = std::make_shared<Schema>();
      built->type = SchemaType::kStruct;
      for (const std::string& name : fields_) {
        const Field* field = record.value.schema->field(name);
        if (field == nullptr) return DataError("Field does not exist: " + name);
        SLUICE_RETURN_IF_ERROR(AddField(*built, name, field->schema));
      }
      key_schema = std::move(built);
      cache_.Put(record.value.schema, key_schema);
    }
    StructFields key;
    key.reserve(key_schema->fields.size());
    for (const Field& field : key_schema->fields) {
      key.emplace_back(field.name, FieldValue(*fields, *record.value.schema->field(field.name),
                                              replace_null_with_default_));
    }
    record.key = {std::move(key_schema), Value(std::move(key))};
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  std::vector<std::string> fields_;
  bool replace_null_with_default_ = true;
  SchemaCache cache_;
};

}  // namespace

TransformationKind ValueToKeyKind() {
  return {"ValueToKey", false, &Definition,
          [](RecordPart) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<ValueToKey>();
          }};
}

}  // namespace sluice::transforms
