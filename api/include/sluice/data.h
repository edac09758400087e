// Connect's data model: schemas and the values that carry them.
//
// Header-only and shared by the host and the SDK; nothing here crosses the `.so` boundary as a
// C++ object (values cross as the JsonConverter envelope, see envelope.h).
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sluice {

enum class SchemaType {
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat32,
  kFloat64,
  kBoolean,
  kString,
  kBytes,
  kArray,
  kMap,
  kStruct
};

class Schema;
using SchemaPtr = std::shared_ptr<const Schema>;
struct Value;

struct Field {
  std::string name;
  SchemaPtr schema;
};

// Schema parameters in the order they were added, as Kafka keeps them (a LinkedHashMap): the
// JsonConverter writes them in this order, so a decoded and re-encoded envelope keeps its bytes.
// Equality ignores the order, as Java's Map.equals does.
class SchemaParameters {
 public:
  using value_type = std::pair<std::string, std::string>;
  using iterator = std::vector<value_type>::iterator;
  using const_iterator = std::vector<value_type>::const_iterator;

  // The value of `key`, added (empty) at the end when it is new.
  std::string& operator[](const std::string& key) {
    auto it = find(key);
    if (it != end()) return it->second;
    return entries_.emplace_back(key, std::string()).second;
  }
  const std::string& at(const std::string& key) const {
    auto it = find(key);
    if (it == end()) throw std::out_of_range("no schema parameter " + key);
    return it->second;
  }
  iterator find(const std::string& key) {
    return std::find_if(entries_.begin(), entries_.end(),
                        [&](const value_type& e) { return e.first == key; });
  }
  const_iterator find(const std::string& key) const {
    return std::find_if(entries_.begin(), entries_.end(),
                        [&](const value_type& e) { return e.first == key; });
  }
  size_t count(const std::string& key) const { return find(key) == end() ? 0 : 1; }
  iterator begin() { return entries_.begin(); }
  iterator end() { return entries_.end(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  void clear() { entries_.clear(); }

  friend bool operator==(const SchemaParameters& a, const SchemaParameters& b) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a) {
      auto it = b.find(key);
      if (it == b.end() || it->second != value) return false;
    }
    return true;
  }
  friend bool operator!=(const SchemaParameters& a, const SchemaParameters& b) { return !(a == b); }

 private:
  std::vector<value_type> entries_;
};

// A schema as Kafka Connect defines it. Immutable once built; share through SchemaPtr.
class Schema {
 public:
  SchemaType type = SchemaType::kString;
  bool optional = false;
  std::optional<std::string> name;
  std::optional<int32_t> version;
  std::optional<std::string> doc;
  SchemaParameters parameters;
  std::shared_ptr<const Value> default_value;
  std::vector<Field> fields;  // struct
  SchemaPtr items;            // array
  SchemaPtr key_schema;       // map
  SchemaPtr value_schema;     // map

  const Field* field(const std::string& field_name) const {
    for (const auto& f : fields) {
      if (f.name == field_name) return &f;
    }
    return nullptr;
  }

  static SchemaPtr Primitive(SchemaType type, bool optional = false) {
    auto s = std::make_shared<Schema>();
    s->type = type;
    s->optional = optional;
    return s;
  }
  static const SchemaPtr& String() {
    static const SchemaPtr s = Primitive(SchemaType::kString);
    return s;
  }
  static const SchemaPtr& OptionalString() {
    static const SchemaPtr s = Primitive(SchemaType::kString, true);
    return s;
  }
  static const SchemaPtr& Bytes() {
    static const SchemaPtr s = Primitive(SchemaType::kBytes);
    return s;
  }
  static const SchemaPtr& OptionalBytes() {
    static const SchemaPtr s = Primitive(SchemaType::kBytes, true);
    return s;
  }
  // A shared instance of a primitive schema, like Kafka's Schema.INT32_SCHEMA and
  // Schema.OPTIONAL_INT32_SCHEMA. Containers have no shared instance: build them.
  static const SchemaPtr& Of(SchemaType type, bool optional = false);
};

inline bool IsPrimitive(SchemaType type) {
  return type != SchemaType::kArray && type != SchemaType::kMap && type != SchemaType::kStruct;
}

// The names Kafka gives the types in messages (Schema.Type.toString()): "INT32", "STRUCT".
inline const char* SchemaTypeName(SchemaType type) {
  static constexpr const char* kNames[] = {"INT8",    "INT16",   "INT32",   "INT64",
                                           "FLOAT32", "FLOAT64", "BOOLEAN", "STRING",
                                           "BYTES",   "ARRAY",   "MAP",     "STRUCT"};
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(SchemaType::kStruct) + 1);
  return kNames[static_cast<size_t>(type)];
}

