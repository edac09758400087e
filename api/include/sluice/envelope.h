// Connect data as Kafka's JsonConverter writes it with schemas.enable=true:
// {"schema": <schema or null>, "payload": <value>}, byte for byte as Kafka (Jackson) writes it.
//
// Header-only: plugins use it through abi_data.h and link nothing but nlohmann_json. Writing is
// done by hand, straight into a string, because Jackson's output has details that a JSON library
// does not reproduce (Java's float formatting, "\u001F" in upper case, "NaN" as a string) and
// because it is on the per-record path. Reading goes through nlohmann's parser.
//
// Errors throw std::invalid_argument carrying the text of Kafka's DataException.
//
// The schema JSON follows JsonConverter.asJsonSchema field for field: "type" first; then "items"
// (array), "keys" and "values" (map) or "fields" (struct; each a field schema followed by
// "field": <name>); then "optional", "name", "version", "doc", "parameters", "default".
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sluice/data.h"

namespace sluice::envelope {

// Parsed JSON keeps the document's member order, as Jackson's ObjectNode does.
using Json = nlohmann::ordered_json;

enum class DecimalFormat { kBase64, kNumeric };

// The JsonConverter settings that change the codec (decimal.format, replace.null.with.default).
struct Options {
  DecimalFormat decimal_format = DecimalFormat::kBase64;
  bool replace_null_with_default = true;
};

inline constexpr const char* kEnvelopeError =
    "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not "
    "contain additional fields. If you are trying to deserialize plain JSON data, set "
    "schemas.enable=false in your converter configuration.";
inline constexpr const char* kParseErrorPrefix =
    "Converting byte[] to Kafka Connect data failed due to serialization error: ";

// JsonSchema's type names: "int32", "float" (FLOAT32), "double" (FLOAT64), "struct" ...
inline const char* JsonTypeName(SchemaType type) {
  static constexpr const char* kNames[] = {"int8",  "int16",  "int32",   "int64",
                                           "float", "double", "boolean", "string",
                                           "bytes", "array",  "map",     "struct"};
  static_assert(std::size(kNames) == static_cast<size_t>(SchemaType::kStruct) + 1);
  return kNames[static_cast<size_t>(type)];
}

inline std::optional<SchemaType> SchemaTypeFromJsonName(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(SchemaType::kStruct); ++i) {
    auto type = static_cast<SchemaType>(i);
    if (name == JsonTypeName(type)) return type;
  }
  return std::nullopt;
}

// --- base64 (java.util.Base64 / Jackson: standard alphabet, padded) ------------------------------

inline void AppendBase64(std::string& out, const uint8_t* data, size_t len) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 3 <= len; i += 3) {
    uint32_t n = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  if (len - i == 1) {
    uint32_t n = uint32_t{data[i]} << 16;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out += "==";
  } else if (len - i == 2) {
    uint32_t n = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back('=');
  }
}

inline std::string Base64Encode(const Bytes& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  AppendBase64(out, bytes.data(), bytes.size());
  return out;
}

// Decodes standard base64; padding may be left out. nullopt on any other character or length.
inline std::optional<Bytes> Base64Decode(std::string_view text) {
  auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  size_t len = text.size();
  if (len % 4 == 0 && len >= 4) {
    if (text[len - 1] == '=') --len;
    if (text[len - 1] == '=') --len;
  }
  if (len % 4 == 1) return std::nullopt;
  Bytes out;
  out.reserve(len * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; ++i) {
    int v = sextet(text[i]);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
    }
  }
  return out;
}

// --- numbers as Java prints them ---------------------------------------------------------------

namespace detail {

// Java's Double.toString/Float.toString (JDK 19+): the shortest decimal that reads back as the
// same value, but never a single digit when two digits are closer (Double.MIN_VALUE is
// "4.9E-324"); plain between 1E-3 and 1E7 ("100.0", "0.001"), else "1.0E10" / "1.0E-5".
template <typename F>
std::string JavaFloatingToString(F v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  auto split = [](const std::string& s, std::string& digits, int& exp) {
    size_t e = s.find('e');
    digits.clear();
    for (size_t i = 0; i < e; ++i) {
      if (s[i] >= '0' && s[i] <= '9') digits.push_back(s[i]);
    }
    exp = std::stoi(s.substr(e + 1));
  };
  std::string digits;
  int exp = 0;
  split(sci, digits, exp);
  if (digits.size() == 1) {
    res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, 1);
    F back{};
    std::from_chars(buf, res.ptr, back, std::chars_format::scientific);
    if (back == v) split(std::string(buf, res.ptr), digits, exp);
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  }
  std::string out = std::signbit(v) ? "-" : "";
  if (exp >= -3 && exp < 7) {
    if (exp >= 0) {
      const size_t int_len = static_cast<size_t>(exp) + 1;
      if (digits.size() <= int_len) {
        out += digits + std::string(int_len - digits.size(), '0') + ".0";
      } else {
        out += digits.substr(0, int_len) + "." + digits.substr(int_len);
      }
    } else {
      out += "0." + std::string(static_cast<size_t>(-exp - 1), '0') + digits;
    }
    return out;
  }
  out += digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0");
  return out + "E" + std::to_string(exp);
}

}  // namespace detail

