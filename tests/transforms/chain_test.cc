// The predicates, the chain built from a connector config (Kafka's documentation examples among
// its cases), its validation, and the catalog of built-ins.
#include <gtest/gtest.h>

#include <algorithm>

#include "sluice/envelope.h"
#include "transform_test_support.h"

namespace sluice::transforms {
namespace {

using namespace testing;  // NOLINT(build/namespaces)

std::unique_ptr<Predicate> ConfiguredPredicate(const std::string& type, const Config& config) {
  auto created = NewPredicate(type);
  EXPECT_TRUE(created.ok()) << created.status().message();
  if (!created.ok()) return nullptr;
  Status st = (*created)->Configure(config);
  EXPECT_TRUE(st.ok()) << st.message();
  return std::move(*created);
}

std::unique_ptr<TransformChain> Chain(const Config& config) {
  auto chain = TransformChain::Create(config);
  EXPECT_TRUE(chain.ok()) << chain.status().message();
  return chain.ok() ? std::move(*chain) : nullptr;
}

// The record after the chain; nullopt when it was dropped.
std::optional<ConnectRecord> Through(TransformChain& chain, ConnectRecord record) {
  auto result = chain.Apply(std::move(record));
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? std::move(*result) : std::nullopt;
}

std::string CreateError(const Config& config) {
  auto chain = TransformChain::Create(config);
  EXPECT_FALSE(chain.ok());
  return chain.ok() ? std::string() : chain.status().message();
}

// --- predicates ------------------------------------------------------------------------------

TEST(Predicates, TopicNameMatchesTheWholeName) {
  auto p = ConfiguredPredicate("org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
                               {{"pattern", "foo.*"}});
  EXPECT_TRUE(p->Test(Record({}, {}, "foo")));
  EXPECT_TRUE(p->Test(Record({}, {}, "foobar")));
  EXPECT_FALSE(p->Test(Record({}, {}, "barfoo")));
  auto exact = ConfiguredPredicate("TopicNameMatches", {{"pattern", "foo"}});
  EXPECT_FALSE(exact->Test(Record({}, {}, "foobar")));

  auto bad = NewPredicate("TopicNameMatches");
  ASSERT_TRUE(bad.ok());
  EXPECT_NE((*bad)
                ->Configure({{"pattern", "[a-"}})
                .message()
                .find("Invalid value [a- for configuration pattern: Invalid regex: "),
            std::string::npos);
  EXPECT_EQ((*bad)->Configure({{"pattern", ""}}).message(),
            "Invalid value  for configuration pattern: String must be non-empty");
}

TEST(Predicates, HasHeaderKeyAndRecordIsTombstone) {
  auto has = ConfiguredPredicate("HasHeaderKey", {{"name", "trace"}});
  ConnectRecord r = Record({nullptr, Value("v")});
  EXPECT_FALSE(has->Test(r));
  r.headers.push_back({"trace", {nullptr, Value()}});
  EXPECT_TRUE(has->Test(r));

  auto tombstone =
      ConfiguredPredicate("org.apache.kafka.connect.transforms.predicates.RecordIsTombstone", {});
  EXPECT_FALSE(tombstone->Test(r));
  EXPECT_TRUE(tombstone->Test(Record({Schema::OptionalString(), Value()})));
}

// --- Kafka's documentation examples ----------------------------------------------------------

// docs/connect.html: the file source with HoistField$Value and InsertField$Value.
const Config kFileSourceExample = {
    {"name", "local-file-source"},
    {"connector.class", "FileStreamSource"},
    {"file", "test.txt"},
    {"topic", "connect-test"},
    {"transforms", "MakeMap, InsertSource"},
    {"transforms.MakeMap.type", "org.apache.kafka.connect.transforms.HoistField$Value"},
    {"transforms.MakeMap.field", "line"},
    {"transforms.InsertSource.type", "org.apache.kafka.connect.transforms.InsertField$Value"},
    {"transforms.InsertSource.static.field", "data_source"},
    {"transforms.InsertSource.static.value", "test-file-source"}};

TEST(ChainDocExamples, HoistAndInsertOnTheFileSourceSchemaless) {
  auto chain = Chain(kFileSourceExample);
  ASSERT_EQ(chain->size(), 2u);
  auto out = Through(*chain, Record({nullptr, Value("foo")}, {}, "connect-test"));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->value.value,
            Map({{"line", Value("foo")}, {"data_source", Value("test-file-source")}}));
  // value.converter.schemas.enable=false writes exactly what Kafka's documentation shows.
  EXPECT_EQ(envelope::ValueToJson(nullptr, out->value.value),
            R"({"line":"foo","data_source":"test-file-source"})");
}

TEST(ChainDocExamples, HoistAndInsertOnTheFileSourceWithSchema) {
  auto chain = Chain(kFileSourceExample);
  auto out = Through(*chain, Record({Schema::String(), Value("foo")}, {}, "connect-test"));
  ASSERT_TRUE(out);
  const Schema& schema = *out->value.schema;
  ASSERT_EQ(schema.fields.size(), 2u);
  EXPECT_EQ(schema.fields[0].name, "line");
  EXPECT_EQ(schema.fields[1].name, "data_source");
  EXPECT_EQ(out->value.value,
            Struct({{"line", Value("foo")}, {"data_source", Value("test-file-source")}}));
  EXPECT_EQ(envelope::ValueToJson(out->value.schema.get(), out->value.value),
            R"({"line":"foo","data_source":"test-file-source"})");
}

TEST(ChainDocExamples, FilterWithTopicNameMatchesDropsTopicFoo) {
  auto chain = Chain(
      {{"transforms", "Filter"},
       {"transforms.Filter.type", "org.apache.kafka.connect.transforms.Filter"},
       {"transforms.Filter.predicate", "IsFoo"},
       {"predicates", "IsFoo"},
       {"predicates.IsFoo.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"},
       {"predicates.IsFoo.pattern", "foo"}});
  EXPECT_FALSE(Through(*chain, Record({nullptr, Value("v")}, {}, "foo")));
  auto kept = Through(*chain, Record({nullptr, Value("v")}, {}, "bar"));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->topic, "bar");
}

