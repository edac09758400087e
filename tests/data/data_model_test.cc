// The data model helpers in sluice/data.h: builders, logical schemas, equality, decimals.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sluice/data.h"

namespace sluice {
namespace {

TEST(SchemaBuilderTest, BuildsStructWithFieldsInOrder) {
  SchemaPtr s = SchemaBuilder::Struct()
                    .Name("user")
                    .Version(2)
                    .Doc("a user")
                    .Field("id", Schema::Of(SchemaType::kInt64))
                    .Field("name", Schema::OptionalString())
                    .Optional()
                    .Build();
  EXPECT_EQ(s->type, SchemaType::kStruct);
  EXPECT_TRUE(s->optional);
  EXPECT_EQ(s->name, "user");
  EXPECT_EQ(s->version, 2);
  EXPECT_EQ(s->doc, "a user");
  ASSERT_EQ(s->fields.size(), 2u);
  EXPECT_EQ(s->fields[0].name, "id");
  EXPECT_EQ(s->fields[1].name, "name");
  EXPECT_TRUE(s->fields[1].schema->optional);
}

TEST(SchemaBuilderTest, RejectsDuplicateFieldAndFieldsOnPrimitives) {
  auto b = SchemaBuilder::Struct().Field("a", Schema::String());
  try {
    b.Field("a", Schema::String());
    FAIL() << "duplicate accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Cannot create field because of field name duplication a");
  }
  EXPECT_THROW(SchemaBuilder(SchemaType::kInt32).Field("a", Schema::String()),
               std::invalid_argument);
  EXPECT_THROW(SchemaBuilder::Array(nullptr), std::invalid_argument);
  EXPECT_THROW(SchemaBuilder::Map(Schema::String(), nullptr), std::invalid_argument);
}

TEST(SchemaTest, SharedPrimitivesAreCachedPerTypeAndOptionality) {
  EXPECT_EQ(Schema::Of(SchemaType::kInt32), Schema::Of(SchemaType::kInt32));
  EXPECT_NE(Schema::Of(SchemaType::kInt32), Schema::Of(SchemaType::kInt32, true));
  EXPECT_TRUE(Schema::Of(SchemaType::kFloat64, true)->optional);
  EXPECT_EQ(Schema::Of(SchemaType::kBoolean)->type, SchemaType::kBoolean);
  EXPECT_THROW(Schema::Of(SchemaType::kStruct), std::invalid_argument);
  EXPECT_STREQ(SchemaTypeName(SchemaType::kFloat32), "FLOAT32");
}

TEST(SchemaTest, EqualityIsDeep) {
  auto make = [](const char* field, bool optional) {
    return SchemaBuilder::Struct()
        .Field(field, SchemaBuilder::Array(Schema::Of(SchemaType::kInt8, optional)).Build())
        .Build();
  };
  EXPECT_TRUE(SchemaEquals(make("a", false), make("a", false)));
  EXPECT_FALSE(SchemaEquals(make("a", false), make("b", false)));
  EXPECT_FALSE(SchemaEquals(make("a", false), make("a", true)));
  EXPECT_TRUE(SchemaEquals(nullptr, nullptr));
  EXPECT_FALSE(SchemaEquals(nullptr, Schema::String()));

  auto with_default = [](int64_t d) {
    return SchemaBuilder(SchemaType::kInt32).Default(Value(d)).Build();
  };
  EXPECT_TRUE(SchemaEquals(with_default(1), with_default(1)));
  EXPECT_FALSE(SchemaEquals(with_default(1), with_default(2)));
  EXPECT_FALSE(SchemaEquals(with_default(1), Schema::Of(SchemaType::kInt32)));
  EXPECT_FALSE(SchemaEquals(DecimalSchema(2), DecimalSchema(3)));
}

TEST(LogicalSchemaTest, MatchKafkaDefinitions) {
  SchemaPtr d = DecimalSchema(2);
  EXPECT_EQ(d->type, SchemaType::kBytes);
  EXPECT_EQ(d->name, kDecimalLogicalName);
  EXPECT_EQ(d->version, 1);
  EXPECT_EQ(d->parameters.at("scale"), "2");
  EXPECT_EQ(decimal::Scale(*d), 2);
  EXPECT_EQ(DateSchema()->type, SchemaType::kInt32);
  EXPECT_EQ(TimeSchema()->type, SchemaType::kInt32);
  EXPECT_EQ(TimestampSchema()->type, SchemaType::kInt64);
  EXPECT_TRUE(TimestampSchema(true)->optional);
  EXPECT_TRUE(HasLogicalName(*DateSchema(), kDateLogicalName));
}

TEST(DecimalTest, ParseGivesMinimalTwosComplement) {
  EXPECT_EQ(decimal::Parse("1.56", 2), (Bytes{0x00, 0x9C}));  // 156, sign byte kept
  EXPECT_EQ(decimal::Parse("-1.56", 2), (Bytes{0xFF, 0x64}));
  EXPECT_EQ(decimal::Parse("0", 2), (Bytes{0x00}));
  EXPECT_EQ(decimal::Parse("-0.00", 2), (Bytes{0x00}));
  EXPECT_EQ(decimal::Parse("1.27", 2), (Bytes{0x7F}));
  EXPECT_EQ(decimal::Parse("-1.28", 2), (Bytes{0x80}));
  EXPECT_EQ(decimal::Parse("1.28", 2), (Bytes{0x00, 0x80}));
  EXPECT_EQ(decimal::Parse("5", 2), (Bytes{0x01, 0xF4}));  // rescaled to 500
  EXPECT_EQ(decimal::Parse("1.5E+1", 0), (Bytes{0x0F}));   // Java exponent syntax
  EXPECT_EQ(decimal::Parse("1.500", 1), (Bytes{0x0F}));    // zero digits may go
  EXPECT_EQ(decimal::Parse(".5", 1), (Bytes{0x05}));
}

TEST(DecimalTest, ParseRejectsGarbageAndLostDigits) {
  EXPECT_THROW(decimal::Parse("", 0), std::invalid_argument);
  EXPECT_THROW(decimal::Parse("abc", 0), std::invalid_argument);
  EXPECT_THROW(decimal::Parse("1e", 0), std::invalid_argument);
  EXPECT_THROW(decimal::Parse("1.2.3", 0), std::invalid_argument);
  try {
    decimal::Parse("1.234", 2);
    FAIL() << "digits dropped silently";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("1.234"), std::string::npos) << e.what();
  }
}

