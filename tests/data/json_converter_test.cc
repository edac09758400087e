// The JsonConverter through the converter interface: config, tombstones, caches, both
// schemas.enable settings.
#include <gtest/gtest.h>

#include "data/converter.h"
#include "data/json_converter.h"

namespace sluice::data {
namespace {

std::unique_ptr<Converter> Make(const ConverterConfig& config = {}, bool is_key = false) {
  auto c = CreateConverter("org.apache.kafka.connect.json.JsonConverter", config, is_key);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(c).value() : nullptr;
}

std::string Write(Converter& c, const SchemaAndValue& sv) {
  auto r = c.FromConnectData("topic", sv);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() && r->has_value() ? **r : "<null>";
}

TEST(JsonConverterTest, WritesEnvelopeByDefault) {
  auto c = Make();
  EXPECT_EQ(Write(*c, {Schema::String(), Value("foo")}),
            R"({"schema":{"type":"string","optional":false},"payload":"foo"})");
  EXPECT_EQ(Write(*c, {nullptr, Value(int64_t{5})}), R"({"schema":null,"payload":5})");
}

TEST(JsonConverterTest, TombstonesBothWays) {
  auto c = Make();
  auto out = c->FromConnectData("topic", {nullptr, Value()});
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out->has_value());
  auto in = c->ToConnectData("topic", std::nullopt);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->schema, nullptr);
  EXPECT_TRUE(in->value.is_null());
  // An optional schema with a null value is not a tombstone.
  EXPECT_EQ(Write(*c, {Schema::OptionalString(), Value()}),
            R"({"schema":{"type":"string","optional":true},"payload":null})");
}

TEST(JsonConverterTest, SchemasDisabledBothWays) {
  auto c = Make({{"schemas.enable", "false"}});
  SchemaPtr s = SchemaBuilder::Struct()
                    .Field("line", Schema::String())
                    .Field("data_source", Schema::String())
                    .Build();
  EXPECT_EQ(Write(*c, {s, Value(StructFields{{"line", Value("foo")},
                                             {"data_source", Value("test-file-source")}})}),
            R"({"line":"foo","data_source":"test-file-source"})");
  EXPECT_EQ(Write(*c, {Schema::OptionalString(), Value()}), "null");
  EXPECT_EQ(Write(*c, {Schema::Of(SchemaType::kFloat64), Value(1e10)}), "1.0E10");

  auto in = c->ToConnectData("topic", std::string(R"({"a":{"b":[1,2.5,"x",null,false]}})"));
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->schema, nullptr);
  EXPECT_EQ(
      in->value,
      Value(MapEntries{
          {Value("a"),
           Value(MapEntries{{Value("b"), Value(Array{Value(int64_t{1}), Value(2.5), Value("x"),
                                                     Value(), Value(false)})}})}}));
  // An envelope is plain JSON here: a map with "schema" and "payload".
  in = c->ToConnectData("topic", std::string(R"({"schema":null,"payload":1})"));
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->value.as<MapEntries>().size(), 2u);
  in = c->ToConnectData("topic", std::string(""));
  ASSERT_TRUE(in.ok());
  EXPECT_TRUE(in->value.is_null());
}

TEST(JsonConverterTest, PlainJsonWithSchemasEnabledGivesKafkaError) {
  auto c = Make();
  auto in = c->ToConnectData("topic", std::string(R"({"line":"foo"})"));
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(in.status().message(),
            "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may "
            "not contain additional fields. If you are trying to deserialize plain JSON data, set "
            "schemas.enable=false in your converter configuration.");
  in = c->ToConnectData("topic", std::string("{oops"));
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.status().message().rfind(
                "Converting byte[] to Kafka Connect data failed due to serialization error: ", 0),
            0u);
}