inline const SchemaPtr& Schema::Of(SchemaType type, bool optional) {
  static const auto table = [] {
    std::vector<SchemaPtr> t;
    for (int i = 0; i <= static_cast<int>(SchemaType::kStruct); ++i) {
      t.push_back(Primitive(static_cast<SchemaType>(i), false));
      t.push_back(Primitive(static_cast<SchemaType>(i), true));
    }
    return t;
  }();
  if (!IsPrimitive(type)) throw std::invalid_argument("Schema::Of needs a primitive type");
  return table[static_cast<size_t>(type) * 2 + (optional ? 1 : 0)];
}

// Logical type names (Kafka's org.apache.kafka.connect.data.*).
inline constexpr const char* kDecimalLogicalName = "org.apache.kafka.connect.data.Decimal";
inline constexpr const char* kDateLogicalName = "org.apache.kafka.connect.data.Date";
inline constexpr const char* kTimeLogicalName = "org.apache.kafka.connect.data.Time";
inline constexpr const char* kTimestampLogicalName = "org.apache.kafka.connect.data.Timestamp";
inline constexpr const char* kDecimalScaleParameter = "scale";

using Bytes = std::vector<uint8_t>;
using Array = std::vector<Value>;
// Map entries keep insertion order and allow non-string keys, as Connect's maps do.
using MapEntries = std::vector<std::pair<Value, Value>>;
// Struct fields in the order of the schema's (or, schemaless, of insertion).
using StructFields = std::vector<std::pair<std::string, Value>>;

// A value: null, a primitive, or a container. Whether it is an int8 or an int64 is the schema's
// business; integers are held as int64_t and floats as double.
struct Value {
  using Storage = std::variant<std::monostate, bool, int64_t, double, std::string, Bytes, Array,
                               MapEntries, StructFields>;
  Storage v;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v(b) {}
  Value(int32_t i) : v(int64_t{i}) {}
  Value(int64_t i) : v(i) {}
  Value(double d) : v(d) {}
  Value(const char* s) : v(std::string(s)) {}
  Value(std::string s) : v(std::move(s)) {}
  Value(Bytes b) : v(std::move(b)) {}
  Value(Array a) : v(std::move(a)) {}
  Value(MapEntries m) : v(std::move(m)) {}
  Value(StructFields s) : v(std::move(s)) {}

  bool is_null() const { return std::holds_alternative<std::monostate>(v); }
  template <typename T>
  bool is() const {
    return std::holds_alternative<T>(v);
  }
  template <typename T>
  const T& as() const {
    return std::get<T>(v);
  }
  template <typename T>
  T& as() {
    return std::get<T>(v);
  }

  // Struct access by field name; nullptr when absent or not a struct.
  const Value* get(const std::string& field) const {
    if (!is<StructFields>()) return nullptr;
    for (const auto& [name, value] : as<StructFields>()) {
      if (name == field) return &value;
    }
    return nullptr;
  }

  friend bool operator==(const Value& a, const Value& b) { return a.v == b.v; }
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }
};

struct SchemaAndValue {
  SchemaPtr schema;  // null: schemaless
  Value value;
};

struct Header {
  std::string key;
  SchemaAndValue value;
};
using Headers = std::vector<Header>;

