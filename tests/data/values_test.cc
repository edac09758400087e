// Values.convertToString / Values.parseString equivalents.
#include <gtest/gtest.h>

#include "data/values.h"

namespace sluice::data {
namespace {

TEST(ConvertToStringTest, Primitives) {
  EXPECT_EQ(ConvertToString(Schema::String().get(), Value("a \"b\"")), "a \"b\"");
  EXPECT_EQ(ConvertToString(nullptr, Value(int64_t{-7})), "-7");
  EXPECT_EQ(ConvertToString(nullptr, Value(false)), "false");
  EXPECT_EQ(ConvertToString(nullptr, Value(1e10)), "1.0E10");
  EXPECT_EQ(
      ConvertToString(Schema::Of(SchemaType::kFloat32).get(), Value(static_cast<double>(3.14159f))),
      "3.14159");
  EXPECT_EQ(ConvertToString(nullptr, Value(Bytes{'h', 'i'})), "aGk=");
  EXPECT_EQ(ConvertToString(DecimalSchema(3).get(), Value(decimal::Parse("12.5", 3))), "12.500");
}

TEST(ConvertToStringTest, TemporalFormsFollowTheSchema) {
  EXPECT_EQ(ConvertToString(DateSchema().get(), Value(int64_t{19844})), "2024-05-01");
  EXPECT_EQ(ConvertToString(TimeSchema().get(), Value(int64_t{49500250})), "13:45:00.250Z");
  EXPECT_EQ(ConvertToString(TimestampSchema().get(), Value(int64_t{1714571100250})),
            "2024-05-01T13:45:00.250Z");
  // The schema decides the form (Kafka's Values.dateFormatFor looks at the instant only).
  EXPECT_EQ(ConvertToString(TimestampSchema().get(), Value(int64_t{19844} * 86400000)),
            "2024-05-01T00:00:00.000Z");
  EXPECT_EQ(ConvertToString(DateSchema().get(), Value(int64_t{0})), "1970-01-01");
  EXPECT_EQ(ConvertToString(TimestampSchema().get(), Value(int64_t{-1})),
            "1969-12-31T23:59:59.999Z");
}

TEST(ConvertToStringTest, ContainersQuoteNestedStrings) {
  SchemaPtr s = SchemaBuilder::Struct()
                    .Field("name", Schema::String())
                    .Field("tags", SchemaBuilder::Array(Schema::String()).Build())
                    .Field("when", DateSchema())
                    .Build();
  Value v(StructFields{{"name", Value("x\"y")},
                       {"tags", Value(Array{Value("a"), Value("b\\")})},
                       {"when", Value(int64_t{0} + 19844)}});
  EXPECT_EQ(ConvertToString(s.get(), v),
            R"({"name":"x\"y","tags":["a","b\\"],"when":"2024-05-01"})");
  EXPECT_EQ(ConvertToString(nullptr, Value(MapEntries{{Value(int64_t{1}), Value()}})), "{1:null}");
}

TEST(ParseStringTest, Scalars) {
  EXPECT_EQ(ParseString("").schema, Schema::String());
  EXPECT_EQ(ParseString("  ").value, Value("  "));
  SchemaAndValue null = ParseString("null");
  EXPECT_EQ(null.schema, nullptr);
  EXPECT_TRUE(null.value.is_null());
  EXPECT_EQ(ParseString(" true ").value, Value(true));
  EXPECT_EQ(ParseString("false").schema, Schema::Of(SchemaType::kBoolean));
  EXPECT_EQ(ParseString("true}").value, Value("true}"));
  EXPECT_EQ(ParseString("hello, world").value, Value("hello, world"));
  EXPECT_EQ(ParseString("12 apples").value, Value("12 apples"));
}

TEST(ParseStringTest, NumbersTakeTheNarrowestType) {
  struct Case {
    const char* text;
    SchemaType type;
    Value value;
  };
  const Case cases[] = {
      {"42", SchemaType::kInt8, Value(int64_t{42})},
      {"-128", SchemaType::kInt8, Value(int64_t{-128})},
      {"+300", SchemaType::kInt16, Value(int64_t{300})},
      {"70000", SchemaType::kInt32, Value(int64_t{70000})},
      {"3000000000", SchemaType::kInt64, Value(int64_t{3000000000})},
      {"1.0", SchemaType::kInt8, Value(int64_t{1})},  // integral: BigDecimal.byteValueExact
      {"1e3", SchemaType::kInt16, Value(int64_t{1000})},
      {"1.5", SchemaType::kFloat32, Value(1.5)},
      {"1e300", SchemaType::kFloat64, Value(1e300)},
  };
  for (const auto& c : cases) {
    SchemaAndValue sv = ParseString(c.text);
    ASSERT_TRUE(sv.schema) << c.text;
    EXPECT_EQ(sv.schema->type, c.type) << c.text;
    EXPECT_EQ(sv.value, c.value) << c.text;
  }
  SchemaAndValue big = ParseString("123456789012345678901234567890");
  ASSERT_TRUE(big.schema);
  EXPECT_TRUE(HasLogicalName(*big.schema, kDecimalLogicalName));
  EXPECT_EQ(decimal::Format(big.value.as<Bytes>(), 0), "123456789012345678901234567890");
}

TEST(ParseStringTest, TemporalForms) {
  SchemaAndValue date = ParseString("2024-05-01");
  EXPECT_TRUE(SchemaEquals(date.schema, DateSchema()));
  EXPECT_EQ(date.value, Value(int64_t{19844}));
  SchemaAndValue time = ParseString("13:45:00.250Z");
  EXPECT_TRUE(SchemaEquals(time.schema, TimeSchema()));
  EXPECT_EQ(time.value, Value(int64_t{49500250}));
  SchemaAndValue ts = ParseString("2024-05-01T13:45:00.250Z");
  EXPECT_TRUE(SchemaEquals(ts.schema, TimestampSchema()));
  EXPECT_EQ(ts.value, Value(int64_t{1714571100250}));
  EXPECT_EQ(ParseString("2024-02-30").value, Value("2024-02-30"));  // no such day: a string
}

TEST(ParseStringTest, ArraysAndMaps) {
  SchemaAndValue ints = ParseString("[1, 2, 300]");
  ASSERT_TRUE(ints.schema);
  EXPECT_EQ(ints.schema->type, SchemaType::kArray);
  EXPECT_EQ(ints.schema->items->type, SchemaType::kInt16);
  EXPECT_EQ(ints.value, Value(Array{Value(int64_t{1}), Value(int64_t{2}), Value(int64_t{300})}));

  SchemaAndValue mixed_numbers = ParseString("[1, 2.5]");
  EXPECT_EQ(mixed_numbers.schema->items->type, SchemaType::kFloat32);
  EXPECT_EQ(mixed_numbers.value, Value(Array{Value(1.0), Value(2.5)}));

  SchemaAndValue with_null = ParseString(R"(["a", null])");
  EXPECT_TRUE(with_null.schema->items->optional);
  EXPECT_EQ(with_null.value, Value(Array{Value("a"), Value()}));

  SchemaAndValue map = ParseString(R"({"x": "2024-05-01", "y": "2024-05-02"})");
  ASSERT_TRUE(map.schema);
  EXPECT_EQ(map.schema->key_schema->type, SchemaType::kString);
  EXPECT_TRUE(HasLogicalName(*map.schema->value_schema, kDateLogicalName));

  // Elements that share no schema: the value, schemaless.
  SchemaAndValue disagree = ParseString(R"([1, "a"])");
  EXPECT_EQ(disagree.schema, nullptr);
  EXPECT_EQ(disagree.value, Value(Array{Value(int64_t{1}), Value("a")}));

  EXPECT_EQ(ParseString("[1, 2").value, Value("[1, 2"));  // not JSON: a string
}

TEST(ParseStringTest, RoundTripsConvertToString) {
  const SchemaAndValue cases[] = {
      {Schema::Of(SchemaType::kInt8), Value(int64_t{-5})},
      {Schema::Of(SchemaType::kBoolean), Value(true)},
      {Schema::String(), Value("some text")},
      {TimestampSchema(), Value(int64_t{1714571100250})},
      {SchemaBuilder::Array(Schema::String()).Build(), Value(Array{Value("a"), Value("b")})},
      {SchemaBuilder::Array(DateSchema()).Build(),
       Value(Array{Value(int64_t{0}), Value(int64_t{1})})},
      {SchemaBuilder::Map(Schema::String(), Schema::Of(SchemaType::kInt16)).Build(),
       Value(MapEntries{{Value("k"), Value(int64_t{1000})}})},
  };
  for (const auto& sv : cases) {
    const std::string text = ConvertToString(sv.schema.get(), sv.value);
    SchemaAndValue back = ParseString(text);
    EXPECT_TRUE(SchemaEquals(back.schema, sv.schema)) << text;
    EXPECT_EQ(back.value, sv.value) << text;
  }
}

}  // namespace
}  // namespace sluice::data
