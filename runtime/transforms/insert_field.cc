// InsertField$Key / InsertField$Value: adds fields from the record's metadata (topic, partition,
// offset, timestamp) or a static string to a struct (the new schema appends the fields) or a
// schemaless map. A name ending in "!" makes the field required in the schema, "?" (the default)
// optional. Tombstones pass through.
#include <optional>

#include "transforms/catalog.h"
#include "transforms/data_util.h"
#include "transforms/requirements.h"

namespace sluice::transforms {
namespace {

constexpr const char* kTopicField = "topic.field";
constexpr const char* kPartitionField = "partition.field";
constexpr const char* kOffsetField = "offset.field";
constexpr const char* kTimestampField = "timestamp.field";
constexpr const char* kStaticField = "static.field";
constexpr const char* kStaticValue = "static.value";
constexpr const char* kPurpose = "field insertion";
constexpr const char* kOptionalityDoc =
    " Suffix with `!` to make this a required field, or `?` to keep it optional (the default).";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    auto field = [&](const char* name, const std::string& doc) {
      d.Define(name, ConfigType::kString, std::nullopt, {}, Importance::kMedium, doc);
    };
    field(kTopicField, std::string("Field name for Kafka topic.") + kOptionalityDoc);
    field(kPartitionField, std::string("Field name for Kafka partition.") + kOptionalityDoc);
    field(kOffsetField,
          std::string("Field name for Kafka offset - only applicable to sink connectors.") +
              kOptionalityDoc);
    field(kTimestampField, std::string("Field name for record timestamp.") + kOptionalityDoc);
    field(kStaticField, std::string("Field name for static data field.") + kOptionalityDoc);
    field(kStaticValue, "Static field value, if field name configured.");
    AppendReplaceNullWithDefault(d);
    return d;
  }();
  return def;
}

struct InsertionSpec {
  std::string name;
  bool optional = true;

  static std::optional<InsertionSpec> Parse(const std::optional<std::string>& spec) {
    if (!spec) return std::nullopt;
    const std::string& s = *spec;
    if (!s.empty() && (s.back() == '?' || s.back() == '!')) {
      return InsertionSpec{s.substr(0, s.size() - 1), s.back() == '?'};
    }
    return InsertionSpec{s, true};
  }
};

class InsertField final : public BuiltinTransformation {
 public:
  explicit InsertField(RecordPart part) : BuiltinTransformation(Definition()), part_(part) {}

  void ReadConfig(ConfigReader& config) override {
    topic_ = InsertionSpec::Parse(config.String(kTopicField));
    partition_ = InsertionSpec::Parse(config.String(kPartitionField));
    offset_ = InsertionSpec::Parse(config.String(kOffsetField));
    timestamp_ = InsertionSpec::Parse(config.String(kTimestampField));
    static_field_ = InsertionSpec::Parse(config.String(kStaticField));
    static_value_ = config.String(kStaticValue);
    replace_null_with_default_ = config.Bool(kReplaceNullWithDefaultConfig);
    if (!topic_ && !partition_ && !offset_ && !timestamp_ && !static_field_) {
      config.General("No field insertion configured");
    }
    if (static_field_ && !static_value_) {
      config.Invalid(kStaticValue, "No value specified for static field: " + static_field_->name);
    }
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    SchemaAndValue& data = Operating(record, part_);
    if (data.value.is_null()) return std::optional<ConnectRecord>(std::move(record));
    if (!data.schema) {
      SLUICE_ASSIGN_OR_RETURN(const MapEntries* map, RequireMap(data.value, kPurpose));
      MapEntries updated = *map;
      SLUICE_RETURN_IF_ERROR(Insert(record, [&](const InsertionSpec& spec, Value v) {
        MapPut(updated, spec.name, std::move(v));
      }));
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
    for (const Field& field : data.schema->fields) {
      updated.emplace_back(field.name, FieldValue(*fields, field, replace_null_with_default_));
    }
    // Inserted fields start null: metadata the record lacks (no partition, no timestamp) stays so.
    for (size_t i = updated.size(); i < updated_schema->fields.size(); ++i) {
      updated.emplace_back(updated_schema->fields[i].name, Value());
    }
    SLUICE_RETURN_IF_ERROR(Insert(record, [&](const InsertionSpec& spec, Value v) {
      for (auto& [name, value] : updated) {
        if (name == spec.name) value = std::move(v);
      }
    }));
    data.schema = std::move(updated_schema);
    data.value = Value(std::move(updated));
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  // Calls `put(spec, value)` for each configured field whose metadata the record has.
  template <typename Put>
  Status Insert(const ConnectRecord& record, Put put) const {
    if (topic_) put(*topic_, Value(record.topic));
    if (partition_ && record.partition) put(*partition_, Value(*record.partition));
    if (offset_) {
      SLUICE_RETURN_IF_ERROR(RequireSinkRecord(record.kafka_offset.has_value(), kPurpose));
      put(*offset_, Value(*record.kafka_offset));
    }
    if (timestamp_ && record.timestamp_ms) put(*timestamp_, Value(*record.timestamp_ms));
    if (static_field_ && static_value_) put(*static_field_, Value(*static_value_));
    return Status::OK();
  }

  // The struct's fields followed by the inserted ones; Kafka keeps the name, version, doc and
  // parameters of the original schema.
  Result<SchemaPtr> UpdatedSchema(const Schema& schema) const {
    auto updated = std::make_shared<Schema>();
    updated->type = SchemaType::kStruct;
    CopySchemaBasics(schema, *updated);
    updated->fields = schema.fields;
    auto add = [&](const std::optional<InsertionSpec>& spec, SchemaType type) -> Status {
      if (!spec) return Status::OK();
      return AddField(*updated, spec->name, Schema::Of(type, spec->optional));
    };
    SLUICE_RETURN_IF_ERROR(add(topic_, SchemaType::kString));
    SLUICE_RETURN_IF_ERROR(add(partition_, SchemaType::kInt32));
    SLUICE_RETURN_IF_ERROR(add(offset_, SchemaType::kInt64));
    if (timestamp_) {
      SLUICE_RETURN_IF_ERROR(
          AddField(*updated, timestamp_->name, TimestampSchema(timestamp_->optional)));
    }
    SLUICE_RETURN_IF_ERROR(add(static_field_, SchemaType::kString));
    return SchemaPtr(std::move(updated));
  }

  RecordPart part_;
  std::optional<InsertionSpec> topic_, partition_, offset_, timestamp_, static_field_;
  std::optional<std::string> static_value_;
  bool replace_null_with_default_ = true;
  SchemaCache cache_;
};

}  // namespace

TransformationKind InsertFieldKind() {
  return {"InsertField", true, &Definition,
          [](RecordPart part) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<InsertField>(part);
          }};
}

}  // namespace sluice::transforms
