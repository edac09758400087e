// ReplaceField$Key / ReplaceField$Value: keeps, drops and renames fields of a struct or a
// schemaless map. `exclude` wins over `include`; an empty `include` keeps everything. The
// deprecated names `blacklist` and `whitelist` are read when the new ones are not set, as
// Kafka 3.x does. Tombstones pass through.
#include <map>
#include <set>

#include "common/log.h"
#include "transforms/catalog.h"
#include "transforms/data_util.h"
#include "transforms/java_text.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kExclude = "exclude";
constexpr const char* kBlacklist = "blacklist";
constexpr const char* kInclude = "include";
constexpr const char* kWhitelist = "whitelist";
constexpr const char* kRenames = "renames";
constexpr const char* kPurpose = "field replacement";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define(kExclude, ConfigType::kList, "", {}, Importance::kMedium,
             "Fields to exclude. This takes precedence over the fields to include.");
    d.Define(kBlacklist, ConfigType::kList, std::nullopt, {}, Importance::kLow,
             "Deprecated. Use exclude instead.");
    d.Define(kInclude, ConfigType::kList, "", {}, Importance::kMedium,
             "Fields to include. If specified, only these fields will be used.");
    d.Define(kWhitelist, ConfigType::kList, std::nullopt, {}, Importance::kLow,
             "Deprecated. Use include instead.");
    d.Define(kRenames, ConfigType::kList, "", {}, Importance::kMedium, "Field rename mappings.");
    AppendReplaceNullWithDefault(d);
    return d;
  }();
  return def;
}

class ReplaceField final : public BuiltinTransformation {
 public:
  explicit ReplaceField(RecordPart part) : BuiltinTransformation(Definition()), part_(part) {}

  void ReadConfig(ConfigReader& config) override {
    auto read = [&](const char* key, const char* deprecated) {
      if (!config.IsSet(key) && config.IsSet(deprecated)) {
        SLUICE_LOG_WARN("transforms", "Configuration '" << config.Prefixed(deprecated)
                                                        << "' is deprecated; use '"
                                                        << config.Prefixed(key) << "' instead");
        key = deprecated;
      }
      auto list = config.List(key);
      return std::set<std::string>(list.begin(), list.end());
    };
    exclude_ = read(kExclude, kBlacklist);
    include_ = read(kInclude, kWhitelist);
    for (const std::string& mapping : config.List(kRenames)) {
      auto parts = JavaSplit(mapping, ':');
      if (parts.size() != 2) {
        config.Invalid(kRenames, "Invalid rename mapping: " + mapping);
        continue;
      }
      renames_[parts[0]] = parts[1];
      reverse_renames_[parts[1]] = parts[0];
    }
    replace_null_with_default_ = config.Bool(kReplaceNullWithDefaultConfig);
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    SchemaAndValue& data = Operating(record, part_);
    if (data.value.is_null()) return std::optional<ConnectRecord>(std::move(record));
    if (!data.schema) {
      SLUICE_ASSIGN_OR_RETURN(const MapEntries* map, RequireMap(data.value, kPurpose));
      MapEntries updated;
      for (const auto& [key, value] : *map) {
        if (!key.is<std::string>()) {  // not a field name: nothing to filter or rename
          updated.emplace_back(key, value);
        } else if (Keep(key.as<std::string>())) {
          MapPut(updated, Renamed(key.as<std::string>()), value);
        }
      }
      data.value = Value(std::move(updated));
      return std::optional<ConnectRecord>(std::move(record));
    }

    SLUICE_ASSIGN_OR_RETURN(const StructFields* fields, RequireStruct(data, kPurpose));
    SchemaPtr updated_schema = cache_.Find(data.schema);
    if (!updated_schema) {
      SLUICE_ASSIGN_OR_RETURN(updated_schema, UpdatedSchema(*data.schema));
      cache_.Put(data.schema, updated_schema);
    }
    StructFields updated;
    updated.reserve(updated_schema->fields.size());
    for (const Field& field : updated_schema->fields) {
      const Field* original = data.schema->field(ReverseRenamed(field.name));
      updated.emplace_back(
          field.name,
          original ? FieldValue(*fields, *original, replace_null_with_default_) : Value());
    }
    data.schema = std::move(updated_schema);
    data.value = Value(std::move(updated));
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  bool Keep(const std::string& name) const {
    return !exclude_.count(name) && (include_.empty() || include_.count(name));
  }
  std::string Renamed(const std::string& name) const {
    auto it = renames_.find(name);
    return it == renames_.end() ? name : it->second;
  }
  std::string ReverseRenamed(const std::string& name) const {
    auto it = reverse_renames_.find(name);
    return it == reverse_renames_.end() ? name : it->second;
  }

  Result<SchemaPtr> UpdatedSchema(const Schema& schema) const {
    auto updated = std::make_shared<Schema>();
    updated->type = SchemaType::kStruct;
    CopySchemaBasics(schema, *updated);
    for (const Field& field : schema.fields) {
      if (Keep(field.name))
        SLUICE_RETURN_IF_ERROR(AddField(*updated, Renamed(field.name), field.schema));
    }
    return SchemaPtr(std::move(updated));
  }

  RecordPart part_;
  std::set<std::string> exclude_, include_;
  std::map<std::string, std::string> renames_, reverse_renames_;
  bool replace_null_with_default_ = true;
  SchemaCache cache_;
};

}  // namespace

TransformationKind ReplaceFieldKind() {
  return {"ReplaceField", true, &Definition,
          [](RecordPart part) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<ReplaceField>(part);
          }};
}

}  // namespace sluice::transforms
