// Connect's data model: schemas and the values that carry them.
//
// Header-only and shared by the host and the SDK; nothing here crosses the `.so` boundary as a
// C++ object (values cross as the JsonConverter envelope, see envelope.h).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
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

// A schema as Kafka Connect defines it. Immutable once built; share through SchemaPtr.
class Schema {
 public:
  SchemaType type = SchemaType::kString;
  bool optional = false;
  std::optional<std::string> name;
  std::optional<int32_t> version;
  std::optional<std::string> doc;
  std::map<std::string, std::string> parameters;
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
};

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

}  // namespace sluice
