#include "data/string_converter.h"

#include <stdexcept>

#include "data/values.h"
#include "sluice/envelope.h"

namespace sluice::data {
namespace {

constexpr const char* kEncoding = "converter.encoding";

// Decodes UTF-8 for re-encoding; a malformed sequence reads as U+FFFD, as Java decodes it.
template <typename Emit>
void ForEachCodePoint(const std::string& s, Emit emit) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      emit(c);
      ++i;
      continue;
    }
    const size_t n = envelope::detail::Utf8SequenceLength(s, i);
    if (n == 0) {
      emit(0xFFFD);
      ++i;
      continue;
    }
    uint32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    emit(cp);
    i += n;
  }
}

// Java's encoders write '?' for a character the charset cannot hold.
std::string EncodeSingleByte(const std::string& utf8, uint32_t max) {
  std::string out;
  out.reserve(utf8.size());
  ForEachCodePoint(utf8,
                   [&](uint32_t cp) { out.push_back(cp <= max ? static_cast<char>(cp) : '?'); });
  return out;
}

std::string DecodeSingleByte(const std::string& bytes, uint32_t max) {
  std::string out;
  out.reserve(bytes.size());
  for (char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b > max) {
      out += "\xEF\xBF\xBD";  // U+FFFD, as Java decodes a byte outside US-ASCII
    } else if (b < 0x80) {
      out.push_back(ch);
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  return out;
}

}  // namespace

const ConfigDef& StringConverter::Definition() {
  static const ConfigDef def = [] {
    ConfigDef d = NewConverterConfigDef();
    d.Define(kEncoding, ConfigType::kString, "UTF-8", {}, Importance::kHigh,
             "The name of the Java character set to use for encoding strings as byte arrays.",
             std::nullopt, -1, Width::kMedium, "Encoding");
    return d;
  }();
  return def;
}

Status StringConverter::Configure(const ConverterConfig& config, bool is_key) {
  return ConfigureAs(config, is_key ? ConverterRole::kKey : ConverterRole::kValue);
}

Status StringConverter::Configure(const ConverterConfig& config) {
  return ConfigureAs(config, ConverterRole::kHeader);
}

Status StringConverter::ConfigureAs(const ConverterConfig& config, ConverterRole role) {
  Config c;
  SLUICE_RETURN_IF_ERROR(ValidateConverterConfig(kClassName, Definition(), config, role, &c));
  const std::string name = c.GetString(kEncoding);
  // Java's canonical names and the usual aliases, case-insensitive.
  const std::string key = config_detail::Lower(config_detail::Trim(name));
  if (key == "utf-8" || key == "utf8") {
    encoding_ = Encoding::kUtf8;
  } else if (key == "iso-8859-1" || key == "iso8859_1" || key == "iso_8859_1" || key == "latin1" ||
             key == "iso-latin-1") {
    encoding_ = Encoding::kIso8859_1;
  } else if (key == "us-ascii" || key == "ascii") {
    encoding_ = Encoding::kUsAscii;
  } else {
    return Status::InvalidArgument(
        "Invalid configuration for " + std::string(kClassName) + ": Invalid value " + name +
        " for configuration " + kEncoding +
        ": Unsupported encoding (supported: UTF-8, ISO-8859-1, US-ASCII)");
  }
  return Status::OK();
}

Result<std::optional<std::string>> StringConverter::FromConnectData(const std::string&,
                                                                    const SchemaAndValue& data) {
  if (data.value.is_null()) return std::optional<std::string>();
  try {
    if (encoding_ == Encoding::kUtf8) {
      if (data.value.is<std::string>())
        return std::optional<std::string>(data.value.as<std::string>());
      return std::optional<std::string>(ConvertToString(data.schema.get(), data.value));
    }
    const std::string text = ConvertToString(data.schema.get(), data.value);
    return std::optional<std::string>(
        EncodeSingleByte(text, encoding_ == Encoding::kIso8859_1 ? 0xFF : 0x7F));
  } catch (const std::invalid_argument& e) {
    return Status::InvalidArgument(std::string("Failed to serialize to a string: ") + e.what());
  }
}

Result<SchemaAndValue> StringConverter::ToConnectData(const std::string&,
                                                      const std::optional<std::string>& bytes) {
  if (!bytes) return SchemaAndValue{Schema::OptionalString(), Value()};
  if (encoding_ == Encoding::kUtf8) return SchemaAndValue{Schema::OptionalString(), Value(*bytes)};
  return SchemaAndValue{
      Schema::OptionalString(),
      Value(DecodeSingleByte(*bytes, encoding_ == Encoding::kIso8859_1 ? 0xFF : 0x7F))};
}

Status StringConverter::FromConnectDataInto(const std::string& topic, const SchemaAndValue& data,
                                            std::optional<std::string>& out) {
  if (data.value.is_null()) {
    out.reset();
    return Status::OK();
  }
  if (encoding_ == Encoding::kUtf8 && data.value.is<std::string>()) {
    const std::string& text = data.value.as<std::string>();
    if (out) {
      out->assign(text);
    } else {
      out.emplace(text);
    }
    return Status::OK();
  }
  SLUICE_ASSIGN_OR_RETURN(out, FromConnectData(topic, data));
  return Status::OK();
}

Status StringConverter::ToConnectDataInto(const std::string& topic,
                                          const std::optional<std::string>& bytes,
                                          SchemaAndValue& out) {
  if (!bytes) {
    if (out.schema != Schema::OptionalString()) out.schema = Schema::OptionalString();
    if (!out.value.is_null()) out.value = Value();
    return Status::OK();
  }
  if (encoding_ == Encoding::kUtf8) {
    if (out.schema != Schema::OptionalString()) out.schema = Schema::OptionalString();
    if (out.value.is<std::string>()) {
      out.value.as<std::string>().assign(*bytes);
    } else {
      out.value = Value(*bytes);
    }
    return Status::OK();
  }
  SLUICE_ASSIGN_OR_RETURN(out, ToConnectData(topic, bytes));
  return Status::OK();
}

Result<std::optional<std::string>> StringConverter::FromConnectHeader(
    const std::string& topic, const std::string&, const SchemaAndValue& header) {
  return FromConnectData(topic, header);
}

Result<SchemaAndValue> StringConverter::ToConnectHeader(const std::string& topic,
                                                        const std::string&,
                                                        const std::optional<std::string>& bytes) {
  return ToConnectData(topic, bytes);
}

}  // namespace sluice::data
