// TimestampConverter$Key / TimestampConverter$Value: converts a timestamp (the whole key or value,
// or one field of a struct or map) among Unix epoch numbers, formatted strings (Java
// SimpleDateFormat patterns, UTC) and Connect's Date, Time and Timestamp. The source form comes
// from the schema, or schemaless from the value (an integer is Unix time, a string is text).
//
// Schemaless, a Date, Time or Timestamp result is held as Kafka's logical types hold it on the
// wire: days since the epoch, milliseconds of the day, milliseconds since the epoch.
#include "transforms/catalog.h"
#include "transforms/data_util.h"
#include "transforms/requirements.h"
#include "transforms/simple_date_format.h"

namespace sluice::transforms {
namespace {

constexpr const char* kField = "field";
constexpr const char* kTargetType = "target.type";
constexpr const char* kFormat = "format";
constexpr const char* kUnixPrecision = "unix.precision";
constexpr const char* kPurpose = "converting timestamp formats";
constexpr int64_t kMillisPerDay = 86'400'000;

enum class TimestampType { kString, kUnix, kDate, kTime, kTimestamp };
enum class UnixPrecision { kSeconds, kMilliseconds, kMicroseconds, kNanoseconds };

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define(kField, ConfigType::kString, "", {}, Importance::kHigh,
             "The field containing the timestamp, or empty if the entire value is a timestamp");
    d.DefineRequired(kTargetType, ConfigType::kString,
                     ConfigValidator::OneOf({"string", "unix", "Date", "Time", "Timestamp"}),
                     Importance::kHigh,
                     "The desired timestamp representation: string, unix, Date, Time, or "
                     "Timestamp");
    d.Define(kFormat, ConfigType::kString, "", {}, Importance::kMedium,
             "A SimpleDateFormat-compatible format for the timestamp. Used to generate the output "
             "when type=string or used to parse the input if the input is a string.");
    d.Define(kUnixPrecision, ConfigType::kString, "milliseconds",
             ConfigValidator::OneOf({"nanoseconds", "microseconds", "milliseconds", "seconds"}),
             Importance::kLow,
             "The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, "
             "or nanoseconds. Used to generate the output when type=unix or used to parse the "
             "input if the input is a Long. Note: This SMT will cause precision loss during "
             "conversions from, and to, values with sub-millisecond components.");
    AppendReplaceNullWithDefault(d);
    return d;
  }();
  return def;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) --q;
  return q;
}

// TimeUnit's conversions to a finer unit saturate.
int64_t SaturatingMultiply(int64_t v, int64_t factor) {
  int64_t out = 0;
  if (__builtin_mul_overflow(v, factor, &out)) return v < 0 ? INT64_MIN : INT64_MAX;
  return out;
}

SchemaPtr TypeSchema(TimestampType type, bool optional) {
  switch (type) {
    case TimestampType::kString:
      return Schema::Of(SchemaType::kString, optional);
    case TimestampType::kUnix:
      return Schema::Of(SchemaType::kInt64, optional);
    case TimestampType::kDate:
      return DateSchema(optional);
    case TimestampType::kTime:
      return TimeSchema(optional);
    case TimestampType::kTimestamp:
      return TimestampSchema(optional);
  }
  return nullptr;
}

Result<TimestampType> TypeFromSchema(const Schema& schema) {
  if (HasLogicalName(schema, kTimestampLogicalName)) return TimestampType::kTimestamp;
  if (HasLogicalName(schema, kDateLogicalName)) return TimestampType::kDate;
  if (HasLogicalName(schema, kTimeLogicalName)) return TimestampType::kTime;
  if (schema.type == SchemaType::kString) return TimestampType::kString;
  if (schema.type == SchemaType::kInt64) return TimestampType::kUnix;
  return DataError("Schema " + SchemaToString(schema) +
                   " does not correspond to a known timestamp type format");
}

Result<TimestampType> InferType(const Value& value) {
  if (value.is<int64_t>()) return TimestampType::kUnix;
  if (value.is<std::string>()) return TimestampType::kString;
  return DataError("TimestampConverter does not support class " + JavaClassName(nullptr, value) +
                   " objects as timestamps");
}

class TimestampConverter final : public BuiltinTransformation {
 public:
  explicit TimestampConverter(RecordPart part) : BuiltinTransformation(Definition()), part_(part) {}

