// Cast: whole values and fields, schemaless and with schemas, Java's narrowing and parsing, and
// the spec's errors.
#include <gtest/gtest.h>

#include <cmath>

#include "transform_test_support.h"

namespace sluice::transforms {
namespace {

using namespace testing;  // NOLINT(build/namespaces)

SchemaPtr Of(SchemaType t, bool optional = false) {
  return Schema::Of(t, optional);
}

TEST(Cast, WholeValueSchemaless) {
  auto to_int8 = Configured("Cast$Value", {{"spec", "int8"}});
  EXPECT_EQ(Applied(*to_int8, Record({nullptr, Value("42")})).value.value, Value(int64_t{42}));
  EXPECT_EQ(Applied(*to_int8, Record({nullptr, Value(int64_t{300})})).value.value,
            Value(int64_t{44}));  // (byte) 300
  auto to_string = Configured("Cast$Key", {{"spec", "string"}});
  ConnectRecord out = Applied(*to_string, Record({}, {nullptr, Value(1.5)}));
  EXPECT_EQ(out.key.value, Value("1.5"));
  EXPECT_EQ(out.key.schema, nullptr);
}

TEST(Cast, WholeValueWithSchemaKeepsOptionalityAndDefault) {
  auto t = Configured("Cast$Value", {{"spec", "int32"}});
  SchemaPtr schema =
      SchemaBuilder(SchemaType::kInt64).Name("id").Optional().Default(Value(int64_t{7})).Build();
  ConnectRecord out = Applied(*t, Record({schema, Value(int64_t{42})}));
  EXPECT_EQ(out.value.schema->type, SchemaType::kInt32);
  EXPECT_TRUE(out.value.schema->optional);
  EXPECT_EQ(out.value.schema->name, "id");
  ASSERT_NE(out.value.schema->default_value, nullptr);
  EXPECT_EQ(*out.value.schema->default_value, Value(int32_t{7}));
  EXPECT_EQ(out.value.value, Value(int32_t{42}));
}

TEST(Cast, FieldsWithSchema) {
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Field("int8", Of(SchemaType::kInt8))
                         .Field("int16", Of(SchemaType::kInt16))
                         .Field("int32", Of(SchemaType::kInt32))
                         .Field("int64", Of(SchemaType::kInt64))
                         .Field("float32", Of(SchemaType::kFloat32))
                         .Field("float64", Of(SchemaType::kFloat64))
                         .Field("boolean", Of(SchemaType::kBoolean))
                         .Field("string", Of(SchemaType::kString))
                         .Field("bigdecimal", DecimalSchema(0))
                         .Field("timestamp", TimestampSchema())
                         .Field("optional", Of(SchemaType::kFloat32, true))
                         .Field("bytes", Of(SchemaType::kBytes))
                         .Field("untouched", Of(SchemaType::kString))
                         .Build();
  Value value = Struct({{"int8", Value(int32_t{8})},
                        {"int16", Value(int32_t{16})},
                        {"int32", Value(int32_t{32})},
                        {"int64", Value(int64_t{64})},
                        {"float32", Value(32.0)},
                        {"float64", Value(64.0)},
                        {"boolean", Value(true)},
                        {"string", Value("42")},
                        {"bigdecimal", Value(decimal::FromUnscaled(42))},
                        {"timestamp", Value(int64_t{1700000000000})},
                        {"optional", Value()},
                        {"bytes", Value(Bytes{'h', 'i'})},
                        {"untouched", Value("u")}});
  auto t = Configured(
      "Cast$Value",
      {{"spec",
        "int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,float64:boolean,"
        "boolean:int8,string:int32,bigdecimal:string,timestamp:string,optional:int32,"
        "bytes:string"}});
  ConnectRecord out = Applied(*t, Record({schema, value}));
  const Schema& s = *out.value.schema;
  auto type_of = [&](const std::string& name) { return s.field(name)->schema->type; };
  EXPECT_EQ(type_of("int8"), SchemaType::kInt16);
  EXPECT_EQ(type_of("int16"), SchemaType::kInt32);
  EXPECT_EQ(type_of("int32"), SchemaType::kInt64);
  EXPECT_EQ(type_of("int64"), SchemaType::kBoolean);
  EXPECT_EQ(type_of("float32"), SchemaType::kFloat64);
  EXPECT_EQ(type_of("float64"), SchemaType::kBoolean);
  EXPECT_EQ(type_of("boolean"), SchemaType::kInt8);
  EXPECT_EQ(type_of("string"), SchemaType::kInt32);
  EXPECT_EQ(type_of("bigdecimal"), SchemaType::kString);
  EXPECT_EQ(s.field("bigdecimal")->schema->name, std::nullopt);
  EXPECT_EQ(type_of("timestamp"), SchemaType::kString);
  EXPECT_EQ(type_of("optional"), SchemaType::kInt32);
  EXPECT_TRUE(s.field("optional")->schema->optional);
  EXPECT_EQ(s.field("untouched")->schema, schema->field("untouched")->schema);

  EXPECT_EQ(out.value.value, Struct({{"int8", Value(int32_t{8})},
                                     {"int16", Value(int32_t{16})},
                                     {"int32", Value(int64_t{32})},
                                     {"int64", Value(true)},
                                     {"float32", Value(32.0)},
                                     {"float64", Value(true)},
                                     {"boolean", Value(int32_t{1})},
                                     {"string", Value(int32_t{42})},
                                     {"bigdecimal", Value("42")},
                                     {"timestamp", Value("2023-11-14T22:13:20.000Z")},
                                     {"optional", Value()},
                                     {"bytes", Value("aGk=")},
                                     {"untouched", Value("u")}}));
}

TEST(Cast, JavaNarrowing) {
  auto cast = [](const std::string& type, const Value& v) {
    auto t = Configured("Cast$Value", {{"spec", type}});
    return Applied(*t, Record({nullptr, v})).value.value;
  };
  EXPECT_EQ(cast("int16", Value(int64_t{70000})), Value(int64_t{4464}));
  EXPECT_EQ(cast("int32", Value(1e20)), Value(int64_t{2147483647}));  // saturates
  EXPECT_EQ(cast("int8", Value(1e20)), Value(int64_t{-1}));           // (byte)(int) 1e20
  EXPECT_EQ(cast("int64", Value(-2.7)), Value(int64_t{-2}));          // toward zero
  EXPECT_EQ(cast("boolean", Value(0.5)), Value(false));               // longValue() != 0
  EXPECT_EQ(cast("boolean", Value("TRUE")), Value(true));             // parseBoolean
  EXPECT_EQ(cast("boolean", Value("yes")), Value(false));
  EXPECT_EQ(cast("float32", Value(0.1)), Value(static_cast<double>(0.1f)));
  EXPECT_EQ(cast("float64", Value(" 2.5d ")), Value(2.5));
  EXPECT_TRUE(std::isnan(cast("float64", Value("NaN")).as<double>()));
  EXPECT_EQ(cast("string", Value(int64_t{-5})), Value("-5"));
  EXPECT_EQ(cast("string", Value(true)), Value("true"));
  EXPECT_EQ(cast("string", Value(1e10)), Value("1.0E10"));
}

TEST(Cast, SchemalessFieldsAndTombstones) {
  auto t = Configured("Cast$Value", {{"spec", "a:int32,b:string,missing:int8"}});
  ConnectRecord out = Applied(
      *t,
      Record({nullptr, Map({{"a", Value("7")}, {"b", Value(int64_t{8})}, {"c", Value(true)}})}));
  // As in Kafka, a listed field that the map lacks comes back as a null entry.
  EXPECT_EQ(
      out.value.value,
      Map({{"a", Value(int64_t{7})}, {"b", Value("8")}, {"c", Value(true)}, {"missing", Value()}}));
  EXPECT_EQ(Applied(*t, Record({nullptr, Value()})).value.value, Value());
}

TEST(Cast, DataErrors) {
  auto t = Configured("Cast$Value", {{"spec", "int8"}});
  EXPECT_EQ(ApplyError(*t, Record({nullptr, Value("300")})),
            "Value (300) was out of range for requested data type");
  EXPECT_EQ(ApplyError(*t, Record({nullptr, Value("x1")})),
            "Value (x1) was out of range for requested data type");
  EXPECT_EQ(ApplyError(*t, Record({nullptr, Map({})})),
            "Cast transformation does not support casting from MAP; supported types are [INT8, "
            "INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]");
  EXPECT_EQ(ApplyError(*t, Record({nullptr, Value(Bytes{1})})),
            "Unexpected type in Cast transformation: class [B");
  auto fields = Configured("Cast$Value", {{"spec", "a:int8"}});
  EXPECT_EQ(ApplyError(*fields, Record({Of(SchemaType::kString), Value("x")})),
            "Cannot list fields on non-struct type");
}

TEST(Cast, SpecErrors) {
  EXPECT_EQ(ConfigError("Cast$Value", {{"spec", "a:bytes"}}),
            "Invalid value a:bytes for configuration spec: Cast transformation does not support "
            "casting to BYTES; supported types are [INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, "
            "BOOLEAN, STRING]");
  EXPECT_EQ(ConfigError("Cast$Value", {{"spec", "a:foo"}}),
            "Invalid value a:foo for configuration spec: Invalid type found in casting spec: foo");
  EXPECT_EQ(ConfigError("Cast$Value", {{"spec", "int8,a:int16"}}),
            "Invalid value int8,a:int16 for configuration spec: Cast transformations that specify "
            "a type to cast the entire value to may only specify a single cast in their spec");
  EXPECT_EQ(ConfigError("Cast$Value", {{"spec", "a:b:int8"}}),
            "Invalid value a:b:int8 for configuration spec: Invalid cast mapping: a:b:int8");
  EXPECT_EQ(ConfigError("Cast$Value", {{"spec", ""}}),
            "Invalid value  for configuration spec: Must specify at least one field to cast.");
  EXPECT_EQ(ConfigError("Cast$Value", {}),
            "Missing required configuration \"spec\" which has no default value.");
}

}  // namespace
}  // namespace sluice::transforms
