#include "data/json_converter.h"

#include <algorithm>
#include <stdexcept>

namespace sluice::data {
namespace {

constexpr const char* kSchemasEnable = "schemas.enable";
constexpr const char* kSchemasCacheSize = "schemas.cache.size";
constexpr const char* kDecimalFormat = "decimal.format";
constexpr const char* kReplaceNullWithDefault = "replace.null.with.default";

}  // namespace

const ConfigDef& JsonConverter::Definition() {
  static const ConfigDef def = [] {
    ConfigDef d = NewConverterConfigDef();
    d.Define(kSchemasEnable, ConfigType::kBoolean, "true", {}, Importance::kHigh,
             "Include schemas within each of the serialized values and keys.", "Schemas", 0,
             Width::kMedium, "Enable Schemas");
    d.Define(kSchemasCacheSize, ConfigType::kInt, "1000", ConfigValidator::AtLeast(0),
             Importance::kHigh,
             "The maximum number of schemas that can be cached in this converter instance.",
             "Schemas", 1, Width::kMedium, "Schema Cache Size");
    d.Define(kDecimalFormat, ConfigType::kString, "BASE64",
             ConfigValidator::OneOf({"BASE64", "NUMERIC"}, /*case_insensitive=*/true),
             Importance::kLow,
             "Controls which format this converter will serialize decimals in. This value is "
             "case insensitive and can be either 'BASE64' (default) or 'NUMERIC'",
             "Serialization", 0, Width::kMedium, "Decimal Format");
    d.Define(kReplaceNullWithDefault, ConfigType::kBoolean, "true", {}, Importance::kLow,
             "Whether to replace fields that have a default value and that are null to the "
             "default value. When set to true, the default value is used, otherwise null is used.",
             "Serialization", 1, Width::kMedium, "Replace null with default");
    return d;
  }();
  return def;
}

Status JsonConverter::Configure(const ConverterConfig& config, bool is_key) {
  return ConfigureAs(config, is_key ? ConverterRole::kKey : ConverterRole::kValue);
}

Status JsonConverter::Configure(const ConverterConfig& config) {
  return ConfigureAs(config, ConverterRole::kHeader);
}

Status JsonConverter::ConfigureAs(const ConverterConfig& config, ConverterRole role) {
  Config c;
  SLUICE_RETURN_IF_ERROR(ValidateConverterConfig(kClassName, Definition(), config, role, &c));
  schemas_enable_ = c.GetBool(kSchemasEnable);
  options_.replace_null_with_default = c.GetBool(kReplaceNullWithDefault);
  options_.decimal_format =
      config_detail::Lower(config_detail::Trim(c.GetString(kDecimalFormat))) == "numeric"
          ? envelope::DecimalFormat::kNumeric
          : envelope::DecimalFormat::kBase64;
  const auto cache_size = static_cast<size_t>(c.GetInt(kSchemasCacheSize));
  schema_text_cache_.Reset(cache_size);
  schema_cache_.Reset(cache_size);
  remember_prefixes_ = cache_size > 0;
  std::lock_guard<std::mutex> lock(prefixes_mu_);
  prefixes_.clear();
  return Status::OK();
}

std::shared_ptr<const std::string> JsonConverter::SchemaJson(const SchemaPtr& schema) {
  if (auto cached = schema_text_cache_.Get(schema.get())) return cached->text;
  auto text = std::make_shared<const std::string>(envelope::SchemaToJson(*schema, options_));
  schema_text_cache_.Put(schema.get(), SchemaText{schema, text});
  return text;
}

SchemaPtr JsonConverter::SchemaFromJson(const envelope::Json& json) {
  if (json.is_null()) return nullptr;
  if (auto cached = schema_cache_.Get(json)) return *cached;
  SchemaPtr schema = envelope::SchemaFromJson(json);
  schema_cache_.Put(json, schema);
  return schema;
}

void JsonConverter::WriteJson(const SchemaAndValue& data, std::string& out) {
  out.clear();
  if (schemas_enable_) {
    if (data.schema) {
      auto schema_json = SchemaJson(data.schema);
      out.reserve(schema_json->size() + 32);
      envelope::AppendEnvelope(out, *schema_json, data.schema.get(), data.value, options_);
    } else {
      envelope::AppendEnvelope(out, "null", nullptr, data.value, options_);
    }
  } else {
    envelope::AppendValueJson(out, data.schema.get(), data.value, options_);
  }
}

Result<std::optional<std::string>> JsonConverter::FromConnectData(const std::string&,
                                                                  const SchemaAndValue& data) {
  if (!data.schema && data.value.is_null()) return std::optional<std::string>();
  try {
    std::string out;
    WriteJson(data, out);
    return std::optional<std::string>(std::move(out));
  } catch (const std::invalid_argument& e) {
    return Status::InvalidArgument(e.what());
  }
}

Status JsonConverter::FromConnectDataInto(const std::string&, const SchemaAndValue& data,
                                          std::optional<std::string>& out) {
  if (!data.schema && data.value.is_null()) {
    out.reset();
    return Status::OK();
  }
  if (!out) out.emplace();
  try {
    WriteJson(data, *out);  // into the buffer of the record before
    return Status::OK();
  } catch (const std::invalid_argument& e) {
    out.reset();
    return Status::InvalidArgument(e.what());
  }
}

Result<SchemaAndValue> JsonConverter::ToConnectData(const std::string& topic,
                                                    const std::optional<std::string>& bytes) {
  SchemaAndValue out;
  SLUICE_RETURN_IF_ERROR(ToConnectDataInto(topic, bytes, out));
  return out;
}

Status JsonConverter::ToConnectDataInto(const std::string&, const std::optional<std::string>& bytes,
                                        SchemaAndValue& out) {
  if (!bytes) {  // a tombstone
    out = SchemaAndValue{};
    return Status::OK();
  }
  if (schemas_enable_) {
    if (auto known = MatchKnownPrefix(*bytes)) {
      // A string payload (most records of text topics) is read straight into `out`'s buffer.
      const std::string_view payload(bytes->data() + known->text.size(),
                                     bytes->size() - known->text.size() - 1);
      if (known->schema && known->schema->type == SchemaType::kString) {
        if (!out.value.is<std::string>()) out.value = Value(std::string());
        if (envelope::detail::ReadAsciiJsonString(payload, out.value.as<std::string>())) {
          if (out.schema != known->schema) out.schema = known->schema;
          known_prefix_reads_.fetch_add(1, std::memory_order_relaxed);
          return Status::OK();
        }
      }
      if (auto read = ReadWithKnownPrefix(*known, payload)) {
        if (!read->ok()) return read->status();
        out = std::move(**read);
        return Status::OK();
      }
    }
  }
  try {
    envelope::Json root = envelope::ParseJson(*bytes);
    if (!schemas_enable_) {
      out = SchemaAndValue{nullptr, envelope::ValueFromJson(nullptr, root)};
      return Status::OK();
    }
    envelope::EnvelopeParts parts = envelope::SplitEnvelope(root);
    SchemaAndValue result;
    result.schema = SchemaFromJson(*parts.schema);
    result.value = envelope::ValueFromJson(result.schema.get(), *parts.payload, options_);
    RememberPrefix(result.schema);
    out = std::move(result);
    return Status::OK();
  } catch (const std::invalid_argument& e) {
    return Status::InvalidArgument(e.what());
  }
}

// Most records of a topic carry the same schema, and parsing it dominates reading them. When a
// record is <known prefix><payload>} and <payload> is one JSON value, the record is exactly the
// envelope of that schema and payload, so the schema need not be read again. Any other record
// (other spacing, another schema, an invalid payload) takes the full path.
std::shared_ptr<const JsonConverter::KnownPrefix> JsonConverter::MatchKnownPrefix(
    const std::string& bytes) {
  if (bytes.empty() || bytes.back() != '}') return nullptr;
  std::lock_guard<std::mutex> lock(prefixes_mu_);
  for (size_t i = 0; i < prefixes_.size(); ++i) {
    const std::string& prefix = prefixes_[i]->text;
    if (prefixes_[i]->usable && bytes.size() > prefix.size() &&
        bytes.compare(0, prefix.size(), prefix) == 0) {
      std::rotate(prefixes_.begin(), prefixes_.begin() + static_cast<std::ptrdiff_t>(i),
                  prefixes_.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return prefixes_.front();
    }
  }
  return nullptr;
}

std::optional<Result<SchemaAndValue>> JsonConverter::ReadWithKnownPrefix(
    const KnownPrefix& known, std::string_view payload_text) {
  envelope::Json payload;
  try {
    payload = envelope::ParseJson(payload_text);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
  if (payload.is_discarded()) return std::nullopt;
  known_prefix_reads_.fetch_add(1, std::memory_order_relaxed);
  try {
    return Result<SchemaAndValue>(SchemaAndValue{
        known.schema, envelope::ValueFromJson(known.schema.get(), payload, options_)});
  } catch (const std::invalid_argument& e) {
    return Result<SchemaAndValue>(Status::InvalidArgument(e.what()));
  }
}

void JsonConverter::RememberPrefix(const SchemaPtr& schema) {
  if (!remember_prefixes_) return;
  {
    std::lock_guard<std::mutex> lock(prefixes_mu_);
    for (const auto& p : prefixes_) {
      if (SchemaEquals(p->schema, schema)) return;  // known, whether or not records match it
    }
  }
  auto known = std::make_shared<KnownPrefix>();
  known->schema = schema;
  // A schema that was just read writes without error; should it not, it is simply not usable.
  std::string schema_text = "null";
  try {
    if (schema) schema_text = envelope::SchemaToJson(*schema, options_);
  } catch (const std::invalid_argument&) {
    return;
  }
  known->text = "{\"schema\":" + schema_text + ",\"payload\":";
  // Only a schema that reads back from its own text as itself may stand for that text.
  try {
    known->usable =
        !schema || SchemaEquals(envelope::SchemaFromJson(envelope::ParseJson(schema_text)), schema);
  } catch (const std::invalid_argument&) {
    known->usable = false;
  }
  std::lock_guard<std::mutex> lock(prefixes_mu_);
  prefixes_.insert(prefixes_.begin(), std::move(known));
  if (prefixes_.size() > kKnownPrefixes) prefixes_.pop_back();
}

Result<std::optional<std::string>> JsonConverter::FromConnectHeader(const std::string& topic,
                                                                    const std::string&,
                                                                    const SchemaAndValue& header) {
  return FromConnectData(topic, header);
}

Result<SchemaAndValue> JsonConverter::ToConnectHeader(const std::string& topic, const std::string&,
                                                      const std::optional<std::string>& bytes) {
  return ToConnectData(topic, bytes);
}

}  // namespace sluice::data