  void ReadConfig(ConfigReader& config) override {
    field_ = config.String(kField).value_or("");
    replace_null_with_default_ = config.Bool(kReplaceNullWithDefaultConfig);
    const std::string target = config.String(kTargetType).value_or("");
    if (target == "string") target_ = TimestampType::kString;
    if (target == "unix") target_ = TimestampType::kUnix;
    if (target == "Date") target_ = TimestampType::kDate;
    if (target == "Time") target_ = TimestampType::kTime;
    if (target == "Timestamp") target_ = TimestampType::kTimestamp;
    const std::string precision = config.String(kUnixPrecision).value_or("");
    if (precision == "seconds") precision_ = UnixPrecision::kSeconds;
    if (precision == "microseconds") precision_ = UnixPrecision::kMicroseconds;
    if (precision == "nanoseconds") precision_ = UnixPrecision::kNanoseconds;

    const std::string pattern = config_detail::Trim(config.String(kFormat).value_or(""));
    if (pattern.empty()) {
      if (config.Valid(kTargetType) && target == "string") {
        config.Problem(kFormat,
                       "TimestampConverter requires format option to be specified when using "
                       "string timestamps");
      }
      return;
    }
    auto format = SimpleDateFormat::Compile(*config.String(kFormat));
    if (!format.ok()) {
      config.Invalid(kFormat,
                     "TimestampConverter requires a SimpleDateFormat-compatible pattern for string "
                     "timestamps: " +
                         format.status().message());
      return;
    }
    format_ = std::move(*format);
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    SchemaAndValue& data = Operating(record, part_);
    if (!data.schema) {
      if (data.value.is_null() || field_.empty()) {
        SLUICE_ASSIGN_OR_RETURN(data.value, Convert(data.value, std::nullopt));
        return std::optional<ConnectRecord>(std::move(record));
      }
      SLUICE_ASSIGN_OR_RETURN(const MapEntries* map, RequireMap(data.value, kPurpose));
      MapEntries updated = *map;
      const Value* original = MapFind(*map, field_);
      SLUICE_ASSIGN_OR_RETURN(Value converted,
                              Convert(original ? *original : Value(), std::nullopt));
      MapPut(updated, field_, std::move(converted));
      data.value = Value(std::move(updated));
      return std::optional<ConnectRecord>(std::move(record));
    }

    if (field_.empty()) {
      SLUICE_ASSIGN_OR_RETURN(TimestampType source, TypeFromSchema(*data.schema));
      SLUICE_ASSIGN_OR_RETURN(Value converted, Convert(data.value, source));
      data = {TypeSchema(target_, data.schema->optional), std::move(converted)};
      return std::optional<ConnectRecord>(std::move(record));
    }
    const StructFields* fields = nullptr;
    if (!data.value.is_null()) {
      SLUICE_ASSIGN_OR_RETURN(fields, RequireStruct(data, kPurpose));
    }
    SchemaPtr updated_schema = cache_.Find(data.schema);
    if (!updated_schema) {
      SLUICE_ASSIGN_OR_RETURN(updated_schema, UpdatedSchema(*data.schema));
      cache_.Put(data.schema, updated_schema);
    }
    Value updated;
    if (fields != nullptr) {
      SLUICE_ASSIGN_OR_RETURN(updated, ConvertStruct(*data.schema, *fields));
    }
    data = {std::move(updated_schema), std::move(updated)};
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  Result<SchemaPtr> UpdatedSchema(const Schema& schema) const {
    if (schema.type != SchemaType::kStruct) {
      return DataError("Cannot list fields on non-struct type");
    }
    auto updated = std::make_shared<Schema>();
    updated->type = SchemaType::kStruct;
    CopySchemaBasics(schema, *updated);
    updated->optional = schema.optional;
    for (const Field& field : schema.fields) {
      updated->fields.push_back({field.name, field.name == field_
                                                 ? TypeSchema(target_, field.schema->optional)
                                                 : field.schema});
    }
    if (schema.default_value && schema.default_value->is<StructFields>()) {
      SLUICE_ASSIGN_OR_RETURN(Value converted,
                              ConvertStruct(schema, schema.default_value->as<StructFields>()));
      updated->default_value = std::make_shared<const Value>(std::move(converted));
    }
    return SchemaPtr(std::move(updated));
  }

  Result<Value> ConvertStruct(const Schema& schema, const StructFields& fields) const {
    StructFields updated;
    updated.reserve(schema.fields.size());
    for (const Field& field : schema.fields) {
      Value value = FieldValue(fields, field, replace_null_with_default_);
      if (field.name == field_) {
        SLUICE_ASSIGN_OR_RETURN(TimestampType source, TypeFromSchema(*field.schema));
        SLUICE_ASSIGN_OR_RETURN(value, Convert(value, source));
      }
      updated.emplace_back(field.name, std::move(value));
    }
    return Value(std::move(updated));
  }

  // `source` nullopt: inferred from the value (schemaless).
  Result<Value> Convert(const Value& value, std::optional<TimestampType> source) const {
    if (value.is_null()) return Value();
    if (!source) {
      SLUICE_ASSIGN_OR_RETURN(source, InferType(value));
    }
    SLUICE_ASSIGN_OR_RETURN(int64_t raw, ToRaw(*source, value));
    return FromRaw(raw);
  }

  // The instant in milliseconds since the epoch.
  Result<int64_t> ToRaw(TimestampType source, const Value& value) const {
    auto expected = [&](const std::string& what) {
      return DataError("Expected " + what + ", but found class " + JavaClassName(nullptr, value));
    };
    switch (source) {
      case TimestampType::kString: {
        if (!value.is<std::string>()) return expected("string timestamp to be a String");
        if (!format_) {
          return DataError(
              "TimestampConverter requires format option to be specified when using string "
              "timestamps");
        }
        auto parsed = format_->Parse(value.as<std::string>());
        if (!parsed) {
          return DataError("Could not parse timestamp: value (" + value.as<std::string>() +
                           ") does not match pattern (" + format_->pattern() + ")");
        }
        return *parsed;
      }
      case TimestampType::kUnix: {
        if (!value.is<int64_t>()) return expected("Unix timestamp to be a Long");
        const int64_t v = value.as<int64_t>();
        switch (precision_) {
          case UnixPrecision::kSeconds:
            return SaturatingMultiply(v, 1000);
          case UnixPrecision::kMicroseconds:
            return v / 1000;
          case UnixPrecision::kNanoseconds:
            return v / 1'000'000;
          case UnixPrecision::kMilliseconds:
            return v;
        }
        return v;
      }
      case TimestampType::kDate:
        if (!value.is<int64_t>()) return expected("Date to be a java.util.Date");
        return SaturatingMultiply(value.as<int64_t>(), kMillisPerDay);
      case TimestampType::kTime:
        if (!value.is<int64_t>()) return expected("Time to be a java.util.Date");
        return value.as<int64_t>();
      case TimestampType::kTimestamp:
        if (!value.is<int64_t>()) return expected("Timestamp to be a java.util.Date");
        return value.as<int64_t>();
    }
    return value.as<int64_t>();
  }

  Value FromRaw(int64_t raw) const {
    switch (target_) {
      case TimestampType::kString:
        return Value(format_->Format(raw));
      case TimestampType::kUnix:
        switch (precision_) {
          case UnixPrecision::kSeconds:
            return Value(raw / 1000);
          case UnixPrecision::kMicroseconds:
            return Value(SaturatingMultiply(raw, 1000));
          case UnixPrecision::kNanoseconds:
            return Value(SaturatingMultiply(raw, 1'000'000));
          case UnixPrecision::kMilliseconds:
            return Value(raw);
        }
        return Value(raw);
      case TimestampType::kDate:
        return Value(FloorDiv(raw, kMillisPerDay));
      case TimestampType::kTime:
        return Value(raw - FloorDiv(raw, kMillisPerDay) * kMillisPerDay);
      case TimestampType::kTimestamp:
        return Value(raw);
    }
    return Value(raw);
  }

  RecordPart part_;
  std::string field_;
  TimestampType target_ = TimestampType::kTimestamp;
  UnixPrecision precision_ = UnixPrecision::kMilliseconds;
  std::optional<SimpleDateFormat> format_;
  bool replace_null_with_default_ = true;
  SchemaCache cache_;
};

}  // namespace

TransformationKind TimestampConverterKind() {
  return {"TimestampConverter", true, &Definition,
          [](RecordPart part) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<TimestampConverter>(part);
          }};
}

}  // namespace sluice::transforms