TEST(ChainDocExamples, ExtractFieldEverywhereButTopicBar) {
  auto chain = Chain(
      {{"transforms", "Filter,Extract"},
       {"transforms.Filter.type", "org.apache.kafka.connect.transforms.Filter"},
       {"transforms.Filter.predicate", "IsFoo"},
       {"transforms.Extract.type", "org.apache.kafka.connect.transforms.ExtractField$Key"},
       {"transforms.Extract.field", "other_field"},
       {"transforms.Extract.predicate", "IsBar"},
       {"transforms.Extract.negate", "true"},
       {"predicates", "IsFoo,IsBar"},
       {"predicates.IsFoo.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"},
       {"predicates.IsFoo.pattern", "foo"},
       {"predicates.IsBar.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches"},
       {"predicates.IsBar.pattern", "bar"}});
  const SchemaAndValue key{nullptr, Map({{"other_field", Value(int64_t{7})}})};
  EXPECT_FALSE(Through(*chain, Record({nullptr, Value("v")}, key, "foo")));
  auto bar = Through(*chain, Record({nullptr, Value("v")}, key, "bar"));
  ASSERT_TRUE(bar);
  EXPECT_EQ(bar->key.value, key.value);  // negated: not applied to bar
  auto baz = Through(*chain, Record({nullptr, Value("v")}, key, "baz"));
  ASSERT_TRUE(baz);
  EXPECT_EQ(baz->key.value, Value(int64_t{7}));
}

// --- the chain -------------------------------------------------------------------------------

TEST(TransformChain, NoTransformsLeavesRecordsAlone) {
  auto chain = Chain({{"name", "c"}, {"transforms", ""}});
  EXPECT_TRUE(chain->empty());
  auto out = Through(*chain, Record({nullptr, Value("v")}));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->value.value, Value("v"));
}

TEST(TransformChain, AppliesInOrderAndAcceptsAliases) {
  auto chain = Chain({{"transforms", "route, stamp"},
                      {"transforms.route.type", "RegexRouter"},
                      {"transforms.route.regex", "(.*)"},
                      {"transforms.route.replacement", "copy-of-$1"},
                      {"transforms.stamp.type", "InsertHeader"},
                      {"transforms.stamp.header", "routed"},
                      {"transforms.stamp.value.literal", "true"}});
  auto out = Through(*chain, Record({nullptr, Value("v")}, {}, "orders"));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->topic, "copy-of-orders");
  ASSERT_EQ(out->headers.size(), 1u);
  EXPECT_EQ(out->headers[0].value.value, Value(true));
}

