// Flatten$Key / Flatten$Value: lifts the fields of nested structs (or, schemaless, nested maps)
// to the top level, named "parent<delimiter>child". Arrays are kept as they are. With a schema, a
// flattened field is optional when any of its ancestors is, and takes its default from the
// nearest ancestor that has one. Tombstones pass through.
#include "transforms/catalog.h"
#include "transforms/data_util.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kDelimiter = "delimiter";
constexpr const char* kPurpose = "flattening";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define(kDelimiter, ConfigType::kString, ".", {}, Importance::kMedium,
             "Delimiter to insert between field names from the input record when generating "
             "field names for the output record");
    return d;
  }();
  return def;
}

bool IsPrimitiveOrArray(SchemaType type) {
  return IsPrimitive(type) || type == SchemaType::kArray;
}

class Flatten final : public BuiltinTransformation {
 public:
  explicit Flatten(RecordPart part) : BuiltinTransformation(Definition()), part_(part) {}

  void ReadConfig(ConfigReader& config) override {
    delimiter_ = config.String(kDelimiter).value_or(".");
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    SchemaAndValue& data = Operating(record, part_);
    if (data.value.is_null()) return std::optional<ConnectRecord>(std::move(record));
    if (!data.schema) {
      SLUICE_ASSIGN_OR_RETURN(const MapEntries* map, RequireMap(data.value, kPurpose));
      MapEntries flat;
      SLUICE_RETURN_IF_ERROR(FlattenMap(*map, "", flat));
      data.value = Value(std::move(flat));
      return std::optional<ConnectRecord>(std::move(record));
    }

    SLUICE_ASSIGN_OR_RETURN(const StructFields* fields, RequireStruct(data, kPurpose));
    SchemaPtr updated_schema = cache_.Find(data.schema);
    if (!updated_schema) {
      auto built = std::make_shared<Schema>();
      built->type = SchemaType::kStruct;
      CopySchemaBasics(*data.schema, *built);
      const Value* default_value = data.schema->default_value.get();
      SLUICE_RETURN_IF_ERROR(
          FlattenSchema(*data.schema, "", *built, data.schema->optional, default_value));
      updated_schema = std::move(built);
      cache_.Put(data.schema, updated_schema);
    }
    StructFields flat;
    flat.reserve(updated_schema->fields.size());
    SLUICE_RETURN_IF_ERROR(FlattenStruct(*data.schema, fields, "", flat));
    data = {std::move(updated_schema), Value(std::move(flat))};
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  std::string Name(const std::string& prefix, const std::string& name) const {
    return prefix.empty() ? name : prefix + delimiter_ + name;
  }

  Status FlattenMap(const MapEntries& map, const std::string& prefix, MapEntries& out) const {
    for (const auto& [key, value] : map) {
      if (!key.is<std::string>()) {
        return DataError("Flatten transformation does not support map keys of class " +
                         JavaClassName(nullptr, key) + " for record without schemas");
      }
      const std::string name = Name(prefix, key.as<std::string>());
      if (value.is<MapEntries>()) {
        SLUICE_RETURN_IF_ERROR(FlattenMap(value.as<MapEntries>(), name, out));
      } else if (value.is<StructFields>()) {
        return DataError("Flatten transformation does not support class " +
                         JavaClassName(nullptr, value) + " for record without schemas (for field " +
                         name + ").");
      } else {
        MapPut(out, name, value);
      }
    }
    return Status::OK();
  }

  // `optional`: an ancestor is optional; `parent_default`: the default the ancestors give.
  Status FlattenSchema(const Schema& schema, const std::string& prefix, Schema& out, bool optional,
                       const Value* parent_default) const {
    for (const Field& field : schema.fields) {
      const std::string name = Name(prefix, field.name);
      const bool field_optional = optional || field.schema->optional;
      Value field_default;
      if (field.schema->default_value) {
        field_default = *field.schema->default_value;
      } else if (parent_default && parent_default->is<StructFields>()) {
        field_default = FieldValue(parent_default->as<StructFields>(), field);
      }
      if (IsPrimitiveOrArray(field.schema->type)) {
        auto flat = std::make_shared<Schema>(*field.schema);
        flat->optional = field_optional;
        flat->default_value =
            field_default.is_null() ? nullptr : std::make_shared<const Value>(field_default);
        SLUICE_RETURN_IF_ERROR(AddField(out, name, std::move(flat)));
      } else if (field.schema->type == SchemaType::kStruct) {
        SLUICE_RETURN_IF_ERROR(FlattenSchema(*field.schema, name, out, field_optional,
                                             field_default.is_null() ? nullptr : &field_default));
      } else {
        return DataError(std::string("Flatten transformation does not support ") +
                         SchemaTypeName(field.schema->type) +
                         " for record with schemas (for field " + name + ").");
      }
    }
    return Status::OK();
  }

  // `fields` null: a null nested struct, whose flattened fields are all null.
  Status FlattenStruct(const Schema& schema, const StructFields* fields, const std::string& prefix,
                       StructFields& out) const {
    for (const Field& field : schema.fields) {
      const std::string name = Name(prefix, field.name);
      Value value = fields ? FieldValue(*fields, field) : Value();
      if (field.schema->type == SchemaType::kStruct) {
        const StructFields* nested = value.is<StructFields>() ? &value.as<StructFields>() : nullptr;
        SLUICE_RETURN_IF_ERROR(FlattenStruct(*field.schema, nested, name, out));
      } else {
        out.emplace_back(name, std::move(value));
      }
    }
    return Status::OK();
  }

  RecordPart part_;
  std::string delimiter_ = ".";
  SchemaCache cache_;
};

}  // namespace

TransformationKind FlattenKind() {
  return {"Flatten", true, &Definition,
          [](RecordPart part) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<Flatten>(part);
          }};
}

}  // namespace sluice::transforms