inline std::string JavaDoubleToString(double v) {
  return detail::JavaFloatingToString(v);
}
inline std::string JavaFloatToString(float v) {
  return detail::JavaFloatingToString(v);
}

// --- writing JSON as Jackson does ----------------------------------------------------------------

namespace detail {

// Length of the well-formed UTF-8 sequence at s[i], or 0.
inline size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return k < s.size() && byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned c = byte(i);
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

}  // namespace detail

// A JSON string as Jackson writes one: '"' and '\\' escaped, \b \t \n \f \r by letter, other
// control characters as \u00XX (upper-case hex), everything else as UTF-8. A byte that is not
// valid UTF-8 becomes U+FFFD, as decoding the bytes into a Java string would have made it.
namespace detail {
// The bytes a JSON string writer must look at: control characters, '"', '\\' and every byte of
// a UTF-8 sequence (checked for validity). Everything else is copied as it is.
inline constexpr std::array<bool, 256> kJsonStringAttention = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\';
  return t;
}();

// The first byte from `p` on that needs attention (kJsonStringAttention), or `end`. Eight bytes
// at a time: a word is looked at byte by byte only when one of its bytes is a quote, a backslash,
// below 0x20 or at 0x80 and above (the tests may flag a later byte of a word too, never miss one).
inline const char* SkipPlainJsonBytes(const char* p, const char* end) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero_byte = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    const uint64_t attention = has_zero_byte(w ^ (kOnes * '"')) |
                               has_zero_byte(w ^ (kOnes * '\\')) |
                               ((w - kOnes * 0x20) & ~w & kHigh) | (w & kHigh);
    if (attention != 0) break;
    p += 8;
  }
  while (p < end && !kJsonStringAttention[static_cast<unsigned char>(*p)]) ++p;
  return p;
}
}  // namespace detail

inline void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (!detail::kJsonStringAttention[c]) {
      i = static_cast<size_t>(detail::SkipPlainJsonBytes(s.data() + i, s.data() + s.size()) -
                              s.data());
      continue;
    }
    if (c >= 0x80) {
      if (size_t n = detail::Utf8SequenceLength(s, i)) {
        i += n;
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out += "\xEF\xBF\xBD";  // U+FFFD
        }
    }
    run = ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

namespace detail {

// Reads `text` as exactly one JSON string, unescaped into `out`, for the common case only: ASCII
// text with the standard escapes (\uXXXX included, surrogate pairs combined). False for anything
// else (a control character, a byte of 0x80 or more, an invalid escape, trailing bytes), which the
// caller then reads with the full parser, so that its errors and checks apply.
inline bool ReadAsciiJsonString(std::string_view text, std::string& out) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return false;
  out.clear();
  const char* p = text.data() + 1;
  const char* const end = text.data() + text.size() - 1;  // the closing quote
  auto hex4 = [](const char* h, uint32_t& v) {
    v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = h[k];
      v <<= 4;
      if (c >= '0' && c <= '9') {
        v |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        v |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
    }
    return true;
  };
  auto append_utf8 = [&](uint32_t cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  };
  const char* run = p;
  while (p < end) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if (!kJsonStringAttention[c]) {
      p = SkipPlainJsonBytes(p, end);
      continue;
    }
    if (c != '\\') return false;  // '"' inside, a control character or a non-ASCII byte
    out.append(run, p);
    if (end - p < 2) return false;
    const char e = p[1];
    p += 2;
    switch (e) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '/':
        out.push_back('/');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        uint32_t cp;
        if (end - p < 4 || !hex4(p, cp)) return false;
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // a high surrogate: its low one must follow
          uint32_t low;
          if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !hex4(p + 2, low) || low < 0xDC00 ||
              low > 0xDFFF) {
            return false;
          }
          p += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return false;  // a lone low surrogate
        }
        append_utf8(cp);
        break;
      }
      default:
        return false;
    }
    run = p;
  }
  out.append(run, end);
  return true;
}

