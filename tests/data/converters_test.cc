// The other built-in converters and the registry.
#include <gtest/gtest.h>

#include <cmath>

#include "data/converter.h"

namespace sluice::data {
namespace {

std::unique_ptr<Converter> Make(const std::string& name, const ConverterConfig& config = {}) {
  auto c = CreateConverter(name, config, false);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(c).value() : nullptr;
}

std::optional<std::string> Write(Converter& c, const SchemaAndValue& sv) {
  auto r = c.FromConnectData("topic", sv);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::optional<std::string>("<error>");
}

std::string WriteError(Converter& c, const SchemaAndValue& sv) {
  auto r = c.FromConnectData("topic", sv);
  return r.ok() ? "<no error>" : r.status().message();
}

SchemaAndValue Read(Converter& c, const std::optional<std::string>& bytes) {
  auto r = c.ToConnectData("topic", bytes);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : SchemaAndValue{};
}

std::string ReadError(Converter& c, const std::string& bytes) {
  auto r = c.ToConnectData("topic", bytes);
  return r.ok() ? "<no error>" : r.status().message();
}

// --- registry ------------------------------------------------------------------------------------

TEST(ConverterRegistryTest, FindsByFullNameAndAliases) {
  for (const char* name :
       {"org.apache.kafka.connect.storage.StringConverter", "StringConverter", "String"}) {
    auto c = CreateConverter(name, {}, true);
    ASSERT_TRUE(c.ok()) << name << ": " << c.status().ToString();
    EXPECT_EQ(*Write(**c, {Schema::String(), Value("x")}), "x");
  }
  for (const char* name : {"org.apache.kafka.connect.storage.SimpleHeaderConverter",
                           "SimpleHeaderConverter", "Simple"}) {
    EXPECT_TRUE(CreateHeaderConverter(name, {}).ok()) << name;
  }
  EXPECT_TRUE(
      CreateConverter("org.apache.kafka.connect.converters.ByteArrayConverter", {}, false).ok());
  EXPECT_TRUE(CreateConverter("LongConverter", {}, false).ok());
  EXPECT_TRUE(CreateHeaderConverter("IntegerConverter", {}).ok());
}

TEST(ConverterRegistryTest, UnknownClassIsNotFoundAndListsTheKnownOnes) {
  auto c = CreateConverter("com.example.AvroConverter", {}, false);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(c.status().message().rfind(
                "Failed to find any class that implements Converter and which name matches "
                "com.example.AvroConverter, available converters are: ",
                0),
            0u)
      << c.status().message();
  EXPECT_NE(c.status().message().find("org.apache.kafka.connect.json.JsonConverter"),
            std::string::npos);
  // SimpleHeaderConverter is a header converter only.
  auto h = CreateConverter("SimpleHeaderConverter", {}, false);
  EXPECT_EQ(h.status().code(), StatusCode::kNotFound);
  auto unknown_header = CreateHeaderConverter("Nope", {});
  EXPECT_EQ(unknown_header.status().code(), StatusCode::kNotFound);
  EXPECT_NE(unknown_header.status().message().find("implements HeaderConverter"),
            std::string::npos);
}

TEST(ConverterRegistryTest, ListsEveryBuiltinAsEachOfItsTypes) {
  std::map<std::string, std::vector<std::string>> types;
  for (const auto& info : BuiltinConverters()) {
    types[info.class_name].push_back(info.type);
    EXPECT_FALSE(info.version.empty());
    EXPECT_FALSE(info.aliases.empty());
  }
  EXPECT_EQ(types.size(), 10u);
  EXPECT_EQ(types["org.apache.kafka.connect.storage.SimpleHeaderConverter"],
            std::vector<std::string>{"header_converter"});
  EXPECT_EQ(types["org.apache.kafka.connect.json.JsonConverter"],
            (std::vector<std::string>{"converter", "header_converter"}));
  for (const auto& info : BuiltinConverters()) {
    if (info.class_name == "org.apache.kafka.connect.json.JsonConverter" &&
        info.type == "converter") {
      EXPECT_EQ(info.aliases, (std::vector<std::string>{"JsonConverter", "Json"}));
      std::vector<std::string> keys;
      for (const auto& k : info.definition.keys()) keys.push_back(k.name);
      EXPECT_EQ(keys,
                (std::vector<std::string>{"converter.type", "schemas.enable", "schemas.cache.size",
                                          "decimal.format", "replace.null.with.default"}));
    }
  }
}

// --- StringConverter -------------------------------------------------------------------------

TEST(StringConverterTest, RoundTripAndNulls) {
  auto c = Make("StringConverter");
  EXPECT_EQ(Write(*c, {Schema::String(), Value("héllo")}), std::optional<std::string>("héllo"));
  EXPECT_EQ(Write(*c, {Schema::OptionalString(), Value()}), std::nullopt);
  SchemaAndValue back = Read(*c, std::string("héllo"));
  EXPECT_EQ(back.schema, Schema::OptionalString());  // Kafka's OPTIONAL_STRING_SCHEMA
  EXPECT_EQ(back.value, Value("héllo"));
  SchemaAndValue null = Read(*c, std::nullopt);
  EXPECT_EQ(null.schema, Schema::OptionalString());
  EXPECT_TRUE(null.value.is_null());
}

TEST(StringConverterTest, NonStringValuesWriteTheirTextForm) {
  auto c = Make("StringConverter");
  EXPECT_EQ(*Write(*c, {Schema::Of(SchemaType::kInt32), Value(int64_t{42})}), "42");
  EXPECT_EQ(*Write(*c, {Schema::Of(SchemaType::kFloat64), Value(1.0)}), "1.0");
  EXPECT_EQ(*Write(*c, {Schema::Of(SchemaType::kFloat32), Value(static_cast<double>(0.1f))}),
            "0.1");
  EXPECT_EQ(*Write(*c, {nullptr, Value(true)}), "true");
  EXPECT_EQ(*Write(*c, {Schema::Bytes(), Value(Bytes{0xFF})}), "/w==");
  EXPECT_EQ(*Write(*c, {DecimalSchema(2), Value(decimal::Parse("-3.10", 2))}), "-3.10");
  EXPECT_EQ(*Write(*c, {nullptr, Value(Array{Value("a"), Value(int64_t{1})})}), R"(["a",1])");
}

TEST(StringConverterTest, Encodings) {
  auto latin1 = Make("StringConverter", {{"converter.encoding", "ISO-8859-1"}});
  EXPECT_EQ(*Write(*latin1, {Schema::String(), Value("é€")}), "\xE9?");
  EXPECT_EQ(Read(*latin1, std::string("\xE9")).value, Value("é"));
  auto ascii = Make("StringConverter", {{"converter.encoding", "us-ascii"}});
  EXPECT_EQ(*Write(*ascii, {Schema::String(), Value("aé")}), "a?");
  EXPECT_EQ(Read(*ascii, std::string("a\xE9")).value, Value("a\xEF\xBF\xBD"));
  EXPECT_TRUE(CreateConverter("StringConverter", {{"converter.encoding", "utf8"}}, false).ok());
  auto bad = CreateConverter("StringConverter", {{"converter.encoding", "EBCDIC"}}, false);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("org.apache.kafka.connect.storage.StringConverter"),
            std::string::npos);
  EXPECT_NE(bad.status().message().find("converter.encoding"), std::string::npos);
}

// --- ByteArrayConverter -------------------------------------------------------------------------

TEST(ByteArrayConverterTest, PassesBytesThrough) {
  auto c = Make("ByteArrayConverter");
  const std::string raw("\x00\x01\xFF", 3);
  EXPECT_EQ(*Write(*c, {Schema::Bytes(), Value(Bytes{0x00, 0x01, 0xFF})}), raw);
  EXPECT_EQ(*Write(*c, {nullptr, Value(Bytes{0x00, 0x01, 0xFF})}), raw);
  EXPECT_EQ(Write(*c, {Schema::OptionalBytes(), Value()}), std::nullopt);
  SchemaAndValue back = Read(*c, raw);
  EXPECT_EQ(back.schema, Schema::OptionalBytes());
  EXPECT_EQ(back.value, Value(Bytes{0x00, 0x01, 0xFF}));
  EXPECT_TRUE(Read(*c, std::nullopt).value.is_null());
}

TEST(ByteArrayConverterTest, RejectsOtherSchemasAndValues) {
  auto c = Make("ByteArrayConverter");
  EXPECT_EQ(WriteError(*c, {Schema::String(), Value("x")}),
            "Invalid schema type for ByteArrayConverter: STRING");
  EXPECT_EQ(WriteError(*c, {nullptr, Value("x")}),
            "ByteArrayConverter is not compatible with objects of type string");
}

// --- the primitive converters
// ----------------------------------------------------------------------

TEST(PrimitiveConverterTest, BigEndianFixedWidth) {
  auto i = Make("org.apache.kafka.connect.converters.IntegerConverter");
  EXPECT_EQ(*Write(*i, {Schema::Of(SchemaType::kInt32), Value(int64_t{0x01020304})}),
            std::string("\x01\x02\x03\x04", 4));
  EXPECT_EQ(*Write(*i, {nullptr, Value(int64_t{-1})}), std::string("\xFF\xFF\xFF\xFF", 4));
  SchemaAndValue back = Read(*i, std::string("\xFF\xFF\xFF\xFE", 4));
  EXPECT_EQ(back.schema, Schema::Of(SchemaType::kInt32, true));
  EXPECT_EQ(back.value, Value(int64_t{-2}));

  auto s = Make("ShortConverter");
  EXPECT_EQ(*Write(*s, {nullptr, Value(int64_t{-2})}), std::string("\xFF\xFE", 2));
  EXPECT_EQ(Read(*s, std::string("\x80\x00", 2)).value, Value(int64_t{INT16_MIN}));

  auto l = Make("LongConverter");
  EXPECT_EQ(*Write(*l, {nullptr, Value(int64_t{1})}), std::string("\0\0\0\0\0\0\0\x01", 8));
  EXPECT_EQ(Read(*l, std::string("\x7F\xFF\xFF\xFF\xFF\xFF\xFF\xFF", 8)).value,
            Value(int64_t{INT64_MAX}));

  auto f = Make("FloatConverter");
  EXPECT_EQ(*Write(*f, {nullptr, Value(1.5)}), std::string("\x3F\xC0\x00\x00", 4));
  EXPECT_EQ(Read(*f, std::string("\x3F\xC0\x00\x00", 4)).value, Value(1.5));
  EXPECT_EQ(Read(*f, std::string("\x3F\xC0\x00\x00", 4)).schema,
            Schema::Of(SchemaType::kFloat32, true));

  auto d = Make("DoubleConverter");
  EXPECT_EQ(*Write(*d, {nullptr, Value(-2.25)}), std::string("\xC0\x02\0\0\0\0\0\0", 8));
  EXPECT_EQ(Read(*d, std::string("\xC0\x02\0\0\0\0\0\0", 8)).value, Value(-2.25));

  auto b = Make("BooleanConverter");
  EXPECT_EQ(*Write(*b, {Schema::Of(SchemaType::kBoolean), Value(true)}), std::string("\x01"));
  EXPECT_EQ(*Write(*b, {nullptr, Value(false)}), std::string(1, '\0'));
  EXPECT_EQ(Read(*b, std::string("\x01")).value, Value(true));
  EXPECT_EQ(Read(*b, std::string(1, '\0')).schema, Schema::Of(SchemaType::kBoolean, true));

  for (auto* c : {i.get(), s.get(), l.get(), f.get(), d.get(), b.get()}) {
    EXPECT_EQ(Write(*c, {nullptr, Value()}), std::nullopt);
    EXPECT_TRUE(Read(*c, std::nullopt).value.is_null());
  }
}

TEST(PrimitiveConverterTest, KafkaErrors) {
  auto i = Make("IntegerConverter");
  EXPECT_EQ(ReadError(*i, "abc"),
            "Failed to deserialize integer: Size of data received by IntegerDeserializer is not 4");
  EXPECT_EQ(WriteError(*i, {nullptr, Value("12")}), "Failed to serialize to integer (was string)");
  EXPECT_EQ(WriteError(*i, {nullptr, Value(int64_t{1} << 40)}),
            "Failed to serialize to integer: value 1099511627776 is out of range");
  auto d = Make("DoubleConverter");
  EXPECT_EQ(ReadError(*d, "abc"),
            "Failed to deserialize double: Size of data received by Deserializer is not 8");
  auto b = Make("BooleanConverter");
  EXPECT_EQ(ReadError(*b, "\x05"),
            "Failed to deserialize boolean: Unexpected byte received by BooleanDeserializer: 5");
  EXPECT_EQ(ReadError(*b, "\xFF"),
            "Failed to deserialize boolean: Unexpected byte received by BooleanDeserializer: -1");
  EXPECT_EQ(ReadError(*b, ""),
            "Failed to deserialize boolean: Size of data received by BooleanDeserializer is not 1");
  EXPECT_EQ(WriteError(*b, {Schema::String(), Value("true")}),
            "Invalid schema type for BooleanConverter: STRING");
  EXPECT_EQ(WriteError(*b, {nullptr, Value(int64_t{1})}),
            "BooleanConverter is not compatible with objects of type int64");
}

// --- SimpleHeaderConverter -----------------------------------------------------------------------

TEST(SimpleHeaderConverterTest, WritesTextAndInfersOnRead) {
  auto h = CreateHeaderConverter("SimpleHeaderConverter", {});
  ASSERT_TRUE(h.ok());
  auto write = [&](const SchemaAndValue& sv) {
    auto r = (*h)->FromConnectHeader("t", "k", sv);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::nullopt;
  };
  auto read = [&](const std::string& text) {
    auto r = (*h)->ToConnectHeader("t", "k", text);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : SchemaAndValue{};
  };
  EXPECT_EQ(*write({Schema::String(), Value("plain text")}), "plain text");
  EXPECT_EQ(*write({Schema::Of(SchemaType::kInt64), Value(int64_t{42})}), "42");
  EXPECT_EQ(write({Schema::OptionalString(), Value()}), std::nullopt);
  SchemaPtr m = SchemaBuilder::Map(Schema::String(), Schema::Of(SchemaType::kInt32)).Build();
  EXPECT_EQ(*write({m, Value(MapEntries{{Value("a"), Value(int64_t{1})}})}), R"({"a":1})");

  SchemaAndValue n = read("42");
  EXPECT_EQ(n.schema, Schema::Of(SchemaType::kInt8));
  EXPECT_EQ(n.value, Value(int64_t{42}));
  EXPECT_EQ(read("plain text").value, Value("plain text"));
  EXPECT_EQ(read("true").schema, Schema::Of(SchemaType::kBoolean));
  SchemaAndValue map = read(R"({"a":1})");
  ASSERT_TRUE(map.schema);
  EXPECT_EQ(map.schema->type, SchemaType::kMap);
  EXPECT_EQ(map.value, Value(MapEntries{{Value("a"), Value(int64_t{1})}}));
  auto null = (*h)->ToConnectHeader("t", "k", std::nullopt);
  ASSERT_TRUE(null.ok());
  EXPECT_EQ(null->schema, nullptr);
  EXPECT_TRUE(null->value.is_null());
}

}  // namespace
}  // namespace sluice::data
