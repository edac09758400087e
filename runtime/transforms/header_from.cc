// HeaderFrom$Key / HeaderFrom$Value: copies (operation=copy) or moves (operation=move, the field
// leaves the key or value) fields into headers; `fields` and `headers` are parallel lists.
#include <algorithm>

#include "transforms/catalog.h"
#include "transforms/data_util.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kFields = "fields";
constexpr const char* kHeaders = "headers";
constexpr const char* kOperation = "operation";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kFields, ConfigType::kList, {}, Importance::kHigh,
                     "Field names in the record whose values are to be copied or moved to "
                     "headers.");
    d.DefineRequired(kHeaders, ConfigType::kList, {}, Importance::kHigh,
                     "Header names, in the same order as the field names listed in the fields "
                     "configuration property.");
    d.DefineRequired(kOperation, ConfigType::kString, ConfigValidator::OneOf({"move", "copy"}),
                     Importance::kHigh,
                     "Either `move` if the fields are to be moved to the headers (removed from the "
                     "key/value), or `copy` if the fields are to be copied to the headers "
                     "(retained in the key/value).");
    AppendReplaceNullWithDefault(d);
    return d;
  }();
  return def;
}

class HeaderFrom final : public BuiltinTransformation {
 public:
  explicit HeaderFrom(RecordPart part) : BuiltinTransformation(Definition()), part_(part) {}

  void ReadConfig(ConfigReader& config) override {
    config.CheckNonEmptyList(kFields);
    config.CheckNonEmptyList(kHeaders);
    fields_ = config.List(kFields);
    headers_ = config.List(kHeaders);
    move_ = config.String(kOperation).value_or("") == "move";
    replace_null_with_default_ = config.Bool(kReplaceNullWithDefaultConfig);
    if (config.Valid(kFields) && config.Valid(kHeaders) && fields_.size() != headers_.size()) {
      config.Problem(kHeaders,
                     "'fields' config must have the same number of elements as 'headers' config.");
    }
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    SchemaAndValue& data = Operating(record, part_);
    const std::string purpose = std::string("header ") + (move_ ? "move" : "copy");
    if (!data.schema) {
      SLUICE_ASSIGN_OR_RETURN(const MapEntries* map, RequireMap(data.value, purpose));
      MapEntries updated = *map;
      for (size_t i = 0; i < fields_.size(); ++i) {
        const Value* value = MapFind(*map, fields_[i]);
        record.headers.push_back({headers_[i], {nullptr, value ? *value : Value()}});
        if (move_) MapErase(updated, fields_[i]);
      }
      data.value = Value(std::move(updated));
      return std::optional<ConnectRecord>(std::move(record));
    }

    SLUICE_ASSIGN_OR_RETURN(const StructFields* fields, RequireStruct(data, purpose));
    for (size_t i = 0; i < fields_.size(); ++i) {
      const Field* field = data.schema->field(fields_[i]);
      if (field == nullptr) return DataError("Field does not exist: " + fields_[i]);
      record.headers.push_back(
          {headers_[i], {field->schema, FieldValue(*fields, *field, replace_null_with_default_)}});
    }
    if (move_) {
      SchemaPtr moved_schema = cache_.Find(data.schema);
      if (!moved_schema) {
        auto built = std::make_shared<Schema>();
        built->type = SchemaType::kStruct;
        CopySchemaBasics(*data.schema, *built);
        for (const Field& field : data.schema->fields) {
          if (std::find(fields_.begin(), fields_.end(), field.name) == fields_.end()) {
            built->fields.push_back(field);
          }
        }
        moved_schema = std::move(built);
        cache_.Put(data.schema, moved_schema);
      }
      StructFields kept;
      kept.reserve(moved_schema->fields.size());
      for (const Field& field : moved_schema->fields) {
        kept.emplace_back(field.name, FieldValue(*fields, field, replace_null_with_default_));
      }
      data = {std::move(moved_schema), Value(std::move(kept))};
    }
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  RecordPart part_;
  std::vector<std::string> fields_, headers_;
  bool move_ = false;
  bool replace_null_with_default_ = true;
  SchemaCache cache_;
};

}  // namespace

TransformationKind HeaderFromKind() {
  return {"HeaderFrom", true, &Definition,
          [](RecordPart part) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<HeaderFrom>(part);
          }};
}

}  // namespace sluice::transforms
