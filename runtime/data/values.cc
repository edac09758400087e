#include "data/values.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>

#include "sluice/envelope.h"

namespace sluice::data {
namespace {

constexpr int64_t kMillisPerDay = 24LL * 60 * 60 * 1000;

// --- calendar (proleptic Gregorian, UTC) -------------------------------------------------------

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

bool IsLeap(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}
unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::string FormatDate(int64_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string FormatTimeOfDay(int64_t millis_of_day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(millis_of_day / 3600000),
                static_cast<long long>(millis_of_day / 60000 % 60),
                static_cast<long long>(millis_of_day / 1000 % 60),
                static_cast<long long>(millis_of_day % 1000));
  return buf;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// The form follows the schema: Kafka's Values.dateFormatFor picks it from the instant instead,
// so that 1970-01-01 prints as a time and a timestamp at midnight as a date, and neither reads
// back as what it was. All three forms read the same in Kafka.
std::string FormatTemporal(const std::string& logical_name, int64_t v) {
  if (logical_name == kDateLogicalName) return FormatDate(v);
  const int64_t day = FloorDiv(v, kMillisPerDay);
  const std::string time = FormatTimeOfDay(v - day * kMillisPerDay);
  if (logical_name == kTimeLogicalName) return time;
  return FormatDate(day) + "T" + time;
}

// Parses exactly `n` digits at s[pos].
std::optional<int64_t> Digits(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// "yyyy-MM-dd" -> days since the epoch.
std::optional<int64_t> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = Digits(s, 0, 4), m = Digits(s, 5, 2), d = Digits(s, 8, 2);
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
  if (*d > DaysInMonth(*y, static_cast<unsigned>(*m))) return std::nullopt;
  return DaysFromCivil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

// "HH:mm:ss.SSSZ" -> milliseconds since midnight.
std::optional<int64_t> ParseTime(std::string_view s) {
  if (s.size() != 13 || s[2] != ':' || s[5] != ':' || s[8] != '.' || s[12] != 'Z') {
    return std::nullopt;
  }
  auto h = Digits(s, 0, 2), mi = Digits(s, 3, 2), sec = Digits(s, 6, 2), ms = Digits(s, 9, 3);
  if (!h || !mi || !sec || !ms || *h > 23 || *mi > 59 || *sec > 59) return std::nullopt;
  return ((*h * 60 + *mi) * 60 + *sec) * 1000 + *ms;
}

std::optional<SchemaAndValue> ParseTemporal(std::string_view s) {
  if (auto days = ParseDate(s)) return SchemaAndValue{DateSchema(), Value(*days)};
  if (auto ms = ParseTime(s)) return SchemaAndValue{TimeSchema(), Value(*ms)};
  if (s.size() == 24 && s[10] == 'T') {
    auto days = ParseDate(s.substr(0, 10));
    auto ms = ParseTime(s.substr(11));
    if (days && ms) return SchemaAndValue{TimestampSchema(), Value(*days * kMillisPerDay + *ms)};
  }
  return std::nullopt;
}

// --- numbers -------------------------------------------------------------------------------

// A number in Java BigDecimal syntax, as Values.parseString reads one: the narrowest integer
// type that holds it exactly, else FLOAT32 or FLOAT64 when it has a fraction and fits, else a
// Decimal. nullopt when the text is not a number.
std::optional<SchemaAndValue> ParseNumber(std::string_view text) {
  int64_t scale = 0;
  try {
    scale = decimal::NaturalScale(text);
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
  const std::string str(text);

  // An integer in range: exactly representable at scale 0 in at most 8 bytes.
  try {
    if (auto integer = decimal::ToUnscaledInt64(decimal::Parse(str, 0))) {
      const int64_t v = *integer;
      SchemaType type = v >= INT8_MIN && v <= INT8_MAX     ? SchemaType::kInt8
                        : v >= INT16_MIN && v <= INT16_MAX ? SchemaType::kInt16
                        : v >= INT32_MIN && v <= INT32_MAX ? SchemaType::kInt32
                                                           : SchemaType::kInt64;
      return SchemaAndValue{Schema::Of(type), Value(v)};
    }
  } catch (const std::invalid_argument&) {
    // a fraction, or too large for the guard in decimal::Parse
  }
  if (scale != 0) {
    const float f = std::strtof(str.c_str(), nullptr);
    if (std::isfinite(f)) {
      return SchemaAndValue{Schema::Of(SchemaType::kFloat32), Value(static_cast<double>(f))};
    }
    const double d = std::strtod(str.c_str(), nullptr);
    if (std::isfinite(d)) return SchemaAndValue{Schema::Of(SchemaType::kFloat64), Value(d)};
  }
  if (scale < INT32_MIN || scale > INT32_MAX) return std::nullopt;
  try {
    const auto s = static_cast<int32_t>(scale);
    return SchemaAndValue{DecimalSchema(s), Value(decimal::Parse(str, s))};
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

// --- structured values -------------------------------------------------------------------------

SchemaPtr WithOptional(const SchemaPtr& schema) {
  if (schema->optional) return schema;
  auto copy = std::make_shared<Schema>(*schema);
  copy->optional = true;
  return copy;
}

int NumericRank(SchemaType t) {
  switch (t) {
    case SchemaType::kInt8:
      return 1;
    case SchemaType::kInt16:
      return 2;
    case SchemaType::kInt32:
      return 3;
    case SchemaType::kInt64:
      return 4;
    case SchemaType::kFloat32:
      return 5;
    case SchemaType::kFloat64:
      return 6;
    default:
      return 0;
  }
}

// Kafka's Values.commonSchemaFor: numbers widen (INT8 < ... < INT64 < FLOAT32 < FLOAT64); other
// schemas must be the same. nullptr when the two cannot share one schema.
SchemaPtr CommonSchema(const SchemaPtr& a, const SchemaPtr& b) {
  if (!a) return b;
  const bool named = a->name || b->name;
  if (!named && NumericRank(a->type) && NumericRank(b->type)) {
    return NumericRank(a->type) >= NumericRank(b->type) ? a : b;
  }
  return SchemaEquals(WithOptional(a), WithOptional(b)) ? a : nullptr;
}

// Makes a value agree with the common schema of its siblings (integers widened to floats).
Value Align(Value v, const Schema& schema) {
  if (v.is<int64_t>() &&
      (schema.type == SchemaType::kFloat32 || schema.type == SchemaType::kFloat64)) {
    return Value(static_cast<double>(v.as<int64_t>()));
  }
  return v;
}

SchemaAndValue InferJson(const envelope::Json& json);

// Elements of an array or map: their common schema (optional when one is null), or nullptr
// (schemaless) when they have none.
SchemaPtr CommonOf(std::vector<SchemaAndValue>& items) {
  SchemaPtr common;
  bool any_null = false, all_null = true;
  for (const auto& item : items) {
    if (item.value.is_null()) {
      any_null = true;
      continue;
    }
    all_null = false;
    if (!item.schema) return nullptr;
    common = CommonSchema(common, item.schema);
    if (!common) return nullptr;
  }
  if (all_null) return nullptr;
  return any_null ? WithOptional(common) : common;
}

SchemaAndValue InferJson(const envelope::Json& json) {
  using envelope::Json;
  if (json.is_null()) return {};
  if (json.is_boolean()) return {Schema::Of(SchemaType::kBoolean), Value(json.get<bool>())};
  if (json.is_string()) {
    const auto& s = json.get_ref<const std::string&>();
    if (auto temporal = ParseTemporal(s)) return *temporal;
    return {Schema::String(), Value(s)};
  }
  if (json.is_number() || json.is_binary()) {
    std::string text = json.is_binary()
                           ? std::string(json.get_binary().begin(), json.get_binary().end())
                           : json.dump();
    if (auto number = ParseNumber(text)) return *number;
    return {nullptr, envelope::ValueFromJson(nullptr, json)};
  }
  std::vector<SchemaAndValue> items;
  std::vector<std::string> keys;
  for (const auto& [k, v] : json.items()) {
    if (json.is_object()) keys.push_back(k);
    items.push_back(InferJson(v));
  }
  SchemaPtr common = CommonOf(items);
  if (json.is_array()) {
    Array values;
    for (auto& item : items) {
      values.push_back(common ? Align(std::move(item.value), *common) : std::move(item.value));
    }
    return {common ? SchemaBuilder::Array(common).Build() : nullptr, Value(std::move(values))};
  }
  MapEntries entries;
  for (size_t i = 0; i < items.size(); ++i) {
    entries.emplace_back(Value(keys[i]), common ? Align(std::move(items[i].value), *common)
                                                : std::move(items[i].value));
  }
  return {common ? SchemaBuilder::Map(Schema::String(), common).Build() : nullptr,
          Value(std::move(entries))};
}

// --- to text -------------------------------------------------------------------------------

// Values.escape: backslashes and double quotes, for strings nested in arrays, maps and structs.
void AppendEscaped(std::string& out, const std::string& s) {
  out.push_back('"');
  for (char c : s) {
    if (c == '\\' || c == '"') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

void Append(std::string& out, const Schema* schema, const Value& value, bool embedded) {
  if (value.is_null()) {
    out += "null";
    return;
  }
  if (schema && schema->name) {
    const std::string& name = *schema->name;
    if (name == kDecimalLogicalName && value.is<Bytes>()) {
      out += decimal::Format(value.as<Bytes>(), decimal::Scale(*schema));
      return;
    }
    if (value.is<int64_t>() &&
        (name == kDateLogicalName || name == kTimeLogicalName || name == kTimestampLogicalName)) {
      const int64_t v = value.as<int64_t>();
      // Quoted when nested, so that arrays and maps stay JSON; Kafka's parser reads a quoted
      // ISO date back as a Date all the same.
      if (embedded) out.push_back('"');
      out += FormatTemporal(name, v);
      if (embedded) out.push_back('"');
      return;
    }
  }
  if (value.is<bool>()) {
    out += value.as<bool>() ? "true" : "false";
  } else if (value.is<int64_t>()) {
    out += std::to_string(value.as<int64_t>());
  } else if (value.is<double>()) {
    out += schema && schema->type == SchemaType::kFloat32
               ? envelope::JavaFloatToString(static_cast<float>(value.as<double>()))
               : envelope::JavaDoubleToString(value.as<double>());
  } else if (value.is<std::string>()) {
    if (embedded) {
      AppendEscaped(out, value.as<std::string>());
    } else {
      out += value.as<std::string>();
    }
  } else if (value.is<Bytes>()) {
    if (embedded) out.push_back('"');
    out += envelope::Base64Encode(value.as<Bytes>());
    if (embedded) out.push_back('"');
  } else if (value.is<Array>()) {
    const Schema* items = schema ? schema->items.get() : nullptr;
    out.push_back('[');
    bool first = true;
    for (const auto& item : value.as<Array>()) {
      if (!first) out.push_back(',');
      first = false;
      Append(out, items, item, true);
    }
    out.push_back(']');
  } else if (value.is<MapEntries>()) {
    const Schema* keys = schema ? schema->key_schema.get() : nullptr;
    const Schema* values = schema ? schema->value_schema.get() : nullptr;
    out.push_back('{');
    bool first = true;
    for (const auto& [k, v] : value.as<MapEntries>()) {
      if (!first) out.push_back(',');
      first = false;
      Append(out, keys, k, true);
      out.push_back(':');
      Append(out, values, v, true);
    }
    out.push_back('}');
  } else {
    out.push_back('{');
    bool first = true;
    for (const auto& [name, v] : value.as<StructFields>()) {
      if (!first) out.push_back(',');
      first = false;
      AppendEscaped(out, name);
      out.push_back(':');
      const Field* field = schema ? schema->field(name) : nullptr;
      Append(out, field ? field->schema.get() : nullptr, v, true);
    }
    out.push_back('}');
  }
}

std::string_view Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n\f\v");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n\f\v") - b + 1);
}

}  // namespace

std::string ConvertToString(const Schema* schema, const Value& value) {
  if (value.is<std::string>()) return value.as<std::string>();
  std::string out;
  Append(out, schema, value, false);
  return out;
}

SchemaAndValue ParseString(std::string_view text) {
  if (text.empty()) return {Schema::String(), Value(std::string())};
  const std::string_view token = Trim(text);
  if (token.empty()) return {Schema::String(), Value(std::string(text))};
  if (token == "null") return {};
  if (token == "true") return {Schema::Of(SchemaType::kBoolean), Value(true)};
  if (token == "false") return {Schema::Of(SchemaType::kBoolean), Value(false)};
  if (token.front() == '[' || token.front() == '{') {
    try {
      envelope::Json json = envelope::ParseJson(token);
      if (json.is_array() || json.is_object()) return InferJson(json);
    } catch (const std::invalid_argument&) {
      // not JSON: a plain string
    }
  }
  const char first = token.front();
  if (first >= '0' && first <= '9') {
    if (auto temporal = ParseTemporal(token)) return *temporal;
  }
  if ((first >= '0' && first <= '9') || first == '+' || first == '-') {
    if (auto number = ParseNumber(token)) return *number;
  }
  return {Schema::String(), Value(std::string(text))};
}

}  // namespace sluice::data