// --- schema equality ---------------------------------------------------------------------------

bool operator==(const Schema& a, const Schema& b);

// Deep equality that accepts null (schemaless) on either side; the same pointer is equal at once.
inline bool SchemaEquals(const SchemaPtr& a, const SchemaPtr& b) {
  if (a == b) return true;
  if (!a || !b) return false;
  return *a == *b;
}

// Kafka's ConnectSchema.equals: every attribute, the default value and the nested schemas.
inline bool operator==(const Schema& a, const Schema& b) {
  if (&a == &b) return true;
  if (a.type != b.type || a.optional != b.optional || a.name != b.name || a.version != b.version ||
      a.doc != b.doc || a.parameters != b.parameters) {
    return false;
  }
  if (static_cast<bool>(a.default_value) != static_cast<bool>(b.default_value)) return false;
  if (a.default_value && *a.default_value != *b.default_value) return false;
  if (!SchemaEquals(a.items, b.items) || !SchemaEquals(a.key_schema, b.key_schema) ||
      !SchemaEquals(a.value_schema, b.value_schema) || a.fields.size() != b.fields.size()) {
    return false;
  }
  for (size_t i = 0; i < a.fields.size(); ++i) {
    if (a.fields[i].name != b.fields[i].name) return false;
    if (!SchemaEquals(a.fields[i].schema, b.fields[i].schema)) return false;
  }
  return true;
}

// --- building schemas --------------------------------------------------------------------------

// Kafka's SchemaBuilder: chain the attributes, then Build() an immutable schema.
//
//   SchemaPtr user = SchemaBuilder::Struct().Name("user")
//                        .Field("id", Schema::Of(SchemaType::kInt64))
//                        .Field("name", Schema::OptionalString())
//                        .Build();
class SchemaBuilder {
 public:
  explicit SchemaBuilder(SchemaType type) { schema_.type = type; }

  static SchemaBuilder Struct() { return SchemaBuilder(SchemaType::kStruct); }
  static SchemaBuilder Array(SchemaPtr items) {
    if (!items) throw std::invalid_argument("valueSchema cannot be null.");
    SchemaBuilder b(SchemaType::kArray);
    b.schema_.items = std::move(items);
    return b;
  }
  static SchemaBuilder Map(SchemaPtr key_schema, SchemaPtr value_schema) {
    if (!key_schema) throw std::invalid_argument("keySchema cannot be null.");
    if (!value_schema) throw std::invalid_argument("valueSchema cannot be null.");
    SchemaBuilder b(SchemaType::kMap);
    b.schema_.key_schema = std::move(key_schema);
    b.schema_.value_schema = std::move(value_schema);
    return b;
  }

  SchemaBuilder& Optional(bool optional = true) {
    schema_.optional = optional;
    return *this;
  }
  SchemaBuilder& Name(std::string name) {
    schema_.name = std::move(name);
    return *this;
  }
  SchemaBuilder& Version(int32_t version) {
    schema_.version = version;
    return *this;
  }
  SchemaBuilder& Doc(std::string doc) {
    schema_.doc = std::move(doc);
    return *this;
  }
  SchemaBuilder& Parameter(const std::string& key, std::string value) {
    schema_.parameters[key] = std::move(value);
    return *this;
  }
  SchemaBuilder& Default(Value value);
  // Throws std::invalid_argument (Kafka's SchemaBuilderException text) on a duplicate name or
  // on a field added to a non-struct.
  SchemaBuilder& Field(std::string name, SchemaPtr schema) {
    if (schema_.type != SchemaType::kStruct) {
      throw std::invalid_argument("Cannot create fields on type " +
                                  std::string(SchemaTypeName(schema_.type)));
    }
    if (!schema) throw std::invalid_argument("field schema for field " + name + " cannot be null.");
    if (schema_.field(name) != nullptr) {
      throw std::invalid_argument("Cannot create field because of field name duplication " + name);
    }
    schema_.fields.push_back({std::move(name), std::move(schema)});
    return *this;
  }

