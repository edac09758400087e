// ExtractField$Key / ExtractField$Value: replaces the key or value with one of its fields (a
// nested one with field.syntax.version=V2). Null keys and values pass through.
#include "transforms/catalog.h"
#include "transforms/field_path.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kField = "field";
constexpr const char* kPurpose = "field extraction";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.DefineRequired(kField, ConfigType::kString, {}, Importance::kMedium,
                     "Field name to extract.");
    AppendFieldSyntaxVersion(d);
    AppendReplaceNullWithDefault(d);
    return d;
  }();
  return def;
}

class ExtractField final : public BuiltinTransformation {
 public:
  explicit ExtractField(RecordPart part) : BuiltinTransformation(Definition()), part_(part) {}

  void ReadConfig(ConfigReader& config) override {
    original_path_ = config.String(kField).value_or("");
    replace_null_with_default_ = config.Bool(kReplaceNullWithDefaultConfig);
    if (!config.Valid(kField) || !config.Valid(kFieldSyntaxVersionConfig)) return;
    auto path = SingleFieldPath::Parse(
        original_path_, ParseFieldSyntaxVersion(*config.String(kFieldSyntaxVersionConfig)));
    if (!path.ok()) {
      config.Invalid(kField, path.status().message());
      return;
    }
    path_ = std::move(*path);
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    SchemaAndValue& data = Operating(record, part_);
    if (!data.schema) {
      if (!data.value.is_null()) {
        SLUICE_ASSIGN_OR_RETURN(const MapEntries* map, RequireMap(data.value, kPurpose));
        SLUICE_ASSIGN_OR_RETURN(data.value, path_.ValueFrom(*map));
      }
      return std::optional<ConnectRecord>(std::move(record));
    }
    const Field* field = path_.FieldFrom(*data.schema);
    if (field == nullptr) {
      // Kafka checks the struct before the field: a schema that is not a struct says so.
      SLUICE_RETURN_IF_ERROR(data.value.is_null() ? Status::OK()
                                                  : RequireStruct(data, kPurpose).status());
      return DataError("Unknown field: " + original_path_);
    }
    Value extracted;
    if (!data.value.is_null()) {
      SLUICE_ASSIGN_OR_RETURN(const StructFields* fields, RequireStruct(data, kPurpose));
      SLUICE_ASSIGN_OR_RETURN(extracted,
                              path_.ValueFrom(*data.schema, *fields, replace_null_with_default_));
    }
    data = {field->schema, std::move(extracted)};
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  RecordPart part_;
  std::string original_path_;
  SingleFieldPath path_ = *SingleFieldPath::Parse("", FieldSyntaxVersion::kV1);
  bool replace_null_with_default_ = true;
};

}  // namespace

TransformationKind ExtractFieldKind() {
  return {"ExtractField", true, &Definition,
          [](RecordPart part) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<ExtractField>(part);
          }};
}

}  // namespace sluice::transforms
