// InsertField, HoistField, ExtractField, ReplaceField, MaskField and ValueToKey, schemaless and
// with schemas, on keys and values.
#include <gtest/gtest.h>

#include "transform_test_support.h"

namespace sluice::transforms {
namespace {

using namespace testing;  // NOLINT(build/namespaces)

const SchemaPtr kString = Schema::String();
const SchemaPtr kInt32 = Schema::Of(SchemaType::kInt32);
const SchemaPtr kInt64 = Schema::Of(SchemaType::kInt64);

// --- InsertField -----------------------------------------------------------------------------

const Config kInsertAll = {{"topic.field", "topic_field!"},
                           {"partition.field", "partition_field"},
                           {"timestamp.field", "timestamp_field?"},
                           {"static.field", "instance_id"},
                           {"static.value", "my-instance-id"}};

TEST(InsertField, SchemalessValueGetsMetadataFieldsAppended) {
  auto t = Configured("org.apache.kafka.connect.transforms.InsertField$Value", kInsertAll);
  ConnectRecord r = Record({nullptr, Map({{"magic", Value(int64_t{42})}})});
  r.partition = 3;

  ConnectRecord out = Applied(*t, r);
  EXPECT_EQ(out.value.schema, nullptr);
  EXPECT_EQ(out.value.value, Map({{"magic", Value(int64_t{42})},
                                  {"topic_field", Value("test")},
                                  {"partition_field", Value(int32_t{3})},
                                  {"timestamp_field", Value(int64_t{1700000000000})},
                                  {"instance_id", Value("my-instance-id")}}));
  EXPECT_EQ(out.key.value, Value());  // the key is untouched
}

TEST(InsertField, StructGetsFieldsAppendedToACopyOfItsSchema) {
  auto t = Configured("InsertField$Value", kInsertAll);
  SchemaPtr schema =
      SchemaBuilder::Struct().Name("name").Version(1).Doc("doc").Field("magic", kInt64).Build();
  ConnectRecord r = Record({schema, Struct({{"magic", Value(int64_t{42})}})});
  r.partition = 3;

  ConnectRecord out = Applied(*t, r);
  const Schema& s = *out.value.schema;
  EXPECT_EQ(s.name, "name");
  EXPECT_EQ(s.version, 1);
  EXPECT_EQ(s.doc, "doc");
  ASSERT_EQ(s.fields.size(), 5u);
  EXPECT_EQ(*s.fields[0].schema, *kInt64);
  EXPECT_EQ(s.fields[1].name, "topic_field");
  EXPECT_EQ(*s.fields[1].schema, *Schema::String());  // "!": required
  EXPECT_EQ(*s.fields[2].schema, *Schema::Of(SchemaType::kInt32, true));
  EXPECT_EQ(*s.fields[3].schema, *TimestampSchema(true));  // a Timestamp, optional
  EXPECT_EQ(*s.fields[4].schema, *Schema::OptionalString());
  EXPECT_EQ(out.value.value, Struct({{"magic", Value(int64_t{42})},
                                     {"topic_field", Value("test")},
                                     {"partition_field", Value(int32_t{3})},
                                     {"timestamp_field", Value(int64_t{1700000000000})},
                                     {"instance_id", Value("my-instance-id")}}));
}

TEST(InsertField, MissingMetadataLeavesTheFieldNull) {
  auto t = Configured("InsertField$Value", {{"partition.field", "p"}, {"timestamp.field", "ts"}});
  SchemaPtr schema = SchemaBuilder::Struct().Field("a", kInt32).Build();
  ConnectRecord r = Record({schema, Struct({{"a", Value(int32_t{1})}})});
  r.partition.reset();
  r.timestamp_ms.reset();
  EXPECT_EQ(Applied(*t, r).value.value,
            Struct({{"a", Value(int32_t{1})}, {"p", Value()}, {"ts", Value()}}));

  auto schemaless = Configured("InsertField$Value", {{"partition.field", "p"}});
  ConnectRecord m = Record({nullptr, Map({{"a", Value(int64_t{1})}})});
  m.partition.reset();
  EXPECT_EQ(Applied(*schemaless, m).value.value, Map({{"a", Value(int64_t{1})}}));
}

TEST(InsertField, KeyVariantWorksOnTheKey) {
  auto t =
      Configured("org.apache.kafka.connect.transforms.InsertField$Key", {{"topic.field", "topic"}});
  ConnectRecord out =
      Applied(*t, Record({kString, Value("v")}, {nullptr, Map({{"id", Value(int64_t{7})}})}));
  EXPECT_EQ(out.key.value, Map({{"id", Value(int64_t{7})}, {"topic", Value("test")}}));
  EXPECT_EQ(out.value.value, Value("v"));
}

TEST(InsertField, OffsetOnlyForSinkRecords) {
  auto t = Configured("InsertField$Value", {{"offset.field", "offset"}});
  ConnectRecord source = Record({nullptr, Map({})});
  EXPECT_EQ(ApplyError(*t, source),
            "Only SinkRecord supported for [field insertion], found: "
            "org.apache.kafka.connect.source.SourceRecord");
  ConnectRecord sink = source;
  sink.kafka_offset = 99;
  EXPECT_EQ(Applied(*t, sink).value.value, Map({{"offset", Value(int64_t{99})}}));
}

TEST(InsertField, TombstonesPassAndOtherValuesAreRefused) {
  auto t = Configured("InsertField$Value", {{"topic.field", "topic"}});
  EXPECT_EQ(Applied(*t, Record({nullptr, Value()})).value.value, Value());
  EXPECT_EQ(ApplyError(*t, Record({nullptr, Value("foo")})),
            "Only Map objects supported in absence of schema for [field insertion], found: "
            "java.lang.String");
  EXPECT_EQ(ApplyError(*t, Record({kString, Value("foo")})),
            "Only Struct objects supported for [field insertion], found: java.lang.String");
}

TEST(InsertField, ExistingFieldNameIsRefusedWithASchema) {
  auto t = Configured("InsertField$Value", {{"topic.field", "a"}});
  SchemaPtr schema = SchemaBuilder::Struct().Field("a", kInt32).Build();
  EXPECT_EQ(ApplyError(*t, Record({schema, Struct({{"a", Value(int32_t{1})}})})),
            "Cannot create field because of field name duplication a");
}

TEST(InsertField, EachSchemaGetsItsOwnUpdatedSchema) {
  auto t = Configured("InsertField$Value", {{"topic.field", "t"}});
  SchemaPtr a = SchemaBuilder::Struct().Field("a", kInt32).Build();
  SchemaPtr b = SchemaBuilder::Struct().Field("b", kString).Build();
  for (int round = 0; round < 2; ++round) {  // the second round comes from the schema cache
    ConnectRecord ra = Applied(*t, Record({a, Struct({{"a", Value(int32_t{1})}})}));
    EXPECT_EQ(ra.value.schema->fields[0].name, "a");
    EXPECT_EQ(ra.value.value, Struct({{"a", Value(int32_t{1})}, {"t", Value("test")}}));
    ConnectRecord rb = Applied(*t, Record({b, Struct({{"b", Value("x")}})}));
    EXPECT_EQ(rb.value.schema->fields[0].name, "b");
    EXPECT_EQ(rb.value.value, Struct({{"b", Value("x")}, {"t", Value("test")}}));
  }
}

TEST(InsertField, ConfigErrors) {
  EXPECT_EQ(ConfigError("InsertField$Value", {}), "No field insertion configured");
  EXPECT_EQ(ConfigError("InsertField$Value", {{"static.field", "s"}}),
            "Invalid value null for configuration static.value: No value specified for static "
            "field: s");
}

// --- HoistField ------------------------------------------------------------------------------

TEST(HoistField, SchemalessWrapsInAMap) {
  auto t = Configured("HoistField$Value", {{"field", "line"}});
  EXPECT_EQ(Applied(*t, Record({nullptr, Value("foo")})).value.value,
            Map({{"line", Value("foo")}}));
}

TEST(HoistField, WithSchemaWrapsInAStruct) {
  auto t = Configured("org.apache.kafka.connect.transforms.HoistField$Key", {{"field", "id"}});
  ConnectRecord out = Applied(*t, Record({}, {kInt64, Value(int64_t{5})}));
  ASSERT_NE(out.key.schema, nullptr);
  EXPECT_EQ(*out.key.schema, *SchemaBuilder::Struct().Field("id", kInt64).Build());
  EXPECT_EQ(out.key.value, Struct({{"id", Value(int64_t{5})}}));
}

TEST(HoistField, NullInARequiredSchemaIsRefused) {
  auto t = Configured("HoistField$Value", {{"field", "line"}});
  EXPECT_EQ(ApplyError(*t, Record({kString, Value()})),
            "Invalid value: null used for required field: \"line\", schema type: STRING");
  EXPECT_EQ(ConfigError("HoistField$Value", {}),
            "Missing required configuration \"field\" which has no default value.");
}

// --- ExtractField ----------------------------------------------------------------------------

TEST(ExtractField, SchemalessAndWithSchema) {
  auto t = Configured("ExtractField$Key", {{"field", "magic"}});
  ConnectRecord m = Record({}, {nullptr, Map({{"magic", Value(int64_t{42})}})});
  EXPECT_EQ(Applied(*t, m).key.value, Value(int64_t{42}));

  SchemaPtr schema = SchemaBuilder::Struct().Field("magic", kInt32).Build();
  ConnectRecord s = Record({}, {schema, Struct({{"magic", Value(int32_t{42})}})});
  ConnectRecord out = Applied(*t, s);
  EXPECT_EQ(out.key.schema, kInt32);
  EXPECT_EQ(out.key.value, Value(int32_t{42}));
}

TEST(ExtractField, NullsPassAndMissingFields) {
  auto t = Configured("ExtractField$Value", {{"field", "magic"}});
  EXPECT_EQ(Applied(*t, Record({nullptr, Value()})).value.value, Value());
  EXPECT_EQ(Applied(*t, Record({nullptr, Map({})})).value.value, Value());

  SchemaPtr schema = SchemaBuilder::Struct().Optional().Field("magic", kInt32).Build();
  ConnectRecord out = Applied(*t, Record({schema, Value()}));
  EXPECT_EQ(out.value.schema, kInt32);
  EXPECT_TRUE(out.value.value.is_null());

  SchemaPtr other = SchemaBuilder::Struct().Field("other", kInt32).Build();
  EXPECT_EQ(ApplyError(*t, Record({other, Struct({{"other", Value(int32_t{1})}})})),
            "Unknown field: magic");
}

TEST(ExtractField, NestedPathsWithSyntaxV2) {
  SchemaPtr inner = SchemaBuilder::Struct().Field("b", kString).Build();
  SchemaPtr dotted = SchemaBuilder::Struct().Field("c", kInt32).Build();
  SchemaPtr outer =
      SchemaBuilder::Struct().Field("a", inner).Field("a.b", dotted).Field("x", kInt32).Build();
  Value value = Struct({{"a", Struct({{"b", Value("nested")}})},
                        {"a.b", Struct({{"c", Value(int32_t{7})}})},
                        {"x", Value(int32_t{1})}});

  auto v2 = Configured("ExtractField$Value", {{"field", "a.b"}, {"field.syntax.version", "V2"}});
  ConnectRecord out = Applied(*v2, Record({outer, value}));
  EXPECT_EQ(out.value.schema, kString);
  EXPECT_EQ(out.value.value, Value("nested"));

  auto backticks =
      Configured("ExtractField$Value", {{"field", "`a.b`.c"}, {"field.syntax.version", "v2"}});
  EXPECT_EQ(Applied(*backticks, Record({outer, value})).value.value, Value(int32_t{7}));

  // V1 (the default) takes the path as one name: the struct field called "a.b".
  auto v1 = Configured("ExtractField$Value", {{"field", "a.b"}});
  EXPECT_EQ(Applied(*v1, Record({outer, value})).value.schema, dotted);

  // Schemaless maps nest the same way.
  Value map = Map({{"a", Map({{"b", Value("deep")}})}});
  EXPECT_EQ(Applied(*v2, Record({nullptr, map})).value.value, Value("deep"));
  EXPECT_EQ(ApplyError(*v2, Record({nullptr, Map({{"a", Value("flat")}})})),
            "Only Map objects supported in absence of schema for [nested field access], found: "
            "java.lang.String");
}

TEST(ExtractField, ConfigErrors) {
  EXPECT_EQ(ConfigError("ExtractField$Value", {{"field", "`a.b"}, {"field.syntax.version", "V2"}}),
            "Invalid value `a.b for configuration field: Incomplete backtick pair in path: [`a.b], "
            "consider adding a backslash before backtick at position 0 to escape it");
  EXPECT_NE(ConfigError("ExtractField$Value", {{"field", "a"}, {"field.syntax.version", "V3"}})
                .find("Invalid value V3 for configuration field.syntax.version"),
            std::string::npos);
}

// --- ReplaceField ----------------------------------------------------------------------------

TEST(ReplaceField, SchemalessExcludeIncludeRename) {
  auto t = Configured(
      "ReplaceField$Value",
      {{"exclude", "dont"}, {"include", "abc,foo,dont"}, {"renames", "abc:xyz,foo:bar"}});
  Value value = Map({{"dont", Value("whatever")},
                     {"abc", Value(int64_t{42})},
                     {"foo", Value(true)},
                     {"etc", Value("etc")}});
  EXPECT_EQ(Applied(*t, Record({nullptr, value})).value.value,
            Map({{"xyz", Value(int64_t{42})}, {"bar", Value(true)}}));
}

TEST(ReplaceField, WithSchema) {
  auto t = Configured("ReplaceField$Value", {{"exclude", "dont"}, {"renames", "abc:xyz,foo:bar"}});
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Name("rec")
                         .Field("dont", kString)
                         .Field("abc", kInt32)
                         .Field("foo", Schema::Of(SchemaType::kBoolean))
                         .Field("etc", kString)
                         .Build();
  Value value = Struct({{"dont", Value("whatever")},
                        {"abc", Value(int32_t{42})},
                        {"foo", Value(true)},
                        {"etc", Value("etc")}});
  ConnectRecord out = Applied(*t, Record({schema, value}));
  EXPECT_EQ(out.value.schema->name, "rec");
  ASSERT_EQ(out.value.schema->fields.size(), 3u);
  EXPECT_EQ(out.value.schema->fields[0].name, "xyz");
  EXPECT_EQ(out.value.schema->fields[1].name, "bar");
  EXPECT_EQ(out.value.schema->fields[2].name, "etc");
  EXPECT_EQ(out.value.value,
            Struct({{"xyz", Value(int32_t{42})}, {"bar", Value(true)}, {"etc", Value("etc")}}));
}

TEST(ReplaceField, NullWithDefaultFollowsReplaceNullWithDefault) {
  SchemaPtr with_default =
      SchemaBuilder(SchemaType::kInt32).Optional().Default(Value(int32_t{9})).Build();
  SchemaPtr schema = SchemaBuilder::Struct().Field("n", with_default).Build();
  ConnectRecord r = Record({schema, Struct({{"n", Value()}})});
  auto replaced = Configured("ReplaceField$Value", {{"renames", "n:m"}});
  EXPECT_EQ(Applied(*replaced, r).value.value, Struct({{"m", Value(int32_t{9})}}));
  auto kept = Configured("ReplaceField$Value",
                         {{"renames", "n:m"}, {"replace.null.with.default", "false"}});
  EXPECT_EQ(Applied(*kept, r).value.value, Struct({{"m", Value()}}));
}

TEST(ReplaceField, DeprecatedNamesAndErrors) {
  auto t = Configured("ReplaceField$Key", {{"blacklist", "a"}, {"whitelist", "a,b"}});
  ConnectRecord out = Applied(*t, Record({}, {nullptr, Map({{"a", Value(int64_t{1})},
                                                            {"b", Value(int64_t{2})},
                                                            {"c", Value(int64_t{3})}})}));
  EXPECT_EQ(out.key.value, Map({{"b", Value(int64_t{2})}}));

  EXPECT_EQ(ConfigError("ReplaceField$Value", {{"renames", "a:b:c"}}),
            "Invalid value a:b:c for configuration renames: Invalid rename mapping: a:b:c");
  auto clash = Configured("ReplaceField$Value", {{"renames", "a:b"}});
  SchemaPtr schema = SchemaBuilder::Struct().Field("a", kInt32).Field("b", kInt32).Build();
  EXPECT_EQ(
      ApplyError(*clash,
                 Record({schema, Struct({{"a", Value(int32_t{1})}, {"b", Value(int32_t{2})}})})),
      "Cannot create field because of field name duplication b");
}

// --- MaskField -------------------------------------------------------------------------------

TEST(MaskField, WithSchemaEveryTypeGetsItsNullEquivalent) {
  SchemaPtr schema = SchemaBuilder::Struct()
                         .Field("magic", kInt32)
                         .Field("int8", Schema::Of(SchemaType::kInt8))
                         .Field("float64", Schema::Of(SchemaType::kFloat64))
                         .Field("boolean", Schema::Of(SchemaType::kBoolean))
                         .Field("string", kString)
                         .Field("date", DateSchema())
                         .Field("decimal", DecimalSchema(2))
                         .Field("array", SchemaBuilder::Array(kInt32).Build())
                         .Field("map", SchemaBuilder::Map(kString, kString).Build())
                         .Build();
  Value value = Struct({{"magic", Value(int32_t{42})},
                        {"int8", Value(int32_t{8})},
                        {"float64", Value(64.5)},
                        {"boolean", Value(true)},
                        {"string", Value("secret")},
                        {"date", Value(int32_t{19000})},
                        {"decimal", Value(decimal::Parse("12.34", 2))},
                        {"array", Value(Array{Value(int32_t{1})})},
                        {"map", Value(MapEntries{{Value("k"), Value("v")}})}});
  auto t = Configured("MaskField$Value",
                      {{"fields", "int8,float64,boolean,string,date,decimal,array,map"}});
  ConnectRecord out = Applied(*t, Record({schema, value}));
  EXPECT_EQ(out.value.schema, schema);
  EXPECT_EQ(out.value.value, Struct({{"magic", Value(int32_t{42})},
                                     {"int8", Value(int32_t{0})},
                                     {"float64", Value(0.0)},
                                     {"boolean", Value(false)},
                                     {"string", Value("")},
                                     {"date", Value(int32_t{0})},
                                     {"decimal", Value(decimal::FromUnscaled(0))},
                                     {"array", Value(Array{})},
                                     {"map", Value(MapEntries{})}}));
}

TEST(MaskField, SchemalessAndReplacements) {
  Value value = Map({{"n", Value(int64_t{42})}, {"s", Value("secret")}, {"b", Value(true)}});
  auto t = Configured("MaskField$Value", {{"fields", "n,s"}});
  EXPECT_EQ(Applied(*t, Record({nullptr, value})).value.value,
            Map({{"n", Value(int64_t{0})}, {"s", Value("")}, {"b", Value(true)}}));

  auto numeric = Configured("MaskField$Value", {{"fields", "n"}, {"replacement", "-1"}});
  EXPECT_EQ(*MapGet(Applied(*numeric, Record({nullptr, value})).value.value, "n"),
            Value(int64_t{-1}));
  auto text = Configured("MaskField$Value", {{"fields", "s"}, {"replacement", "***"}});
  EXPECT_EQ(*MapGet(Applied(*text, Record({nullptr, value})).value.value, "s"), Value("***"));

  auto bad_number = Configured("MaskField$Value", {{"fields", "n"}, {"replacement", "abc"}});
  EXPECT_EQ(ApplyError(*bad_number, Record({nullptr, value})),
            "Unable to convert abc (class java.lang.String) to number");
  auto boolean = Configured("MaskField$Value", {{"fields", "b"}, {"replacement", "x"}});
  EXPECT_EQ(ApplyError(*boolean, Record({nullptr, value})),
            "Cannot mask value of type class java.lang.Boolean with custom replacement.");
}

TEST(MaskField, ErrorsAndTombstones) {
  auto t = Configured("MaskField$Key", {{"fields", "b"}});
  EXPECT_EQ(ApplyError(*t, Record({}, {nullptr, Map({{"b", Value(Bytes{1, 2})}})})),
            "Cannot mask value of type: class [B");
  EXPECT_EQ(Applied(*t, Record({}, {nullptr, Value()})).key.value, Value());
  EXPECT_EQ(ConfigError("MaskField$Value", {{"fields", ""}}),
            "Invalid value  for configuration fields: Empty list");
  EXPECT_EQ(ConfigError("MaskField$Value", {{"fields", "a"}, {"replacement", ""}}),
            "Invalid value  for configuration replacement: String must be non-empty");
}

// --- ValueToKey ------------------------------------------------------------------------------

TEST(ValueToKey, SchemalessKeyIsAMapOfTheFields) {
  auto t = Configured("ValueToKey", {{"fields", "a,b"}});
  Value value = Map({{"a", Value(int64_t{1})}, {"b", Value(int64_t{2})}, {"c", Value(int64_t{3})}});
  ConnectRecord out = Applied(*t, Record({nullptr, value}));
  EXPECT_EQ(out.key.schema, nullptr);
  EXPECT_EQ(out.key.value, Map({{"a", Value(int64_t{1})}, {"b", Value(int64_t{2})}}));
  EXPECT_EQ(out.value.value, value);
}

TEST(ValueToKey, WithSchemaKeyIsAStruct) {
  auto t = Configured("org.apache.kafka.connect.transforms.ValueToKey", {{"fields", "b,a"}});
  SchemaPtr schema =
      SchemaBuilder::Struct().Field("a", kInt32).Field("b", kString).Field("c", kInt64).Build();
  ConnectRecord out = Applied(
      *t,
      Record({schema,
              Struct({{"a", Value(int32_t{1})}, {"b", Value("x")}, {"c", Value(int64_t{3})}})}));
  EXPECT_EQ(*out.key.schema,
            *SchemaBuilder::Struct().Field("b", kString).Field("a", kInt32).Build());
  EXPECT_EQ(out.key.value, Struct({{"b", Value("x")}, {"a", Value(int32_t{1})}}));

  auto missing = Configured("ValueToKey", {{"fields", "z"}});
  EXPECT_EQ(ApplyError(*missing, Record({schema, Struct({{"a", Value(int32_t{1})}})})),
            "Field does not exist: z");
}

}  // namespace
}  // namespace sluice::transforms