inline void AppendInteger(std::string& out, int64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

// Jackson writes NaN and the infinities as strings (QUOTE_NON_NUMERIC_NUMBERS).
template <typename F>
void AppendJavaFloating(std::string& out, F v) {
  if (std::isfinite(v)) {
    out += JavaFloatingToString(v);
  } else {
    out += '"' + JavaFloatingToString(v) + '"';
  }
}

// The kind of value a Value holds, in the order of Value::Storage's alternatives.
inline const char* ValueKindName(const Value& v) {
  static constexpr const char* kNames[] = {"null",  "boolean", "int64", "double", "string",
                                           "bytes", "array",   "map",   "struct"};
  static_assert(std::size(kNames) == std::variant_size_v<Value::Storage>);
  return kNames[v.v.index()];
}

[[noreturn]] inline void InvalidType(const Schema& schema, const Value& value) {
  throw std::invalid_argument("Invalid type for " + std::string(SchemaTypeName(schema.type)) +
                              ": " + ValueKindName(value));
}

inline void CheckRange(const Schema& schema, int64_t v) {
  int64_t lo = INT64_MIN, hi = INT64_MAX;
  switch (schema.type) {
    case SchemaType::kInt8:
      lo = INT8_MIN, hi = INT8_MAX;
      break;
    case SchemaType::kInt16:
      lo = INT16_MIN, hi = INT16_MAX;
      break;
    case SchemaType::kInt32:
      lo = INT32_MIN, hi = INT32_MAX;
      break;
    default:
      break;
  }
  if (v < lo || v > hi) {
    throw std::invalid_argument("Value " + std::to_string(v) + " out of range for " +
                                SchemaTypeName(schema.type));
  }
}

// Writes a logical value; false when the schema's name is no logical type Sluice knows.
inline bool AppendLogicalJson(std::string& out, const Schema& schema, const Value& value,
                              const Options& options) {
  const std::string& name = *schema.name;
  if (name == kDecimalLogicalName) {
    if (!value.is<Bytes>()) {
      throw std::invalid_argument(std::string("Invalid type for Decimal, expected bytes but was ") +
                                  ValueKindName(value));
    }
    if (options.decimal_format == DecimalFormat::kNumeric) {
      out += decimal::Format(value.as<Bytes>(), decimal::Scale(schema));
    } else {
      out.push_back('"');
      AppendBase64(out, value.as<Bytes>().data(), value.as<Bytes>().size());
      out.push_back('"');
    }
    return true;
  }
  const char* logical = name == kDateLogicalName        ? "Date"
                        : name == kTimeLogicalName      ? "Time"
                        : name == kTimestampLogicalName ? "Timestamp"
                                                        : nullptr;
  if (logical == nullptr) return false;
  if (!value.is<int64_t>()) {
    throw std::invalid_argument(std::string("Invalid type for ") + logical +
                                ", expected int64 but was " + ValueKindName(value));
  }
  CheckRange(schema, value.as<int64_t>());
  AppendInteger(out, value.as<int64_t>());
  return true;
}

}  // namespace detail

inline void AppendValueJson(std::string& out, const Schema* schema, const Value& value,
                            const Options& options = {});

namespace detail {

inline void AppendSchemalessJson(std::string& out, const Value& value, const Options& options) {
  if (value.is_null()) {
    out += "null";
  } else if (value.is<bool>()) {
    out += value.as<bool>() ? "true" : "false";
  } else if (value.is<int64_t>()) {
    AppendInteger(out, value.as<int64_t>());
  } else if (value.is<double>()) {
    AppendJavaFloating(out, value.as<double>());
  } else if (value.is<std::string>()) {
    AppendJsonString(out, value.as<std::string>());
  } else if (value.is<Bytes>()) {
    out.push_back('"');
    AppendBase64(out, value.as<Bytes>().data(), value.as<Bytes>().size());
    out.push_back('"');
  } else if (value.is<Array>()) {
    out.push_back('[');
    bool first = true;
    for (const auto& item : value.as<Array>()) {
      if (!first) out.push_back(',');
      first = false;
      AppendSchemalessJson(out, item, options);
    }
    out.push_back(']');
  } else if (value.is<MapEntries>()) {
    // An object when every key is a string, else an array of [key, value] pairs.
    const auto& entries = value.as<MapEntries>();
    bool object_mode = true;
    for (const auto& [k, v] : entries) object_mode = object_mode && k.is<std::string>();
    out.push_back(object_mode ? '{' : '[');
    bool first = true;
    for (const auto& [k, v] : entries) {
      if (!first) out.push_back(',');
      first = false;
      if (object_mode) {
        AppendJsonString(out, k.as<std::string>());
        out.push_back(':');
        AppendSchemalessJson(out, v, options);
      } else {
        out.push_back('[');
        AppendSchemalessJson(out, k, options);
        out.push_back(',');
        AppendSchemalessJson(out, v, options);
        out.push_back(']');
      }
    }
    out.push_back(object_mode ? '}' : ']');
  } else {
    // Kafka cannot write a struct without its schema; Sluice writes its fields as an object.
    out.push_back('{');
    bool first = true;
    for (const auto& [name, v] : value.as<StructFields>()) {
      if (!first) out.push_back(',');
      first = false;
      AppendJsonString(out, name);
      out.push_back(':');
      AppendSchemalessJson(out, v, options);
    }
    out.push_back('}');
  }
}

inline void AppendStructJson(std::string& out, const Schema& schema, const StructFields& fields,
                             const Options& options) {
  // Fast path: the value holds the schema's fields in the schema's order.
  bool aligned = fields.size() == schema.fields.size();
  for (size_t i = 0; aligned && i < fields.size(); ++i) {
    aligned = fields[i].first == schema.fields[i].name;
  }
  if (!aligned) {
    for (const auto& [name, v] : fields) {
      if (schema.field(name) == nullptr) {
        throw std::invalid_argument(name + " is not a valid field name");
      }
    }
  }
  static const Value kNull;
  out.push_back('{');
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const Field& field = schema.fields[i];
    const Value* v = nullptr;
    if (aligned) {
      v = &fields[i].second;
    } else {
      for (const auto& [name, candidate] : fields) {
        if (name == field.name) v = &candidate;
      }
    }
    if (i != 0) out.push_back(',');
    AppendJsonString(out, field.name);
    out.push_back(':');
    AppendValueJson(out, field.schema.get(), v ? *v : kNull, options);
  }
  out.push_back('}');
}

}  // namespace detail