  SchemaPtr Build() const { return std::make_shared<const Schema>(schema_); }

 private:
  Schema schema_;
};

inline SchemaBuilder& SchemaBuilder::Default(Value value) {
  schema_.default_value = std::make_shared<const Value>(std::move(value));
  return *this;
}

// --- logical types -----------------------------------------------------------------------------
//
// A logical value is held as its underlying representation, as Kafka puts it on the wire:
//   Decimal   BYTES  the unscaled value as big-endian two's-complement bytes (BigInteger's
//                    toByteArray()); the scale is the schema's "scale" parameter
//   Date      INT32  days since 1970-01-01
//   Time      INT32  milliseconds since midnight
//   Timestamp INT64  milliseconds since the epoch (UTC)

inline SchemaPtr DecimalSchema(int32_t scale, bool optional = false) {
  return SchemaBuilder(SchemaType::kBytes)
      .Name(kDecimalLogicalName)
      .Version(1)
      .Parameter(kDecimalScaleParameter, std::to_string(scale))
      .Optional(optional)
      .Build();
}
inline const SchemaPtr& DateSchema(bool optional = false) {
  static const SchemaPtr required =
      SchemaBuilder(SchemaType::kInt32).Name(kDateLogicalName).Version(1).Build();
  static const SchemaPtr opt =
      SchemaBuilder(SchemaType::kInt32).Name(kDateLogicalName).Version(1).Optional().Build();
  return optional ? opt : required;
}
inline const SchemaPtr& TimeSchema(bool optional = false) {
  static const SchemaPtr required =
      SchemaBuilder(SchemaType::kInt32).Name(kTimeLogicalName).Version(1).Build();
  static const SchemaPtr opt =
      SchemaBuilder(SchemaType::kInt32).Name(kTimeLogicalName).Version(1).Optional().Build();
  return optional ? opt : required;
}
inline const SchemaPtr& TimestampSchema(bool optional = false) {
  static const SchemaPtr required =
      SchemaBuilder(SchemaType::kInt64).Name(kTimestampLogicalName).Version(1).Build();
  static const SchemaPtr opt =
      SchemaBuilder(SchemaType::kInt64).Name(kTimestampLogicalName).Version(1).Optional().Build();
  return optional ? opt : required;
}

inline bool HasLogicalName(const Schema& schema, const char* logical_name) {
  return schema.name && *schema.name == logical_name;
}

// --- decimal values ----------------------------------------------------------------------------
//
// Conversions between decimal text and the unscaled two's-complement bytes, exact at any size
// (Kafka's BigDecimal and BigInteger). Errors throw std::invalid_argument naming the input.
namespace decimal {
namespace detail {

// A non-negative integer as little-endian base-2^32 limbs; empty is zero.
using Magnitude = std::vector<uint32_t>;

inline void MultiplyAdd(Magnitude& m, uint32_t mul, uint32_t add) {
  uint64_t carry = add;
  for (auto& limb : m) {
    uint64_t x = static_cast<uint64_t>(limb) * mul + carry;
    limb = static_cast<uint32_t>(x);
    carry = x >> 32;
  }
  if (carry != 0) m.push_back(static_cast<uint32_t>(carry));
}

// Divides in place and returns the remainder.
inline uint32_t DivideSmall(Magnitude& m, uint32_t div) {
  uint64_t rem = 0;
  for (size_t i = m.size(); i-- > 0;) {
    uint64_t x = (rem << 32) | m[i];
    m[i] = static_cast<uint32_t>(x / div);
    rem = x % div;
  }
  while (!m.empty() && m.back() == 0) m.pop_back();
  return static_cast<uint32_t>(rem);
}

inline Magnitude FromDigits(std::string_view digits) {
  Magnitude m;
  for (char c : digits) MultiplyAdd(m, 10, static_cast<uint32_t>(c - '0'));
  while (!m.empty() && m.back() == 0) m.pop_back();
  return m;
}

inline std::string ToDigits(Magnitude m) {
  if (m.empty()) return "0";
  std::string out;
  while (!m.empty()) out.push_back(static_cast<char>('0' + DivideSmall(m, 10)));
  return std::string(out.rbegin(), out.rend());
}

// BigInteger.toByteArray(): the shortest big-endian two's complement that holds the sign.
inline std::vector<uint8_t> ToTwosComplement(const Magnitude& m, bool negative) {
  std::vector<uint8_t> bytes(1, 0);  // a leading zero keeps the sign bit clear
  for (size_t i = m.size(); i-- > 0;) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes.push_back(static_cast<uint8_t>(m[i] >> shift));
    }
  }
  if (negative) {
    unsigned carry = 1;
    for (size_t i = bytes.size(); i-- > 0;) {
      unsigned x = static_cast<uint8_t>(~bytes[i]) + carry;
      bytes[i] = static_cast<uint8_t>(x);
      carry = x >> 8;
    }
  }
  const uint8_t fill = negative ? 0xFF : 0x00;
  size_t start = 0;
  while (start + 1 < bytes.size() && bytes[start] == fill &&
         ((bytes[start + 1] & 0x80) != 0) == negative) {
    ++start;
  }
  return std::vector<uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(start), bytes.end());
}

