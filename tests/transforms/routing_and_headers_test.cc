// Flatten, SetSchemaMetadata, RegexRouter, Filter, HeaderFrom, InsertHeader and DropHeaders.
#include <gtest/gtest.h>

#include "transform_test_support.h"

namespace sluice::transforms {
namespace {

using namespace testing;  // NOLINT(build/namespaces)

const SchemaPtr kString = Schema::String();
const SchemaPtr kInt32 = Schema::Of(SchemaType::kInt32);

// --- Flatten ---------------------------------------------------------------------------------

TEST(Flatten, NestedStructsBecomeDelimitedFields) {
  SchemaPtr leaf = SchemaBuilder::Struct()
                       .Field("int32", kInt32)
                       .Field("string", kString)
                       .Field("array", SchemaBuilder::Array(kInt32).Build())
                       .Build();
  SchemaPtr middle = SchemaBuilder::Struct().Field("B", leaf).Build();
  SchemaPtr top = SchemaBuilder::Struct().Name("top").Field("A", middle).Field("x", kInt32).Build();
  Value value =
      Struct({{"A", Struct({{"B", Struct({{"int32", Value(int32_t{8})},
                                          {"string", Value("s")},
                                          {"array", Value(Array{Value(int32_t{1})})}})}})},
              {"x", Value(int32_t{1})}});

  auto t = Configured("Flatten$Value", {});
  ConnectRecord out = Applied(*t, Record({top, value}));
  const Schema& s = *out.value.schema;
  EXPECT_EQ(s.name, "top");
  ASSERT_EQ(s.fields.size(), 4u);
  EXPECT_EQ(s.fields[0].name, "A.B.int32");
  EXPECT_EQ(s.fields[1].name, "A.B.string");
  EXPECT_EQ(s.fields[2].name, "A.B.array");
  EXPECT_EQ(*s.fields[2].schema, *leaf->field("array")->schema);  // arrays are kept as they are
  EXPECT_EQ(s.fields[3].name, "x");
  EXPECT_EQ(out.value.value, Struct({{"A.B.int32", Value(int32_t{8})},
                                     {"A.B.string", Value("s")},
                                     {"A.B.array", Value(Array{Value(int32_t{1})})},
                                     {"x", Value(int32_t{1})}}));
}

TEST(Flatten, OptionalAndDefaultComeFromAncestors) {
  SchemaPtr inner = SchemaBuilder::Struct().Field("n", kInt32).Build();
  SchemaPtr outer = SchemaBuilder::Struct()
                        .Field("opt", SchemaBuilder::Struct().Optional().Field("n", kInt32).Build())
                        .Field("def", SchemaBuilder::Struct()
                                          .Field("n", kInt32)
                                          .Default(Struct({{"n", Value(int32_t{5})}}))
                                          .Build())
                        .Field("plain", inner)
                        .Build();
  Value value = Struct({{"opt", Value()},
                        {"def", Struct({{"n", Value(int32_t{1})}})},
                        {"plain", Struct({{"n", Value(int32_t{2})}})}});
  auto t = Configured("Flatten$Value", {{"delimiter", "_"}});
  ConnectRecord out = Applied(*t, Record({outer, value}));
  const Schema& s = *out.value.schema;
  EXPECT_TRUE(s.field("opt_n")->schema->optional);
  EXPECT_FALSE(s.field("plain_n")->schema->optional);
  ASSERT_NE(s.field("def_n")->schema->default_value, nullptr);
  EXPECT_EQ(*s.field("def_n")->schema->default_value, Value(int32_t{5}));
  EXPECT_EQ(
      out.value.value,
      Struct({{"opt_n", Value()}, {"def_n", Value(int32_t{1})}, {"plain_n", Value(int32_t{2})}}));
}

TEST(Flatten, SchemalessMapsAndErrors) {
  auto t = Configured("Flatten$Key", {});
  Value key = Map({{"a", Map({{"b", Value(int64_t{1})}, {"c", Map({{"d", Value("x")}})}})},
                   {"e", Value(Array{Value(true)})},
                   {"f", Value()}});
  EXPECT_EQ(Applied(*t, Record({}, {nullptr, key})).key.value,
            Map({{"a.b", Value(int64_t{1})},
                 {"a.c.d", Value("x")},
                 {"e", Value(Array{Value(true)})},
                 {"f", Value()}}));
  EXPECT_EQ(Applied(*t, Record({}, {nullptr, Value()})).key.value, Value());

  auto values = Configured("Flatten$Value", {});
  SchemaPtr with_map =
      SchemaBuilder::Struct().Field("m", SchemaBuilder::Map(kString, kString).Build()).Build();
  EXPECT_EQ(ApplyError(*values, Record({with_map, Struct({{"m", Value(MapEntries{})}})})),
            "Flatten transformation does not support MAP for record with schemas (for field m).");
}

// --- SetSchemaMetadata -----------------------------------------------------------------------

TEST(SetSchemaMetadata, SetsNameAndVersion) {
  auto t = Configured("SetSchemaMetadata$Value",
                      {{"schema.name", "com.example.Name"}, {"schema.version", "42"}});
  SchemaPtr schema = SchemaBuilder::Struct().Doc("doc").Field("a", kInt32).Build();
  ConnectRecord out = Applied(*t, Record({schema, Struct({{"a", Value(int32_t{1})}})}));
  EXPECT_EQ(out.value.schema->name, "com.example.Name");
  EXPECT_EQ(out.value.schema->version, 42);
  EXPECT_EQ(out.value.schema->doc, "doc");
  EXPECT_EQ(out.value.schema->fields.size(), 1u);
  EXPECT_EQ(out.value.value, Struct({{"a", Value(int32_t{1})}}));

  auto name_only = Configured("SetSchemaMetadata$Key", {{"schema.name", "k"}});
  ConnectRecord key = Applied(*name_only, Record({}, {kString, Value("id")}));
  EXPECT_EQ(key.key.schema->name, "k");
  EXPECT_EQ(key.key.schema->version, std::nullopt);
  EXPECT_EQ(key.key.schema->type, SchemaType::kString);
}

TEST(SetSchemaMetadata, Errors) {
  auto t = Configured("SetSchemaMetadata$Value", {{"schema.name", "n"}});
  EXPECT_EQ(ApplyError(*t, Record({nullptr, Value("v")})),
            "Schema required for [updating schema metadata]");
  EXPECT_EQ(ConfigError("SetSchemaMetadata$Value", {}),
            "Neither schema name nor version configured");
  EXPECT_EQ(ConfigError("SetSchemaMetadata$Value", {{"schema.version", "x"}}),
            "Invalid value x for configuration schema.version: Not a number of type INT");
}

// --- RegexRouter -------------------------------------------------------------------------------

TEST(RegexRouter, RewritesWholeMatchesOnly) {
  auto route = [](const std::string& regex, const std::string& replacement,
                  const std::string& topic) {
    auto t = Configured("RegexRouter", {{"regex", regex}, {"replacement", replacement}});
    return Applied(*t, Record({nullptr, Value("v")}, {}, topic)).topic;
  };
  EXPECT_EQ(route("foo", "bar", "foo"), "bar");
  EXPECT_EQ(route("foo", "bar", "foo1"), "foo1");  // Matcher.matches(): the whole topic
  EXPECT_EQ(route("(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)", "$1", "index-20160117"), "index");
  EXPECT_EQ(route("(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)", "$2.$1", "index-20160117"), "20160117.index");
  EXPECT_EQ(route("(a)(b)", "$10\\$", "ab"), "a0$");  // $10 is group 1 then '0' with 2 groups
  EXPECT_EQ(route("server1\\.(.*)", "all-$1", "server1.inventory"), "all-inventory");
}

TEST(RegexRouter, ConfigErrors) {
  EXPECT_NE(ConfigError("RegexRouter", {{"regex", "("}, {"replacement", "x"}})
                .find("Invalid value ( for configuration regex: Invalid regex: "),
            std::string::npos);
  EXPECT_EQ(ConfigError("RegexRouter", {{"regex", "(a)"}, {"replacement", "$2"}}),
            "Invalid value $2 for configuration replacement: No group 2");
  EXPECT_EQ(ConfigError("RegexRouter", {{"regex", "(a)"}, {"replacement", "x$"}}),
            "Invalid value x$ for configuration replacement: Illegal group reference: group index "
            "is missing");
  EXPECT_EQ(ConfigError("RegexRouter", {{"regex", "a"}}),
            "Missing required configuration \"replacement\" which has no default value.");
}

// --- Filter ----------------------------------------------------------------------------------

TEST(Filter, DropsEveryRecord) {
  auto t = Configured("org.apache.kafka.connect.transforms.Filter", {});
  auto result = t->Apply(Record({nullptr, Value("v")}));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->has_value());
}

// --- headers ---------------------------------------------------------------------------------

TEST(HeaderFrom, CopyAndMoveWithSchema) {
  SchemaPtr schema =
      SchemaBuilder::Struct().Name("r").Field("a", kInt32).Field("b", kString).Build();
  Value value = Struct({{"a", Value(int32_t{1})}, {"b", Value("x")}});

  auto copy = Configured("HeaderFrom$Value",
                         {{"fields", "a,b"}, {"headers", "ha,hb"}, {"operation", "copy"}});
  ConnectRecord copied = Applied(*copy, Record({schema, value}));
  EXPECT_EQ(copied.value.schema, schema);
  EXPECT_EQ(copied.value.value, value);
  ASSERT_EQ(copied.headers.size(), 2u);
  EXPECT_EQ(copied.headers[0].key, "ha");
  EXPECT_EQ(copied.headers[0].value.schema, kInt32);
  EXPECT_EQ(copied.headers[0].value.value, Value(int32_t{1}));
  EXPECT_EQ(copied.headers[1].key, "hb");

  auto move =
      Configured("HeaderFrom$Value", {{"fields", "a"}, {"headers", "ha"}, {"operation", "move"}});
  ConnectRecord moved = Applied(*move, Record({schema, value}));
  EXPECT_EQ(moved.value.schema->name, "r");
  ASSERT_EQ(moved.value.schema->fields.size(), 1u);
  EXPECT_EQ(moved.value.schema->fields[0].name, "b");
  EXPECT_EQ(moved.value.value, Struct({{"b", Value("x")}}));
  ASSERT_EQ(moved.headers.size(), 1u);
}

TEST(HeaderFrom, SchemalessKeyAndErrors) {
  auto move =
      Configured("HeaderFrom$Key", {{"fields", "id"}, {"headers", "id"}, {"operation", "move"}});
  ConnectRecord out =
      Applied(*move, Record({}, {nullptr, Map({{"id", Value(int64_t{5})}, {"k", Value("v")}})}));
  EXPECT_EQ(out.key.value, Map({{"k", Value("v")}}));
  ASSERT_EQ(out.headers.size(), 1u);
  EXPECT_EQ(out.headers[0].value.schema, nullptr);
  EXPECT_EQ(out.headers[0].value.value, Value(int64_t{5}));

  EXPECT_EQ(
      ConfigError("HeaderFrom$Value", {{"fields", "a,b"}, {"headers", "h"}, {"operation", "copy"}}),
      "'fields' config must have the same number of elements as 'headers' config.");
  EXPECT_EQ(
      ConfigError("HeaderFrom$Value", {{"fields", "a"}, {"headers", "h"}, {"operation", "x"}}),
      "Invalid value x for configuration operation: String must be one of: move, copy");
}

TEST(InsertHeader, AddsATypedLiteral) {
  auto number = Configured("InsertHeader", {{"header", "h"}, {"value.literal", "42"}});
  ConnectRecord r = Record({nullptr, Value("v")});
  r.headers.push_back({"h", {kString, Value("old")}});
  ConnectRecord out = Applied(*number, r);
  ASSERT_EQ(out.headers.size(), 2u);  // added, not replaced
  EXPECT_EQ(out.headers[1].value.schema->type, SchemaType::kInt8);
  EXPECT_EQ(out.headers[1].value.value, Value(int64_t{42}));

  auto text = Configured("InsertHeader", {{"header", "source"}, {"value.literal", "file-1"}});
  EXPECT_EQ(Applied(*text, Record({nullptr, Value("v")})).headers[0].value.value, Value("file-1"));
  EXPECT_EQ(ConfigError("InsertHeader", {{"header", "h"}}),
            "Missing required configuration \"value.literal\" which has no default value.");
}

TEST(DropHeaders, RemovesEveryHeaderWithTheNames) {
  auto t = Configured("DropHeaders", {{"headers", "a,b"}});
  ConnectRecord r = Record({nullptr, Value("v")});
  for (const char* k : {"a", "keep", "b", "a"}) r.headers.push_back({k, {kString, Value(k)}});
  ConnectRecord out = Applied(*t, r);
  ASSERT_EQ(out.headers.size(), 1u);
  EXPECT_EQ(out.headers[0].key, "keep");
  EXPECT_EQ(ConfigError("DropHeaders", {{"headers", " , "}}),
            "Invalid value  ,  for configuration headers: Empty list");
}

}  // namespace
}  // namespace sluice::transforms