// Writes `value` as JsonConverter.convertToJson does; a null schema writes it schemaless.
inline void AppendValueJson(std::string& out, const Schema* schema, const Value& value,
                            const Options& options) {
  if (schema == nullptr) return detail::AppendSchemalessJson(out, value, options);
  if (value.is_null()) {
    if (schema->default_value && options.replace_null_with_default) {
      return AppendValueJson(out, schema, *schema->default_value, options);
    }
    if (schema->optional) {
      out += "null";
      return;
    }
    throw std::invalid_argument(
        "Conversion error: null value for field that is required and has no default value");
  }
  if (schema->name && detail::AppendLogicalJson(out, *schema, value, options)) return;
  switch (schema->type) {
    case SchemaType::kInt8:
    case SchemaType::kInt16:
    case SchemaType::kInt32:
    case SchemaType::kInt64:
      if (!value.is<int64_t>()) detail::InvalidType(*schema, value);
      detail::CheckRange(*schema, value.as<int64_t>());
      detail::AppendInteger(out, value.as<int64_t>());
      return;
    case SchemaType::kFloat32:
      if (!value.is<double>()) detail::InvalidType(*schema, value);
      detail::AppendJavaFloating(out, static_cast<float>(value.as<double>()));
      return;
    case SchemaType::kFloat64:
      if (!value.is<double>()) detail::InvalidType(*schema, value);
      detail::AppendJavaFloating(out, value.as<double>());
      return;
    case SchemaType::kBoolean:
      if (!value.is<bool>()) detail::InvalidType(*schema, value);
      out += value.as<bool>() ? "true" : "false";
      return;
    case SchemaType::kString:
      if (!value.is<std::string>()) detail::InvalidType(*schema, value);
      AppendJsonString(out, value.as<std::string>());
      return;
    case SchemaType::kBytes:
      if (!value.is<Bytes>()) detail::InvalidType(*schema, value);
      out.push_back('"');
      AppendBase64(out, value.as<Bytes>().data(), value.as<Bytes>().size());
      out.push_back('"');
      return;
    case SchemaType::kArray: {
      if (!value.is<Array>()) detail::InvalidType(*schema, value);
      out.push_back('[');
      bool first = true;
      for (const auto& item : value.as<Array>()) {
        if (!first) out.push_back(',');
        first = false;
        AppendValueJson(out, schema->items.get(), item, options);
      }
      out.push_back(']');
      return;
    }
    case SchemaType::kMap: {
      if (!value.is<MapEntries>()) detail::InvalidType(*schema, value);
      const Schema* key_schema = schema->key_schema.get();
      const Schema* value_schema = schema->value_schema.get();
      // String keys make a JSON object; any other key type an array of [key, value] pairs.
      const bool object_mode = key_schema != nullptr && key_schema->type == SchemaType::kString;
      out.push_back(object_mode ? '{' : '[');
      bool first = true;
      for (const auto& [k, v] : value.as<MapEntries>()) {
        if (!first) out.push_back(',');
        first = false;
        if (object_mode) {
          const Value& key =
              k.is_null() && key_schema->default_value && options.replace_null_with_default
                  ? *key_schema->default_value
                  : k;
          if (key.is<std::string>()) {
            AppendJsonString(out, key.as<std::string>());
          } else {
            // Jackson's asText() of a null key (optional key schema) is "null"; others throw.
            std::string key_json;
            AppendValueJson(key_json, key_schema, key, options);
            AppendJsonString(out, key_json);
          }
          out.push_back(':');
          AppendValueJson(out, value_schema, v, options);
        } else {
          out.push_back('[');
          AppendValueJson(out, key_schema, k, options);
          out.push_back(',');
          AppendValueJson(out, value_schema, v, options);
          out.push_back(']');
        }
      }
      out.push_back(object_mode ? '}' : ']');
      return;
    }
    case SchemaType::kStruct:
      if (!value.is<StructFields>()) detail::InvalidType(*schema, value);
      return detail::AppendStructJson(out, *schema, value.as<StructFields>(), options);
  }
}

inline std::string ValueToJson(const Schema* schema, const Value& value,
                               const Options& options = {}) {
  std::string out;
  AppendValueJson(out, schema, value, options);
  return out;
}

// Writes the schema as JsonConverter.asJsonSchema does (see the order at the top of this file).
inline void AppendSchemaJson(std::string& out, const Schema& schema, const Options& options = {}) {
  out += "{\"type\":\"";
  out += JsonTypeName(schema.type);
  out.push_back('"');
  switch (schema.type) {
    case SchemaType::kArray:
      if (!schema.items) {
        throw std::invalid_argument("Array schema did not specify the element type");
      }
      out += ",\"items\":";
      AppendSchemaJson(out, *schema.items, options);
      break;
    case SchemaType::kMap:
      if (!schema.key_schema || !schema.value_schema) {
        throw std::invalid_argument("Map schema did not specify the key and value types");
      }
      out += ",\"keys\":";
      AppendSchemaJson(out, *schema.key_schema, options);
      out += ",\"values\":";
      AppendSchemaJson(out, *schema.value_schema, options);
      break;
    case SchemaType::kStruct:
      out += ",\"fields\":[";
      for (size_t i = 0; i < schema.fields.size(); ++i) {
        if (i != 0) out.push_back(',');
        if (!schema.fields[i].schema) {
          throw std::invalid_argument("field schema for field " + schema.fields[i].name +
                                      " cannot be null.");
        }
        // The field's own schema, then "field": <name> as the last member.
        AppendSchemaJson(out, *schema.fields[i].schema, options);
        out.pop_back();
        out += ",\"field\":";
        AppendJsonString(out, schema.fields[i].name);
        out.push_back('}');
      }
      out.push_back(']');
      break;
    default:
      break;
  }
  out += schema.optional ? ",\"optional\":true" : ",\"optional\":false";
  if (schema.name) {
    out += ",\"name\":";
    AppendJsonString(out, *schema.name);
  }
  if (schema.version) {
    out += ",\"version\":";
    detail::AppendInteger(out, *schema.version);
  }
  if (schema.doc) {
    out += ",\"doc\":";
    AppendJsonString(out, *schema.doc);
  }
  if (!schema.parameters.empty()) {
    out += ",\"parameters\":{";
    bool first = true;
    for (const auto& [k, v] : schema.parameters) {
      if (!first) out.push_back(',');
      first = false;
      AppendJsonString(out, k);
      out.push_back(':');
      AppendJsonString(out, v);
    }
    out.push_back('}');
  }
  if (schema.default_value) {
    out += ",\"default\":";
    AppendValueJson(out, &schema, *schema.default_value, options);
  }
  out.push_back('}');
}