inline Magnitude FromTwosComplement(const std::vector<uint8_t>& bytes, bool& negative) {
  negative = !bytes.empty() && (bytes[0] & 0x80) != 0;
  std::vector<uint8_t> mag = bytes;
  if (negative) {
    unsigned carry = 1;
    for (size_t i = mag.size(); i-- > 0;) {
      unsigned x = static_cast<uint8_t>(~mag[i]) + carry;
      mag[i] = static_cast<uint8_t>(x);
      carry = x >> 8;
    }
  }
  Magnitude m((mag.size() + 3) / 4, 0);
  for (size_t i = 0; i < mag.size(); ++i) {
    size_t bit = (mag.size() - 1 - i) * 8;
    m[bit / 32] |= static_cast<uint32_t>(mag[i]) << (bit % 32);
  }
  while (!m.empty() && m.back() == 0) m.pop_back();
  return m;
}

}  // namespace detail

// The unscaled bytes of an integer (BigInteger.valueOf(v).toByteArray()).
inline std::vector<uint8_t> FromUnscaled(int64_t unscaled) {
  uint64_t mag =
      unscaled < 0 ? 0 - static_cast<uint64_t>(unscaled) : static_cast<uint64_t>(unscaled);
  detail::Magnitude m;
  if (mag != 0) m = {static_cast<uint32_t>(mag), static_cast<uint32_t>(mag >> 32)};
  while (!m.empty() && m.back() == 0) m.pop_back();
  return detail::ToTwosComplement(m, unscaled < 0);
}

// The unscaled value as an integer; nullopt when it needs more than 64 bits.
inline std::optional<int64_t> ToUnscaledInt64(const std::vector<uint8_t>& unscaled) {
  if (unscaled.empty() || unscaled.size() > 8) return std::nullopt;
  int64_t v = (unscaled[0] & 0x80) ? -1 : 0;  // sign extension
  for (uint8_t b : unscaled) v = static_cast<int64_t>((static_cast<uint64_t>(v) << 8) | b);
  return v;
}

// The shortest form of the same number; throws on empty input (Kafka: "Zero length BigInteger").
inline std::vector<uint8_t> Normalize(const std::vector<uint8_t>& unscaled) {
  if (unscaled.empty()) throw std::invalid_argument("Zero length BigInteger");
  bool negative = false;
  detail::Magnitude m = detail::FromTwosComplement(unscaled, negative);
  return detail::ToTwosComplement(m, negative);
}