TEST(TransformChain, ATombstonePredicateGuardsATransform) {
  auto chain = Chain({{"transforms", "hoist"},
                      {"transforms.hoist.type", "HoistField$Value"},
                      {"transforms.hoist.field", "v"},
                      {"transforms.hoist.predicate", "tomb"},
                      {"transforms.hoist.negate", "TRUE"},
                      {"predicates", "tomb"},
                      {"predicates.tomb.type", "RecordIsTombstone"}});
  auto tombstone = Through(*chain, Record({nullptr, Value()}));
  ASSERT_TRUE(tombstone);
  EXPECT_TRUE(tombstone->value.value.is_null());
  auto value = Through(*chain, Record({nullptr, Value("x")}));
  ASSERT_TRUE(value);
  EXPECT_EQ(value->value.value, Map({{"v", Value("x")}}));
}

TEST(TransformChain, ErrorsWhileApplyingNameTheTransform) {
  auto chain = Chain({{"transforms", "cast"},
                      {"transforms.cast.type", "Cast$Value"},
                      {"transforms.cast.spec", "int8"}});
  auto result = chain->Apply(Record({nullptr, Value("300")}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "transforms.cast (Cast$Value): Value (300) was out of range for requested data type");
}

// --- configuration errors, all at once, by key -----------------------------------------------

TEST(TransformChainConfig, UnknownClass) {
  EXPECT_EQ(CreateError({{"transforms", "a"}, {"transforms.a.type", "Foo"}}),
            "Invalid value Foo for configuration transforms.a.type: Class Foo could not be found.");
}

TEST(TransformChainConfig, AbstractClassAndWrongKind) {
  EXPECT_EQ(CreateError({{"transforms", "a"},
                         {"transforms.a.type", "org.apache.kafka.connect.transforms.InsertField"}}),
            "Invalid value org.apache.kafka.connect.transforms.InsertField for configuration "
            "transforms.a.type: Transformation is abstract and cannot be created. Did you mean "
            "org.apache.kafka.connect.transforms.InsertField$Key, "
            "org.apache.kafka.connect.transforms.InsertField$Value?");
  EXPECT_EQ(CreateError({{"transforms", "a"}, {"transforms.a.type", "TopicNameMatches"}}),
            "Invalid value TopicNameMatches for configuration transforms.a.type: Not a "
            "Transformation");
  EXPECT_EQ(CreateError({{"predicates", "p"}, {"predicates.p.type", "Filter"}}),
            "Invalid value Filter for configuration predicates.p.type: Not a Predicate");
}

TEST(TransformChainConfig, MissingKeysAndUndefinedPredicate) {
  EXPECT_EQ(CreateError({{"transforms", "a"}}),
            "Missing required configuration \"transforms.a.type\" which has no default value.");
  EXPECT_EQ(CreateError({{"transforms", "a"}, {"transforms.a.type", "Cast$Value"}}),
            "Missing required configuration \"transforms.a.spec\" which has no default value.");
  EXPECT_EQ(CreateError({{"transforms", "a"},
                         {"transforms.a.type", "Filter"},
                         {"transforms.a.predicate", "IsFoo"}}),
            "Invalid value IsFoo for configuration transforms.a.predicate: Predicate IsFoo is not "
            "defined: list it in 'predicates' and set its class in 'predicates.IsFoo.type'");
  EXPECT_EQ(
      CreateError(
          {{"transforms", "a"}, {"transforms.a.type", "Filter"}, {"transforms.a.negate", "true"}}),
      "Config 'transforms.a.negate' was provided but there is no config "
      "'transforms.a.predicate' defining a predicate to be negated.");
  EXPECT_EQ(CreateError({{"predicates", "p"}, {"predicates.p.type", "TopicNameMatches"}}),
            "Missing required configuration \"predicates.p.pattern\" which has no default value.");
}

TEST(TransformChainConfig, DuplicateAliasesAndBadNegate) {
  EXPECT_EQ(CreateError({{"transforms", "a,a"}, {"transforms.a.type", "Filter"}}),
            "Invalid value a,a for configuration transforms: Duplicate alias provided.");
  EXPECT_EQ(CreateError({{"transforms", "a"},
                         {"transforms.a.type", "Filter"},
                         {"transforms.a.predicate", "p"},
                         {"transforms.a.negate", "maybe"},
                         {"predicates", "p"},
                         {"predicates.p.type", "RecordIsTombstone"}}),
            "Invalid value maybe for configuration transforms.a.negate: Expected value to be "
            "either true or false");
}

TEST(TransformChainConfig, EveryProblemIsReportedAtOnce) {
  const Config config = {{"transforms", "a,b,c"},
                         {"transforms.a.type", "Foo"},
                         {"transforms.b.type", "Cast$Value"},
                         {"transforms.b.spec", "x:bytes"},
                         {"transforms.c.type", "InsertField$Value"},
                         {"predicates", "p"},
                         {"predicates.p.type", "HasHeaderKey"}};
  const std::string message = CreateError(config);
  EXPECT_NE(message.find("transforms.a.type: Class Foo could not be found."), std::string::npos);
  EXPECT_NE(message.find("Invalid value x:bytes for configuration transforms.b.spec: Cast "
                         "transformation does not support casting to BYTES"),
            std::string::npos);
  EXPECT_NE(message.find("transforms.c.type: No field insertion configured"), std::string::npos);
  EXPECT_NE(message.find("\"predicates.p.name\""), std::string::npos);

  auto problems = ValidateTransformConfig(config);
  std::vector<std::string> keys;
  for (const auto& [key, error] : problems) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"predicates.p.name", "transforms.a.type",
                                            "transforms.b.spec", "transforms.c.type"}));
  EXPECT_EQ(problems[1].second,
            "Invalid value Foo for configuration transforms.a.type: Class Foo could not be found.");
}