inline std::string SchemaToJson(const Schema& schema, const Options& options = {}) {
  std::string out;
  AppendSchemaJson(out, schema, options);
  return out;
}

// Writes {"schema":<schema_json>,"payload":<value>} around an already written schema (or "null").
// JsonConverter caches the schema text per schema and calls this on the per-record path.
inline void AppendEnvelope(std::string& out, std::string_view schema_json, const Schema* schema,
                           const Value& value, const Options& options = {}) {
  out += "{\"schema\":";
  out += schema_json;
  out += ",\"payload\":";
  AppendValueJson(out, schema, value, options);
  out.push_back('}');
}

// --- reading -----------------------------------------------------------------------------------

namespace detail {

// Marks a binary node that holds the source text of a JSON number that is not an exact integer,
// so that decimals and floats are read from the text, exactly (Jackson's
// USE_BIG_DECIMAL_FOR_FLOATS). JSON text never produces binary nodes, so there is no ambiguity.
inline constexpr std::uint64_t kNumberTextSubtype = 0x4e;  // 'N'

// Builds a Json tree through nlohmann's SAX interface, keeping number text (see above).
class ExactNumberDomBuilder {
 public:
  explicit ExactNumberDomBuilder(Json& root) : root_(root) {}

  bool null() { return Put(nullptr); }
  bool boolean(bool v) { return Put(v); }
  bool number_integer(Json::number_integer_t v) { return Put(v); }
  bool number_unsigned(Json::number_unsigned_t v) { return Put(v); }
  bool number_float(Json::number_float_t, const Json::string_t& text) {
    return Put(
        Json::binary(Json::binary_t::container_type(text.begin(), text.end()), kNumberTextSubtype));
  }
  bool string(Json::string_t& v) { return Put(std::move(v)); }
  bool binary(Json::binary_t& v) { return Put(Json::binary(std::move(v))); }
  bool start_object(std::size_t) {
    stack_.push_back(PutNode(Json::object()));
    return true;
  }
  bool key(Json::string_t& k) {
    member_ = &(*stack_.back())[k];
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    stack_.push_back(PutNode(Json::array()));
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception& e) {
    error_ = e.what();
    return false;
  }
  const std::string& error() const { return error_; }

 private:
  template <typename V>
  bool Put(V&& v) {
    PutNode(Json(std::forward<V>(v)));
    return true;
  }
  // Children are complete before a sibling is added, so these pointers stay valid while used.
  Json* PutNode(Json node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return &root_;
    }
    if (stack_.back()->is_array()) {
      stack_.back()->push_back(std::move(node));
      return &stack_.back()->back();
    }
    *member_ = std::move(node);
    return member_;
  }

  Json& root_;
  std::vector<Json*> stack_;
  Json* member_ = nullptr;
  std::string error_;
};

inline bool IsNumberText(const Json& j) {
  return j.is_binary() && j.get_binary().has_subtype() &&
         j.get_binary().subtype() == kNumberTextSubtype;
}
inline std::string_view NumberText(const Json& j) {
  const auto& b = j.get_binary();
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}
inline bool IsNumber(const Json& j) {
  return j.is_number() || IsNumberText(j);
}

// Jackson's JsonNodeType names, for messages.
inline const char* NodeTypeName(const Json& j) {
  if (IsNumber(j)) return "NUMBER";
  switch (j.type()) {
    case Json::value_t::null:
      return "NULL";
    case Json::value_t::object:
      return "OBJECT";
    case Json::value_t::array:
      return "ARRAY";
    case Json::value_t::string:
      return "STRING";
    case Json::value_t::boolean:
      return "BOOLEAN";
    case Json::value_t::binary:
      return "BINARY";
    case Json::value_t::discarded:
      return "MISSING";
    default:
      return "NUMBER";
  }
}

// The number's exact text: the source text, or the shortest text of a parsed value.
inline std::string NumberAsText(const Json& j) {
  if (IsNumberText(j)) return std::string(NumberText(j));
  if (j.is_number_integer()) return j.dump();
  return JavaDoubleToString(j.get<double>());
}

