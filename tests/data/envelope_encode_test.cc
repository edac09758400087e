// Byte-exact envelopes, as Kafka's JsonConverter (Jackson) writes them.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "sluice/envelope.h"

namespace sluice {
namespace {

using envelope::DecimalFormat;
using envelope::Encode;
using envelope::Options;

SchemaPtr Prim(SchemaType t, bool optional = false) {
  return Schema::Of(t, optional);
}

std::string ThrownBy(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<no exception>";
}

TEST(EnvelopeEncodeTest, QuickstartString) {
  EXPECT_EQ(Encode({Schema::String(), Value("foo")}),
            R"({"schema":{"type":"string","optional":false},"payload":"foo"})");
}

TEST(EnvelopeEncodeTest, StructInJavaFieldOrder) {
  // Kafka's asJsonSchema: "type", "fields" (each field's schema, then "field"), "optional", "name".
  SchemaPtr user = SchemaBuilder::Struct()
                       .Name("user")
                       .Field("id", Prim(SchemaType::kInt64))
                       .Field("name", Schema::OptionalString())
                       .Field("ts", TimestampSchema())
                       .Field("tags", SchemaBuilder::Array(Schema::String()).Optional().Build())
                       .Build();
  StructFields fields{{"id", Value(int64_t{42})},
                      {"name", Value("Barbara")},
                      {"ts", Value(int64_t{1700000000000})},
                      {"tags", Value(Array{Value("a")})}};
  EXPECT_EQ(
      Encode({user, Value(fields)}),
      R"({"schema":{"type":"struct","fields":[)"
      R"({"type":"int64","optional":false,"field":"id"},)"
      R"({"type":"string","optional":true,"field":"name"},)"
      R"({"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1,"field":"ts"},)"
      R"({"type":"array","items":{"type":"string","optional":false},"optional":true,"field":"tags"}],)"
      R"("optional":false,"name":"user"},)"
      R"("payload":{"id":42,"name":"Barbara","ts":1700000000000,"tags":["a"]}})");
}

TEST(EnvelopeEncodeTest, EveryPrimitiveType) {
  struct Case {
    SchemaType type;
    Value value;
    const char* json;
  };
  const Case cases[] = {
      {SchemaType::kInt8, Value(int64_t{12}), R"({"type":"int8","optional":false},"payload":12)"},
      {SchemaType::kInt16, Value(int64_t{-300}),
       R"({"type":"int16","optional":false},"payload":-300)"},
      {SchemaType::kInt32, Value(int64_t{INT32_MAX}),
       R"({"type":"int32","optional":false},"payload":2147483647)"},
      {SchemaType::kInt64, Value(int64_t{4398046511104}),
       R"({"type":"int64","optional":false},"payload":4398046511104)"},
      {SchemaType::kFloat32, Value(12.34), R"({"type":"float","optional":false},"payload":12.34)"},
      {SchemaType::kFloat64, Value(12.34), R"({"type":"double","optional":false},"payload":12.34)"},
      {SchemaType::kBoolean, Value(true), R"({"type":"boolean","optional":false},"payload":true)"},
      {SchemaType::kString, Value("foo-bar-baz"),
       R"({"type":"string","optional":false},"payload":"foo-bar-baz")"},
      {SchemaType::kBytes, Value(Bytes{'t', 'e', 's', 't', '-', 's', 't', 'r', 'i', 'n', 'g'}),
       R"({"type":"bytes","optional":false},"payload":"dGVzdC1zdHJpbmc=")"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Encode({Prim(c.type), c.value}), std::string(R"({"schema":)") + c.json + "}")
        << SchemaTypeName(c.type);
  }
}