TEST(JsonConverterTest, DecimalFormatIsCaseInsensitive) {
  auto c = Make({{"decimal.format", "numeric"}});
  EXPECT_EQ(
      Write(*c, {DecimalSchema(2), Value(decimal::Parse("1.56", 2))}),
      R"({"schema":{"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal","version":1,"parameters":{"scale":"2"}},"payload":1.56})");
}

TEST(JsonConverterTest, ReplaceNullWithDefaultFalse) {
  auto c = Make({{"replace.null.with.default", "false"}});
  SchemaPtr s = SchemaBuilder(SchemaType::kInt32).Optional().Default(Value(int64_t{3})).Build();
  EXPECT_EQ(Write(*c, {s, Value()}),
            R"({"schema":{"type":"int32","optional":true,"default":3},"payload":null})");
  auto in = c->ToConnectData(
      "t",
      std::string(R"({"schema":{"type":"int32","optional":true,"default":3},"payload":null})"));
  ASSERT_TRUE(in.ok());
  EXPECT_TRUE(in->value.is_null());
}

TEST(JsonConverterTest, ConfigErrorsNameClassAndKey) {
  auto c = CreateConverter("JsonConverter", {{"schemas.enable", "maybe"}}, false);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(c.status().message(),
            "Invalid configuration for org.apache.kafka.connect.json.JsonConverter: Invalid value "
            "maybe for configuration schemas.enable: Expected value to be either true or false");
  c = CreateConverter("JsonConverter", {{"decimal.format", "HEX"}, {"schemas.cache.size", "x"}},
                      false);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("decimal.format"), std::string::npos);
  EXPECT_NE(c.status().message().find("schemas.cache.size"), std::string::npos);
}

TEST(JsonConverterTest, CachesSchemaTextPerSchemaAndSchemaPerJson) {
  JsonConverter c;
  ASSERT_TRUE(c.Configure({{"schemas.cache.size", "2"}}, false).ok());
  SchemaPtr a = SchemaBuilder::Struct().Field("x", Schema::String()).Build();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.FromConnectData("t", {a, Value(StructFields{{"x", Value("v")}})}).ok());
  }
  EXPECT_EQ(c.encode_cache_size(), 1u);
  ASSERT_TRUE(c.FromConnectData("t", {Schema::String(), Value("s")}).ok());
  ASSERT_TRUE(c.FromConnectData("t", {Schema::Bytes(), Value(sluice::Bytes{1})}).ok());
  EXPECT_EQ(c.encode_cache_size(), 2u);  // bounded by schemas.cache.size

  const std::string text = R"({"schema":{"type":"string","optional":false},"payload":"v"})";
  auto first = c.ToConnectData("t", text);
  auto second = c.ToConnectData("t", text);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->schema, second->schema);  // the same SchemaPtr: downstream caches hit
  EXPECT_EQ(c.decode_cache_size(), 1u);
  // The encode cache gives the same bytes as writing the schema afresh.
  EXPECT_EQ(*c.FromConnectData("t", *first).value(), text);
}