template <typename F>
F NumberAsFloating(const Json& j) {
  if (IsNumberText(j)) {
    std::string_view text = NumberText(j);
    F v{};
    auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    // Out of range: from_chars leaves v alone; Java's parse gives an infinity or zero.
    if (res.ec == std::errc::result_out_of_range) {
      bool tiny =
          text.find("e-") != std::string_view::npos || text.find("E-") != std::string_view::npos;
      bool negative = !text.empty() && text[0] == '-';
      v = tiny ? F(0) : std::numeric_limits<F>::infinity();
      if (negative) v = -v;
    }
    return v;
  }
  return static_cast<F>(j.get<double>());
}

// An integral JSON number as int64; nullopt when it has a fraction or does not fit.
inline std::optional<int64_t> NumberAsInt64(const Json& j) {
  if (j.is_number_unsigned()) {  // before is_number_integer(), which holds for both
    auto u = j.get<uint64_t>();
    if (u > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (j.is_number_integer()) return j.get<int64_t>();
  // 12.0 and 1e3 are integers too; the decimal parser says so exactly.
  try {
    return decimal::ToUnscaledInt64(decimal::Parse(NumberAsText(j), 0));
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

[[noreturn]] inline void WrongNodeType(const Schema& schema, const char* expected, const Json& j) {
  throw std::invalid_argument("Invalid type for " + std::string(SchemaTypeName(schema.type)) +
                              ": expected " + expected + " but found " + NodeTypeName(j));
}

}  // namespace detail

// Parses JSON text, keeping the exact text of non-integer numbers (see detail above). Throws
// std::invalid_argument with Kafka's serialization error text plus the parser's reason.
inline Json ParseJson(std::string_view text) {
  Json root;
  detail::ExactNumberDomBuilder builder(root);
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Json(Json::value_t::discarded);  // Jackson reads empty input as a MissingNode
  }
  if (!Json::sax_parse(text.begin(), text.end(), &builder)) {
    throw std::invalid_argument(kParseErrorPrefix + builder.error());
  }
  return root;
}

inline Value ValueFromJson(const Schema* schema, const Json& json, const Options& options = {});

namespace detail {

inline Value LogicalFromJson(const Schema& schema, const Json& json, bool& handled) {
  handled = true;
  const std::string& name = *schema.name;
  if (name == kDecimalLogicalName) {
    if (IsNumber(json)) {
      try {
        return Value(decimal::Parse(NumberAsText(json), decimal::Scale(schema)));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("Invalid value for Decimal field: ") + e.what());
      }
    }
    if (json.is_string()) {
      auto bytes = Base64Decode(json.get_ref<const std::string&>());
      if (!bytes || bytes->empty()) throw std::invalid_argument("Invalid bytes for Decimal field");
      return Value(decimal::Normalize(*bytes));
    }
    throw std::invalid_argument(
        std::string("Invalid type for Decimal, underlying representation should be numeric or "
                    "bytes but was ") +
        NodeTypeName(json));
  }
  const bool is_date = name == kDateLogicalName, is_time = name == kTimeLogicalName;
  if (is_date || is_time) {
    auto v = IsNumber(json) ? NumberAsInt64(json) : std::nullopt;
    if (!v || *v < INT32_MIN || *v > INT32_MAX) {
      throw std::invalid_argument(std::string("Invalid type for ") + (is_date ? "Date" : "Time") +
                                  ", underlying representation should be integer but was " +
                                  NodeTypeName(json));
    }
    return Value(*v);
  }
  if (name == kTimestampLogicalName) {
    auto v = IsNumber(json) ? NumberAsInt64(json) : std::nullopt;
    if (!v) {
      throw std::invalid_argument(
          std::string("Invalid type for Timestamp, underlying representation should be integral "
                      "but was ") +
          NodeTypeName(json));
    }
    return Value(*v);
  }
  handled = false;
  return Value();
}

inline Value SchemalessFromJson(const Json& json) {
  if (IsNumberText(json)) return Value(NumberAsFloating<double>(json));
  switch (json.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      return Value();
    case Json::value_t::boolean:
      return Value(json.get<bool>());
    case Json::value_t::number_integer:
      return Value(json.get<int64_t>());
    case Json::value_t::number_unsigned: {
      auto u = json.get<uint64_t>();
      if (u <= static_cast<uint64_t>(INT64_MAX)) return Value(static_cast<int64_t>(u));
      return Value(static_cast<double>(u));
    }
    case Json::value_t::number_float:
      return Value(json.get<double>());
    case Json::value_t::string:
      return Value(json.get<std::string>());
    case Json::value_t::array: {
      Array items;
      items.reserve(json.size());
      for (const auto& item : json) items.push_back(SchemalessFromJson(item));
      return Value(std::move(items));
    }
    case Json::value_t::object: {
      MapEntries entries;
      entries.reserve(json.size());
      for (const auto& [k, v] : json.items()) entries.emplace_back(Value(k), SchemalessFromJson(v));
      return Value(std::move(entries));
    }
    default:
      throw std::invalid_argument(std::string("Unknown schema type: ") + NodeTypeName(json));
  }
}

inline Value StructFromJson(const Schema& schema, const Json& json, const Options& options) {
  if (!json.is_object()) {
    throw std::invalid_argument(
        std::string("Structs should be encoded as JSON objects, but found ") + NodeTypeName(json));
  }
  static const Json kMissing(Json::value_t::discarded);
  StructFields fields;
  fields.reserve(schema.fields.size());
  auto member = json.begin();
  for (const Field& field : schema.fields) {
    // Members usually come in the schema's order; fall back to a search when they do not.
    const Json* v = &kMissing;
    if (member != json.end() && member.key() == field.name) {
      v = &member.value();
      ++member;
    } else if (auto it = json.find(field.name); it != json.end()) {
      v = &it.value();
    }
    fields.emplace_back(field.name, ValueFromJson(field.schema.get(), *v, options));
  }
  return Value(std::move(fields));
}

}  // namespace detail

// Reads a value as JsonConverter.convertToConnect does; a null schema reads it schemaless
// (objects become maps with string keys, integers int64, other numbers double).
inline Value ValueFromJson(const Schema* schema, const Json& json, const Options& options) {
  using namespace detail;
  if (schema == nullptr) return SchemalessFromJson(json);
  if (json.is_null() || json.is_discarded()) {
    if (schema->default_value && options.replace_null_with_default) return *schema->default_value;
    if (schema->optional) return Value();
    throw std::invalid_argument("Invalid null value for required " +
                                std::string(SchemaTypeName(schema->type)) + " field");
  }
  if (schema->name) {
    bool handled = false;
    Value logical = LogicalFromJson(*schema, json, handled);
    if (handled) return logical;
  }
  switch (schema->type) {
    case SchemaType::kInt8:
    case SchemaType::kInt16:
    case SchemaType::kInt32:
    case SchemaType::kInt64: {
      if (!IsNumber(json)) WrongNodeType(*schema, "an integral number", json);
      auto v = NumberAsInt64(json);
      if (!v) {
        throw std::invalid_argument("Invalid value for " +
                                    std::string(SchemaTypeName(schema->type)) + ": " +
                                    NumberAsText(json) + " is not an integer in range");
      }
      CheckRange(*schema, *v);
      return Value(*v);
    }
    case SchemaType::kFloat32:
    case SchemaType::kFloat64: {
      const bool is_float = schema->type == SchemaType::kFloat32;
      if (json.is_string()) {
        // Jackson writes NaN and the infinities as strings; read them back.
        const auto& s = json.get_ref<const std::string&>();
        if (s == "NaN") return Value(std::numeric_limits<double>::quiet_NaN());
        if (s == "Infinity") return Value(std::numeric_limits<double>::infinity());
        if (s == "-Infinity") return Value(-std::numeric_limits<double>::infinity());
      }
      if (!IsNumber(json)) WrongNodeType(*schema, "a number", json);
      return Value(is_float ? static_cast<double>(NumberAsFloating<float>(json))
                            : NumberAsFloating<double>(json));
    }
    case SchemaType::kBoolean:
      if (!json.is_boolean()) WrongNodeType(*schema, "a boolean", json);
      return Value(json.get<bool>());
    case SchemaType::kString:
      if (!json.is_string()) WrongNodeType(*schema, "a string", json);
      return Value(json.get<std::string>());
    case SchemaType::kBytes: {
      auto bytes =
          json.is_string() ? Base64Decode(json.get_ref<const std::string&>()) : std::nullopt;
      if (!bytes) throw std::invalid_argument("Invalid bytes field");
      return Value(std::move(*bytes));
    }
    case SchemaType::kArray: {
      if (!json.is_array()) {
        throw std::invalid_argument(
            std::string("Arrays should be encoded as JSON arrays, but found ") +
            NodeTypeName(json));
      }
      Array items;
      items.reserve(json.size());
      for (const auto& item : json)
        items.push_back(ValueFromJson(schema->items.get(), item, options));
      return Value(std::move(items));
    }
    case SchemaType::kMap: {
      const Schema* key_schema = schema->key_schema.get();
      const Schema* value_schema = schema->value_schema.get();
      MapEntries entries;
      if (key_schema == nullptr || key_schema->type == SchemaType::kString) {
        if (!json.is_object()) {
          throw std::invalid_argument(
              std::string("Maps with string fields should be encoded as JSON objects, but found ") +
              NodeTypeName(json));
        }
        entries.reserve(json.size());
        for (const auto& [k, v] : json.items()) {
          entries.emplace_back(Value(k), ValueFromJson(value_schema, v, options));
        }
      } else {
        if (!json.is_array()) {
          throw std::invalid_argument(
              std::string("Maps with non-string fields should be encoded as JSON array of tuples, "
                          "but found ") +
              NodeTypeName(json));
        }
        entries.reserve(json.size());
        for (const auto& entry : json) {
          if (!entry.is_array()) {
            throw std::invalid_argument(
                std::string("Found invalid map entry instead of array tuple: ") +
                NodeTypeName(entry));
          }
          if (entry.size() != 2) {
            throw std::invalid_argument("Found invalid map entry, expected length 2 but found :" +
                                        std::to_string(entry.size()));
          }
          entries.emplace_back(ValueFromJson(key_schema, entry[0], options),
                               ValueFromJson(value_schema, entry[1], options));
        }
      }
      return Value(std::move(entries));
    }
    case SchemaType::kStruct:
      return StructFromJson(*schema, json, options);
  }
  throw std::invalid_argument("Unknown schema type");
}

// Reads a schema as JsonConverter.asConnectSchema does; JSON null is the null (schemaless) schema.
inline SchemaPtr SchemaFromJson(const Json& json) {
  if (json.is_null()) return nullptr;
  const Json* type_node = nullptr;
  if (json.is_object()) {
    if (auto it = json.find("type"); it != json.end()) type_node = &it.value();
  }
  if (type_node == nullptr || !type_node->is_string()) {
    throw std::invalid_argument("Schema must contain 'type' field");
  }
  const auto& type_name = type_node->get_ref<const std::string&>();
  auto type = SchemaTypeFromJsonName(type_name);
  if (!type) throw std::invalid_argument("Unknown schema type: " + type_name);

  auto member = [&](const char* key) -> const Json* {
    auto it = json.find(key);
    return it == json.end() ? nullptr : &it.value();
  };
  auto schema = std::make_shared<Schema>();
  schema->type = *type;
  switch (*type) {
    case SchemaType::kArray: {
      const Json* items = member("items");
      if (items == nullptr || items->is_null()) {
        throw std::invalid_argument("Array schema did not specify the element type");
      }
      schema->items = SchemaFromJson(*items);
      break;
    }
    case SchemaType::kMap: {
      const Json* keys = member("keys");
      if (keys == nullptr) throw std::invalid_argument("Map schema did not specify the key type");
      const Json* values = member("values");
      if (values == nullptr) {
        throw std::invalid_argument("Map schema did not specify the value type");
      }
      schema->key_schema = SchemaFromJson(*keys);
      if (!schema->key_schema) throw std::invalid_argument("keySchema cannot be null.");
      schema->value_schema = SchemaFromJson(*values);
      if (!schema->value_schema) throw std::invalid_argument("valueSchema cannot be null.");
      break;
    }
    case SchemaType::kStruct: {
      const Json* fields = member("fields");
      if (fields == nullptr || !fields->is_array()) {
        throw std::invalid_argument("Struct schema's \"fields\" argument is not an array.");
      }
      for (const auto& field : *fields) {
        auto name = field.is_object() ? field.find("field") : field.end();
        if (!field.is_object() || name == field.end() || !name->is_string()) {
          throw std::invalid_argument("Struct schema's field name not specified properly");
        }
        const auto& field_name = name->get_ref<const std::string&>();
        if (schema->field(field_name) != nullptr) {
          throw std::invalid_argument("Cannot create field because of field name duplication " +
                                      field_name);
        }
        schema->fields.push_back({field_name, SchemaFromJson(field)});
      }
      break;
    }
    default:
      break;
  }
  if (const Json* opt = member("optional"); opt && opt->is_boolean()) {
    schema->optional = opt->get<bool>();
  }
  if (const Json* name = member("name"); name && name->is_string()) {
    schema->name = name->get<std::string>();
  }
  if (const Json* version = member("version"); version && version->is_number_integer()) {
    schema->version = static_cast<int32_t>(version->get<int64_t>());
  }
  if (const Json* doc = member("doc"); doc && doc->is_string())
    schema->doc = doc->get<std::string>();
  if (const Json* params = member("parameters"); params && params->is_object()) {
    for (const auto& [k, v] : params->items()) {
      if (!v.is_string()) throw std::invalid_argument("Schema parameters must have string values.");
      schema->parameters[k] = v.get<std::string>();
    }
  }
  if (const Json* def = member("default")) {
    // Read against the schema as built so far, as Kafka reads it against its builder.
    Value v = ValueFromJson(schema.get(), *def);
    if (!v.is_null()) schema->default_value = std::make_shared<const Value>(std::move(v));
  }
  return schema;
}

// The schema and payload members of a parsed envelope; throws Kafka's envelope error when the
// JSON is not an object with exactly those two members.
struct EnvelopeParts {
  const Json* schema;
  const Json* payload;
};
inline EnvelopeParts SplitEnvelope(const Json& root) {
  if (!root.is_object() || root.size() != 2) throw std::invalid_argument(kEnvelopeError);
  auto schema = root.find("schema");
  auto payload = root.find("payload");
  if (schema == root.end() || payload == root.end()) throw std::invalid_argument(kEnvelopeError);
  return {&schema.value(), &payload.value()};
}

// --- the envelope --------------------------------------------------------------------------------

// {"schema":...,"payload":...} for `sv`. A null schema writes "schema":null and the value
// schemaless. (JsonConverter writes no bytes at all for a null schema with a null value: a
// tombstone. That decision belongs to the caller.)
inline std::string Encode(const SchemaAndValue& sv, const Options& options) {
  std::string out;
  out += "{\"schema\":";
  if (sv.schema) {
    AppendSchemaJson(out, *sv.schema, options);
  } else {
    out += "null";
  }
  out += ",\"payload\":";
  AppendValueJson(out, sv.schema.get(), sv.value, options);
  out.push_back('}');
  return out;
}
inline std::string Encode(const SchemaAndValue& sv) {
  return Encode(sv, Options{});
}

// Reads an envelope; throws std::invalid_argument with Kafka's DataException texts.
inline SchemaAndValue Decode(std::string_view text, const Options& options) {
  Json root = ParseJson(text);
  EnvelopeParts parts = SplitEnvelope(root);
  SchemaAndValue sv;
  sv.schema = SchemaFromJson(*parts.schema);
  sv.value = ValueFromJson(sv.schema.get(), *parts.payload, options);
  return sv;
}
inline SchemaAndValue Decode(std::string_view text) {
  return Decode(text, Options{});
}

}  // namespace sluice::envelope