TEST(EnvelopeEncodeTest, FloatsAsJavaPrintsThem) {
  struct Case {
    double v;
    const char* text;
  };
  const Case doubles[] = {{1.0, "1.0"},
                          {-2.5, "-2.5"},
                          {0.1, "0.1"},
                          {100.0, "100.0"},
                          {1e10, "1.0E10"},
                          {1e7, "1.0E7"},
                          {1234567.0, "1234567.0"},
                          {0.001, "0.001"},
                          {0.0001, "1.0E-4"},
                          {123456789012.0, "1.23456789012E11"},
                          {0.1 + 0.2, "0.30000000000000004"},
                          {-0.0, "-0.0"},
                          {5e-324, "4.9E-324"},  // two digits when closer than one
                          {1.7976931348623157e308, "1.7976931348623157E308"}};
  for (const auto& c : doubles) {
    EXPECT_EQ(envelope::JavaDoubleToString(c.v), c.text);
    EXPECT_EQ(envelope::ValueToJson(Prim(SchemaType::kFloat64).get(), Value(c.v)), c.text);
  }
  const Case floats[] = {{1.0, "1.0"},          {0.1f, "0.1"},
                         {12.34f, "12.34"},     {1e10f, "1.0E10"},
                         {3.14159f, "3.14159"}, {16777216.0f, "1.6777216E7"},
                         {1.4e-45f, "1.4E-45"}, {3.4028235e38f, "3.4028235E38"}};
  for (const auto& c : floats) {
    EXPECT_EQ(envelope::JavaFloatToString(static_cast<float>(c.v)), c.text);
    EXPECT_EQ(envelope::ValueToJson(Prim(SchemaType::kFloat32).get(), Value(c.v)), c.text);
  }
  // Jackson quotes the non-numbers.
  EXPECT_EQ(envelope::ValueToJson(Prim(SchemaType::kFloat64).get(),
                                  Value(std::numeric_limits<double>::quiet_NaN())),
            R"("NaN")");
  EXPECT_EQ(envelope::ValueToJson(Prim(SchemaType::kFloat32).get(),
                                  Value(-std::numeric_limits<double>::infinity())),
            R"("-Infinity")");
}

TEST(EnvelopeEncodeTest, StringsEscapedAsJacksonDoes) {
  EXPECT_EQ(envelope::ValueToJson(Schema::String().get(), Value("a\"b\\c\n\t\r\b\f/é")),
            "\"a\\\"b\\\\c\\n\\t\\r\\b\\f/é\"");
  EXPECT_EQ(envelope::ValueToJson(Schema::String().get(), Value(std::string("\x01\x1f\x7f", 3))),
            "\"\\u0001\\u001F\x7f\"");
  // Bytes that are not UTF-8 become U+FFFD, as in a Java string.
  EXPECT_EQ(envelope::ValueToJson(Schema::String().get(), Value(std::string("a\xff"
                                                                            "b"))),
            "\"a\xEF\xBF\xBD"
            "b\"");
}

TEST(EnvelopeEncodeTest, NestedStructsAndArrays) {
  SchemaPtr point = SchemaBuilder::Struct()
                        .Field("x", Prim(SchemaType::kInt32))
                        .Field("y", Prim(SchemaType::kInt32))
                        .Build();
  SchemaPtr shape = SchemaBuilder::Struct()
                        .Name("shape")
                        .Field("points", SchemaBuilder::Array(point).Build())
                        .Field("origin", point)
                        .Build();
  auto p = [](int64_t x, int64_t y) {
    return Value(StructFields{{"x", Value(x)}, {"y", Value(y)}});
  };
  Value v(StructFields{{"points", Value(Array{p(1, 2), p(3, 4)})}, {"origin", p(0, 0)}});
  const std::string point_json =
      R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"x"},)"
      R"({"type":"int32","optional":false,"field":"y"}],"optional":false)";
  EXPECT_EQ(Encode({shape, v}),
            R"({"schema":{"type":"struct","fields":[{"type":"array","items":)" + point_json +
                R"(},"optional":false,"field":"points"},)" + point_json +
                R"(,"field":"origin"}],"optional":false,"name":"shape"},)"
                R"("payload":{"points":[{"x":1,"y":2},{"x":3,"y":4}],"origin":{"x":0,"y":0}}})");
}