TEST(JsonConverterTest, KnownSchemaPrefixGivesTheSameAnswersAsAFullRead) {
  const std::string prefix = R"({"schema":{"type":"string","optional":false},"payload":)";
  const std::vector<std::string> records = {
      prefix + R"("plain"})",
      prefix + R"(  "spaced"  })",
      prefix + R"(5})",                  // wrong type for the schema
      prefix + R"("a","extra":1})",      // a third member
      prefix + R"("a"} {"x":1})",        // trailing data
      prefix + R"(})",                   // no payload
      prefix + R"("a","payload":"b"})",  // duplicate member: the last one counts
      R"({"schema":{"type":"string","optional":false}, "payload":"other spacing"})",
      R"({"schema":null,"payload":{"k":[1,2]}})",
      R"({"schema":{"type":"int32","optional":true},"payload":null})",
  };
  JsonConverter warm;
  ASSERT_TRUE(warm.Configure({}, false).ok());
  // Teach the converter the prefixes, then read every record with a cold and a warm converter.
  ASSERT_TRUE(warm.ToConnectData("t", records[0]).ok());
  ASSERT_TRUE(warm.ToConnectData("t", records[8]).ok());
  EXPECT_EQ(warm.known_prefix_reads(), 0u);
  for (int round = 0; round < 2; ++round) {
    for (const auto& record : records) {
      auto cold = Make()->ToConnectData("t", record);
      auto hot = warm.ToConnectData("t", record);
      ASSERT_EQ(cold.ok(), hot.ok()) << record;
      if (!cold.ok()) {
        EXPECT_EQ(cold.status().message(), hot.status().message()) << record;
        continue;
      }
      EXPECT_TRUE(SchemaEquals(cold->schema, hot->schema)) << record;
      EXPECT_EQ(cold->value, hot->value) << record;
    }
  }
  // Records 0, 1, 2 and 8 match a known prefix with one JSON value after it in both rounds;
  // record 9 in the second round, once the first taught its schema.
  EXPECT_EQ(warm.known_prefix_reads(), 9u);
  // The schemaless envelope read back through the known prefix is the same map.
  auto schemaless = warm.ToConnectData("t", records[8]);
  ASSERT_TRUE(schemaless.ok());
  EXPECT_EQ(schemaless->schema, nullptr);
  EXPECT_EQ(schemaless->value,
            Value(MapEntries{{Value("k"), Value(Array{Value(int64_t{1}), Value(int64_t{2})})}}));
}

// The text fast paths (a string payload read straight into the record before's buffer, a value
// written into the bytes before's) give what the full paths give, escapes and all.
TEST(JsonConverterTest, ConvertingInPlaceGivesWhatTheFullPathsGive) {
  JsonConverter c;
  ASSERT_TRUE(c.Configure({}, false).ok());
  const std::vector<std::string> texts = {
      "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326",
      "tab\there, back\\slash, quote\"", "caf\xC3\xA9 \xE2\x82\xAC", "", "\x01control"};
  SchemaAndValue in_place{nullptr, Value(MapEntries{})};  // holds something else at first
  std::optional<std::string> bytes_in_place;
  for (const std::string& text : texts) {
    const SchemaAndValue data{Schema::String(), Value(text)};
    auto bytes = c.FromConnectData("t", data);
    ASSERT_TRUE(bytes.ok());
    ASSERT_TRUE(c.FromConnectDataInto("t", data, bytes_in_place).ok());
    EXPECT_EQ(bytes_in_place, *bytes);
    ASSERT_TRUE(c.ToConnectDataInto("t", *bytes, in_place).ok());
    EXPECT_EQ(in_place.value, Value(text));
    EXPECT_TRUE(SchemaEquals(in_place.schema, Schema::String()));
    auto full = Make()->ToConnectData("t", *bytes);
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(full->value, in_place.value);
  }
  ASSERT_TRUE(c.ToConnectDataInto("t", std::nullopt, in_place).ok());  // a tombstone
  EXPECT_TRUE(in_place.value.is_null());
  EXPECT_EQ(in_place.schema, nullptr);
}

TEST(JsonConverterTest, HeaderConverterSide) {
  auto h = CreateHeaderConverter("JsonConverter", {});
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  auto bytes =
      (*h)->FromConnectHeader("t", "k", {Schema::Of(SchemaType::kInt32), Value(int64_t{7})});
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(**bytes, R"({"schema":{"type":"int32","optional":false},"payload":7})");
  auto back = (*h)->ToConnectHeader("t", "k", *bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->value, Value(int64_t{7}));
}

TEST(JsonConverterTest, DataErrorsAreInvalidArgument) {
  auto c = Make();
  auto r = c->FromConnectData("t", {Schema::Of(SchemaType::kInt32), Value("x")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "Invalid type for INT32: string");
}

}  // namespace
}  // namespace sluice::data
