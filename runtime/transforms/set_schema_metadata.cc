// SetSchemaMetadata$Key / SetSchemaMetadata$Value: sets the name and/or version of the key or
// value schema, keeping everything else about it.
#include "transforms/catalog.h"
#include "transforms/data_util.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kSchemaName = "schema.name";
constexpr const char* kSchemaVersion = "schema.version";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define(kSchemaName, ConfigType::kString, std::nullopt, {}, Importance::kHigh,
             "Schema name to set.");
    d.Define(kSchemaVersion, ConfigType::kInt, std::nullopt, {}, Importance::kHigh,
             "Schema version to set.");
    AppendReplaceNullWithDefault(d);
    return d;
  }();
  return def;
}

class SetSchemaMetadata final : public BuiltinTransformation {
 public:
  explicit SetSchemaMetadata(RecordPart part) : BuiltinTransformation(Definition()), part_(part) {}

  void ReadConfig(ConfigReader& config) override {
    name_ = config.String(kSchemaName);
    if (auto version = config.Long(kSchemaVersion)) version_ = static_cast<int32_t>(*version);
    replace_null_with_default_ = config.Bool(kReplaceNullWithDefaultConfig);
    if (!name_ && !config.IsSet(kSchemaVersion)) {
      config.General("Neither schema name nor version configured");
    }
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    SchemaAndValue& data = Operating(record, part_);
    SLUICE_RETURN_IF_ERROR(RequireSchema(data.schema, "updating schema metadata"));
    auto updated = std::make_shared<Schema>(*data.schema);
    if (name_) updated->name = *name_;
    if (version_) updated->version = *version_;
    // The struct is rebuilt on the new schema, reading null fields as their defaults unless told
    // not to (Kafka's updateSchemaIn).
    if (data.value.is<StructFields>() && updated->type == SchemaType::kStruct) {
      const StructFields& fields = data.value.as<StructFields>();
      StructFields rebuilt;
      rebuilt.reserve(updated->fields.size());
      for (const Field& field : updated->fields) {
        rebuilt.emplace_back(field.name, FieldValue(fields, field, replace_null_with_default_));
      }
      data.value = Value(std::move(rebuilt));
    }
    data.schema = std::move(updated);
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  RecordPart part_;
  std::optional<std::string> name_;
  std::optional<int32_t> version_;
  bool replace_null_with_default_ = true;
};

}  // namespace

TransformationKind SetSchemaMetadataKind() {
  return {"SetSchemaMetadata", true, &Definition,
          [](RecordPart part) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<SetSchemaMetadata>(part);
          }};
}

}  // namespace sluice::transforms