// Java's BigDecimal.toString(): plain notation unless the scale is negative or the number is
// smaller than 1E-6, then scientific ("1.23E+5", "1E-10").
inline std::string Format(const std::vector<uint8_t>& unscaled, int32_t scale) {
  if (unscaled.empty()) throw std::invalid_argument("Zero length BigInteger");
  bool negative = false;
  std::string digits = detail::ToDigits(detail::FromTwosComplement(unscaled, negative));
  std::string out = negative ? "-" : "";
  const int64_t adjusted = -static_cast<int64_t>(scale) + static_cast<int64_t>(digits.size()) - 1;
  if (scale >= 0 && adjusted >= -6) {
    if (scale == 0) return out + digits;
    const size_t s = static_cast<size_t>(scale);
    if (digits.size() > s) {
      return out + digits.substr(0, digits.size() - s) + "." + digits.substr(digits.size() - s);
    }
    return out + "0." + std::string(s - digits.size(), '0') + digits;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  out += "E";
  if (adjusted >= 0) out += "+";
  return out + std::to_string(adjusted);
}

namespace detail {

// Decimal text as written: sign, all digits, and the scale they carry (BigDecimal's scale).
struct DecimalText {
  bool negative = false;
  std::string digits;
  int64_t scale = 0;
};

// Reads JSON number or Java BigDecimal syntax ("-12.5", "1E+3", ".5", "5.").
inline DecimalText ReadDecimalText(std::string_view text) {
  auto bad = [&](const char* why) {
    return std::invalid_argument("Invalid decimal value '" + std::string(text) + "': " + why);
  };
  DecimalText out;
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) out.negative = text[i++] == '-';
  int64_t fraction_digits = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      out.digits.push_back(c);
      if (seen_point) ++fraction_digits;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (out.digits.empty()) throw bad("not a number");
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i == text.size()) throw bad("missing exponent");
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > 1000000000) throw bad("exponent out of range");
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) throw bad("not a number");
  out.scale = fraction_digits - exponent;  // value = digits * 10^-scale
  return out;
}

}  // namespace detail

// The scale of decimal text as written (BigDecimal's scale): 2 for "1.50", -3 for "1E+3".
// Throws when the text is not a number.
inline int64_t NaturalScale(std::string_view text) {
  return detail::ReadDecimalText(text).scale;
}

// Parses decimal text (JSON number or Java BigDecimal syntax: "-12.5", "1E+3", ".5") into the
// unscaled bytes at `scale`. Throws when the text is not a number or when it has more fractional
// digits than `scale` holds (digits are never dropped silently).
inline std::vector<uint8_t> Parse(std::string_view text, int32_t scale) {
  detail::DecimalText d = detail::ReadDecimalText(text);
  auto bad = [&](const std::string& why) {
    return std::invalid_argument("Invalid decimal value '" + std::string(text) + "': " + why);
  };
  const int64_t shift = static_cast<int64_t>(scale) - d.scale;
  if (shift >= 0) {
    if (shift > 100000) throw bad("too many digits for scale " + std::to_string(scale));
    d.digits.append(static_cast<size_t>(shift), '0');
  } else {
    const size_t drop = static_cast<size_t>(-shift);
    const size_t keep = d.digits.size() > drop ? d.digits.size() - drop : 0;
    if (d.digits.find_first_not_of('0', keep) != std::string::npos) {
      throw bad("more fractional digits than scale " + std::to_string(scale) + " holds");
    }
    d.digits.resize(keep);
  }
  detail::Magnitude m = detail::FromDigits(d.digits);
  return detail::ToTwosComplement(m, d.negative && !m.empty());
}

// The schema's scale parameter (Kafka's Decimal.scale()); throws with Kafka's texts.
inline int32_t Scale(const Schema& schema) {
  auto it = schema.parameters.find(kDecimalScaleParameter);
  if (it == schema.parameters.end()) {
    throw std::invalid_argument("Invalid Decimal schema: scale parameter not found.");
  }
  try {
    size_t used = 0;
    int scale = std::stoi(it->second, &used);
    if (used != it->second.size()) throw std::invalid_argument(it->second);
    return scale;
  } catch (const std::exception&) {
    throw std::invalid_argument("Invalid scale parameter found in Decimal schema: " + it->second);
  }
}

}  // namespace decimal

}  // namespace sluice