TEST(TransformChainConfig, ValidConfigHasNoProblems) {
  EXPECT_TRUE(ValidateTransformConfig(kFileSourceExample).empty());
  EXPECT_TRUE(ValidateTransformConfig({{"name", "no-transforms"}}).empty());
}

TEST(TransformChainConfig, DefinitionOfThePrefixedKeys) {
  ConfigDef def = TransformConfigDefinition({{"transforms", "cast,unknown"},
                                             {"transforms.cast.type", "Cast$Value"},
                                             {"transforms.unknown.type", "Foo"},
                                             {"predicates", "p"},
                                             {"predicates.p.type", "TopicNameMatches"}});
  std::vector<std::string> names;
  for (const ConfigKey& key : def.keys()) names.push_back(key.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{
                "transforms.cast.type", "transforms.cast.predicate", "transforms.cast.negate",
                "transforms.cast.spec", "transforms.cast.replace.null.with.default",
                "transforms.unknown.type", "transforms.unknown.predicate",
                "transforms.unknown.negate", "predicates.p.type", "predicates.p.pattern"}));
  const ConfigKey* spec = def.Find("transforms.cast.spec");
  EXPECT_EQ(spec->group, "Transforms: cast");
  EXPECT_FALSE(spec->has_default);
  EXPECT_EQ(def.Find("predicates.p.pattern")->group, "Predicates: p");
  EXPECT_EQ(def.Find("transforms.cast.type")->type, ConfigType::kClass);
}

// --- the catalog -------------------------------------------------------------------------------

TEST(BuiltinTransforms, ListsEveryClassWithItsAliasAndDefinition) {
  const auto& all = BuiltinTransforms();
  auto find = [&](const std::string& class_name) -> const TransformInfo* {
    for (const auto& info : all) {
      if (info.class_name == class_name) return &info;
    }
    return nullptr;
  };
  const size_t transformations = std::count_if(
      all.begin(), all.end(), [](const TransformInfo& i) { return i.type == "transformation"; });
  EXPECT_EQ(transformations, 26u);  // 10 with $Key/$Value variants, 6 without
  EXPECT_EQ(all.size() - transformations, 3u);

  const TransformInfo* insert = find("org.apache.kafka.connect.transforms.InsertField$Value");
  ASSERT_NE(insert, nullptr);
  EXPECT_EQ(insert->aliases, std::vector<std::string>{"InsertField$Value"});
  EXPECT_EQ(insert->type, "transformation");
  EXPECT_NE(insert->definition.Find("static.field"), nullptr);

  const TransformInfo* matches =
      find("org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
  ASSERT_NE(matches, nullptr);
  EXPECT_EQ(matches->type, "predicate");
  ASSERT_NE(matches->definition.Find("pattern"), nullptr);
  EXPECT_FALSE(matches->definition.Find("pattern")->has_default);

  ASSERT_NE(find("org.apache.kafka.connect.transforms.ValueToKey"), nullptr);
  EXPECT_EQ(find("org.apache.kafka.connect.transforms.ValueToKey$Value"), nullptr);
  for (const auto& info : all) {
    auto created = info.type == "predicate" ? NewPredicate(info.aliases[0]).status()
                                            : NewTransformation(info.aliases[0]).status();
    EXPECT_TRUE(created.ok()) << info.class_name << ": " << created.message();
  }
}

}  // namespace
}  // namespace sluice::transforms