TEST(DecimalTest, BigValuesRoundTrip) {
  // Beyond 64 bits: 12345678901234567890123 is 0x029D42B64E76714244CB.
  Bytes big = decimal::Parse("12345678901234567890.123", 3);
  EXPECT_EQ(big, (Bytes{0x02, 0x9D, 0x42, 0xB6, 0x4E, 0x76, 0x71, 0x42, 0x44, 0xCB}));
  EXPECT_EQ(decimal::Format(big, 3), "12345678901234567890.123");
  Bytes negative = decimal::Parse("-12345678901234567890.123", 3);
  EXPECT_EQ(negative, (Bytes{0xFD, 0x62, 0xBD, 0x49, 0xB1, 0x89, 0x8E, 0xBD, 0xBB, 0x35}));
  EXPECT_EQ(decimal::Format(negative, 3), "-12345678901234567890.123");
}

TEST(DecimalTest, FormatFollowsBigDecimalToString) {
  EXPECT_EQ(decimal::Format(decimal::FromUnscaled(156), 2), "1.56");
  EXPECT_EQ(decimal::Format(decimal::FromUnscaled(-156), 2), "-1.56");
  EXPECT_EQ(decimal::Format(decimal::FromUnscaled(5), 3), "0.005");
  EXPECT_EQ(decimal::Format(decimal::FromUnscaled(10000), 2), "100.00");
  EXPECT_EQ(decimal::Format(decimal::FromUnscaled(42), 0), "42");
  EXPECT_EQ(decimal::Format(decimal::FromUnscaled(123), -2), "1.23E+4");
  EXPECT_EQ(decimal::Format(decimal::FromUnscaled(1), 10), "1E-10");
  EXPECT_EQ(decimal::Format(decimal::FromUnscaled(-1), 7), "-1E-7");
  EXPECT_EQ(decimal::Format(decimal::FromUnscaled(1), 6), "0.000001");
  EXPECT_THROW(decimal::Format({}, 2), std::invalid_argument);
}

TEST(DecimalTest, FromUnscaledAndNormalize) {
  EXPECT_EQ(decimal::FromUnscaled(0), (Bytes{0x00}));
  EXPECT_EQ(decimal::FromUnscaled(-1), (Bytes{0xFF}));
  EXPECT_EQ(decimal::FromUnscaled(255), (Bytes{0x00, 0xFF}));
  EXPECT_EQ(decimal::FromUnscaled(INT64_MIN),
            (Bytes{0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}));
  EXPECT_EQ(decimal::Normalize({0x00, 0x00, 0x01}), (Bytes{0x01}));
  EXPECT_EQ(decimal::Normalize({0xFF, 0xFF, 0x80}), (Bytes{0x80}));
  EXPECT_THROW(decimal::Normalize({}), std::invalid_argument);
}

TEST(DecimalTest, ScaleErrorsUseKafkaTexts) {
  Schema no_scale;
  no_scale.type = SchemaType::kBytes;
  try {
    decimal::Scale(no_scale);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Invalid Decimal schema: scale parameter not found.");
  }
  no_scale.parameters["scale"] = "two";
  try {
    decimal::Scale(no_scale);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Invalid scale parameter found in Decimal schema: two");
  }
}

}  // namespace
}  // namespace sluice