TEST(EnvelopeEncodeTest, StructFieldsOutOfOrderOrMissing) {
  SchemaPtr s = SchemaBuilder::Struct()
                    .Field("a", Prim(SchemaType::kInt32))
                    .Field("b", Schema::OptionalString())
                    .Build();
  // Written in schema order; a missing optional field is null.
  EXPECT_EQ(envelope::ValueToJson(s.get(), Value(StructFields{{"a", Value(int64_t{1})}})),
            R"({"a":1,"b":null})");
  EXPECT_EQ(envelope::ValueToJson(s.get(),
                                  Value(StructFields{{"b", Value("x")}, {"a", Value(int64_t{1})}})),
            R"({"a":1,"b":"x"})");
  EXPECT_EQ(ThrownBy([&] {
              envelope::ValueToJson(s.get(),
                                    Value(StructFields{{"a", Value(int64_t{1})}, {"c", Value(1)}}));
            }),
            "c is not a valid field name");
}

TEST(EnvelopeEncodeTest, MapsWithStringAndOtherKeys) {
  SchemaPtr by_name = SchemaBuilder::Map(Schema::String(), Prim(SchemaType::kInt32)).Build();
  MapEntries named{{Value("key1"), Value(int64_t{12})}, {Value("key2"), Value(int64_t{15})}};
  EXPECT_EQ(Encode({by_name, Value(named)}),
            R"({"schema":{"type":"map","keys":{"type":"string","optional":false},)"
            R"("values":{"type":"int32","optional":false},"optional":false},)"
            R"("payload":{"key1":12,"key2":15}})");

  SchemaPtr by_id = SchemaBuilder::Map(Prim(SchemaType::kInt32), Prim(SchemaType::kInt32)).Build();
  MapEntries ids{{Value(int64_t{1}), Value(int64_t{12})}, {Value(int64_t{2}), Value(int64_t{15})}};
  EXPECT_EQ(Encode({by_id, Value(ids)}),
            R"({"schema":{"type":"map","keys":{"type":"int32","optional":false},)"
            R"("values":{"type":"int32","optional":false},"optional":false},)"
            R"("payload":[[1,12],[2,15]]})");
}

TEST(EnvelopeEncodeTest, OptionalNullAndDefaults) {
  EXPECT_EQ(Encode({Schema::OptionalString(), Value()}),
            R"({"schema":{"type":"string","optional":true},"payload":null})");

  SchemaPtr with_default = SchemaBuilder(SchemaType::kBoolean).Default(Value(true)).Build();
  EXPECT_EQ(Encode({with_default, Value()}),
            R"({"schema":{"type":"boolean","optional":false,"default":true},"payload":true})");

  Options keep_null;
  keep_null.replace_null_with_default = false;
  SchemaPtr optional_default =
      SchemaBuilder(SchemaType::kInt32).Optional().Default(Value(int64_t{7})).Build();
  EXPECT_EQ(Encode({optional_default, Value()}, keep_null),
            R"({"schema":{"type":"int32","optional":true,"default":7},"payload":null})");
  EXPECT_EQ(Encode({optional_default, Value()}),
            R"({"schema":{"type":"int32","optional":true,"default":7},"payload":7})");

  EXPECT_EQ(ThrownBy([] {
              Encode({Schema::String(), Value()});
            }),
            "Conversion error: null value for field that is required and has no default value");
}

TEST(EnvelopeEncodeTest, SchemaMetadata) {
  SchemaPtr s = SchemaBuilder(SchemaType::kBoolean)
                    .Name("bool")
                    .Version(3)
                    .Doc("the documentation")
                    .Parameter("foo", "bar")
                    .Build();
  EXPECT_EQ(envelope::SchemaToJson(*s),
            R"({"type":"boolean","optional":false,"name":"bool","version":3,)"
            R"("doc":"the documentation","parameters":{"foo":"bar"}})");
}

TEST(EnvelopeEncodeTest, SchemalessValue) {
  MapEntries m{{Value("a"), Value(int64_t{1})}, {Value("b"), Value(Array{Value(1.5), Value()})}};
  EXPECT_EQ(Encode({nullptr, Value(m)}), R"({"schema":null,"payload":{"a":1,"b":[1.5,null]}})");
  MapEntries non_string{{Value(int64_t{1}), Value("x")}};
  EXPECT_EQ(Encode({nullptr, Value(non_string)}), R"({"schema":null,"payload":[[1,"x"]]})");
  EXPECT_EQ(Encode({nullptr, Value(Bytes{0xFF})}), R"({"schema":null,"payload":"/w=="})");
  EXPECT_EQ(Encode({nullptr, Value()}), R"({"schema":null,"payload":null})");
}

TEST(EnvelopeEncodeTest, DecimalsInBothFormats) {
  SchemaPtr d = DecimalSchema(2);
  const std::string schema_json =
      R"({"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal",)"
      R"("version":1,"parameters":{"scale":"2"}})";
  EXPECT_EQ(Encode({d, Value(decimal::Parse("1.56", 2))}),
            R"({"schema":)" + schema_json + R"(,"payload":"AJw="})");
  EXPECT_EQ(Encode({d, Value(decimal::Parse("-1.56", 2))}),
            R"({"schema":)" + schema_json + R"(,"payload":"/2Q="})");
  Options numeric;
  numeric.decimal_format = DecimalFormat::kNumeric;
  EXPECT_EQ(Encode({d, Value(decimal::Parse("1.56", 2))}, numeric),
            R"({"schema":)" + schema_json + R"(,"payload":1.56})");
  EXPECT_EQ(Encode({d, Value(decimal::Parse("-100", 2))}, numeric),
            R"({"schema":)" + schema_json + R"(,"payload":-100.00})");
  EXPECT_EQ(ThrownBy([&] {
              Encode({d, Value("1.56")});
            }),
            "Invalid type for Decimal, expected bytes but was string");
}

TEST(EnvelopeEncodeTest, DateTimeTimestamp) {
  EXPECT_EQ(
      Encode({DateSchema(), Value(int64_t{10000})}),
      R"({"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Date","version":1},"payload":10000})");
  EXPECT_EQ(
      Encode({TimeSchema(), Value(int64_t{14400000})}),
      R"({"schema":{"type":"int32","optional":false,"name":"org.apache.kafka.connect.data.Time","version":1},"payload":14400000})");
  EXPECT_EQ(
      Encode({TimestampSchema(), Value(int64_t{4000000000})}),
      R"({"schema":{"type":"int64","optional":false,"name":"org.apache.kafka.connect.data.Timestamp","version":1},"payload":4000000000})");
}

TEST(EnvelopeEncodeTest, TypeErrors) {
  EXPECT_EQ(ThrownBy([] {
              Encode({Prim(SchemaType::kInt32), Value("x")});
            }),
            "Invalid type for INT32: string");
  EXPECT_EQ(ThrownBy([] {
              Encode({Prim(SchemaType::kInt8), Value(int64_t{300})});
            }),
            "Value 300 out of range for INT8");
  EXPECT_EQ(ThrownBy([] {
              Encode({Prim(SchemaType::kFloat64), Value(int64_t{1})});
            }),
            "Invalid type for FLOAT64: int64");
  EXPECT_EQ(ThrownBy([] {
              Encode({DateSchema(), Value(1.0)});
            }),
            "Invalid type for Date, expected int64 but was double");
  SchemaPtr arr = SchemaBuilder::Array(Schema::String()).Build();
  EXPECT_EQ(ThrownBy([&] {
              Encode({arr, Value(Array{Value("a"), Value(true)})});
            }),
            "Invalid type for STRING: boolean");
}

}  // namespace
}  // namespace sluice
