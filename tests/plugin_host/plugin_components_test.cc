// Components from a real .so (tests/fixtures/plugins/components.cc): found by type and name,
// registered in the converter and transform catalogs, and used there exactly as the built-ins
// are, with their errors named.
#include "plugin_host/plugin_components.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data/converter.h"
#include "sluice/envelope.h"
#include "transforms/builtin_transforms.h"
#include "transforms/transform_chain.h"

namespace sluice::plugin_host {
namespace {

using ::testing::HasSubstr;

class PluginComponents : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = PluginRegistry::Scan({SLUICE_TEST_PLUGIN_DIR}).release();
    RegisterComponents(*registry_);
  }
  static PluginRegistry* registry_;
};
PluginRegistry* PluginComponents::registry_ = nullptr;

TEST_F(PluginComponents, AreFoundByTypeNameAndAlias) {
  auto converter = registry_->FindComponent(SLUICE_COMPONENT_CONVERTER, "Reversed");
  ASSERT_NE(converter, nullptr);
  EXPECT_EQ(converter->class_name, "com.example.ReversedConverter");
  EXPECT_EQ(converter->version, "2.1.0");
  EXPECT_EQ(registry_->FindComponent(SLUICE_COMPONENT_CONVERTER, "ReversedConverter"), converter);
  EXPECT_EQ(registry_->FindComponent(SLUICE_COMPONENT_HEADER_CONVERTER, "Reversed"), nullptr);
  EXPECT_NE(registry_->FindComponent(SLUICE_COMPONENT_HEADER_CONVERTER, "TaggingHeaderConverter"),
            nullptr);
  EXPECT_NE(registry_->FindComponent(SLUICE_COMPONENT_HEADER_CONVERTER, "Tagging"), nullptr);
  EXPECT_NE(registry_->FindComponent(SLUICE_COMPONENT_TRANSFORMATION, "Upper"), nullptr);
  EXPECT_NE(registry_->FindComponent(SLUICE_COMPONENT_PREDICATE, "ValueContains"), nullptr);
  // Components are not connectors.
  EXPECT_EQ(registry_->Find("com.example.Uppercase"), nullptr);
}

TEST_F(PluginComponents, ConvertersRoundTripThroughThePlugin) {
  auto converter = data::CreateConverter("Reversed", {{"prefix", "R:"}}, false);
  ASSERT_TRUE(converter.ok()) << converter.status().ToString();
  auto bytes = (*converter)->FromConnectData("t", {Schema::String(), Value(std::string("abc"))});
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes, std::optional<std::string>("R:cba"));
  auto data = (*converter)->ToConnectData("t", std::string("R:cba"));
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->value.as<std::string>(), "abc");
  EXPECT_FALSE(data->schema->optional);

  // Nulls cross both ways; a key converter is told it converts keys.
  auto key = data::CreateConverter("com.example.ReversedConverter", {}, true);
  ASSERT_TRUE(key.ok());
  auto null_bytes = (*key)->FromConnectData("t", {Schema::OptionalString(), Value()});
  ASSERT_TRUE(null_bytes.ok());
  EXPECT_EQ(*null_bytes, std::nullopt);
  auto null_data = (*key)->ToConnectData("t", std::nullopt);
  ASSERT_TRUE(null_data.ok());
  EXPECT_TRUE(null_data->value.is_null());
  auto key_data = (*key)->ToConnectData("t", std::string("yek"));
  ASSERT_TRUE(key_data.ok());
  EXPECT_TRUE(key_data->schema->optional);

  auto headers = data::CreateHeaderConverter("Tagging", {{"tag", "x"}});
  ASSERT_TRUE(headers.ok()) << headers.status().ToString();
  auto header_bytes =
      (*headers)->FromConnectHeader("t", "h", {Schema::String(), Value(std::string("v"))});
  ASSERT_TRUE(header_bytes.ok());
  EXPECT_EQ(*header_bytes, std::optional<std::string>("x:v"));
}

TEST_F(PluginComponents, ConverterFailuresAreNamedAndRetriableOnesStayRetriable) {
  auto invalid = data::CreateConverter("Reversed", {{"max.length", "0"}}, false);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(invalid.status().message(),
              HasSubstr("com.example.ReversedConverter: Invalid value 0 for configuration "
                        "max.length"));

  auto converter = data::CreateConverter("Reversed", {}, false);
  ASSERT_TRUE(converter.ok());
  auto poisoned = (*converter)->ToConnectData("t", std::string("poison!"));
  ASSERT_FALSE(poisoned.ok());
  EXPECT_THAT(poisoned.status().message(), HasSubstr("cannot read poisoned bytes"));
  auto flaky = (*converter)->ToConnectData("t", std::string("flaky"));
  ASSERT_FALSE(flaky.ok());
  EXPECT_EQ(flaky.status().code(), StatusCode::kRetriable);
  EXPECT_TRUE((*converter)->ToConnectData("t", std::string("flaky")).ok());
  auto not_a_string =
      (*converter)->FromConnectData("t", {Schema::Of(SchemaType::kInt32), Value(int32_t{1})});
  ASSERT_FALSE(not_a_string.ok());
  EXPECT_THAT(not_a_string.status().message(), HasSubstr("not a string value"));
}

TEST_F(PluginComponents, TransformsAndPredicatesWorkInAChain) {
  auto chain = transforms::TransformChain::Create({{"transforms", "up"},
                                                   {"transforms.up.type", "Upper"},
                                                   {"transforms.up.predicate", "hasX"},
                                                   {"predicates", "hasX"},
                                                   {"predicates.hasX.type", "ValueContains"},
                                                   {"predicates.hasX.text", "x"}});
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  auto apply = [&](const std::string& value) {
    transforms::ConnectRecord r;
    r.topic = "t";
    r.value = {Schema::String(), Value(value)};
    auto out = (*chain)->Apply(std::move(r));
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() && *out ? (**out).value.value.as<std::string>() : std::string("<none>");
  };
  EXPECT_EQ(apply("xyz"), "XYZ");
  EXPECT_EQ(apply("abc"), "abc");  // the predicate does not select it

  transforms::ConnectRecord poison;
  poison.value = {Schema::String(), Value(std::string("poison"))};
  auto plain = transforms::TransformChain::Create(
      {{"transforms", "up"}, {"transforms.up.type", "com.example.Uppercase"}});
  ASSERT_TRUE(plain.ok());
  auto failed = (*plain)->Apply(std::move(poison));
  ASSERT_FALSE(failed.ok());
  EXPECT_THAT(failed.status().message(), HasSubstr("Uppercase refuses the value poison"));
}

// Structured data crosses the ABI (as a JsonConverter envelope) into the plugin and back: a
// struct with a nested array, a map with non-string keys and logical types comes out equal.
TEST_F(PluginComponents, StructuredDataCrossesTheBoundaryIntact) {
  auto chain = transforms::TransformChain::Create(
      {{"transforms", "up"}, {"transforms.up.type", "com.example.Uppercase"}});
  ASSERT_TRUE(chain.ok());
  auto map = SchemaBuilder::Map(Schema::Of(SchemaType::kInt32), Schema::OptionalString()).Build();
  auto array = SchemaBuilder::Array(Schema::Of(SchemaType::kInt64)).Build();
  auto schema = SchemaBuilder::Struct()
                    .Name("com.example.Order")
                    .Version(3)
                    .Parameter("b", "2")
                    .Parameter("a", "1")
                    .Field("price", DecimalSchema(2))
                    .Field("at", TimestampSchema())
                    .Field("tags", map)
                    .Field("ids", array)
                    .Field("note", Schema::OptionalString())
                    .Build();
  StructFields order = {{"price", Value(Bytes{0x00, 0x9c})},
                        {"at", Value(int64_t{1700000000123})},
                        {"tags", Value(MapEntries{{Value(int32_t{1}), Value(std::string("x"))},
                                                  {Value(int32_t{2}), Value()}})},
                        {"ids", Value(Array{Value(int64_t{7}), Value(int64_t{8})})},
                        {"note", Value()}};
  transforms::ConnectRecord r;
  r.topic = "orders";
  r.partition = 3;
  r.timestamp_ms = 1234;
  r.kafka_offset = 42;
  r.key = {Schema::OptionalString(), Value()};
  r.value = {schema, Value(std::move(order))};
  r.headers.push_back({"h", {Schema::Of(SchemaType::kBoolean), Value(true)}});
  const std::string before = envelope::Encode(r.value);
  auto out = (*chain)->Apply(r);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_TRUE(out->has_value());
  const transforms::ConnectRecord& back = **out;
  EXPECT_EQ(envelope::Encode(back.value), before);
  EXPECT_EQ(back.value.schema->parameters.begin()->first, "b");
  EXPECT_EQ(back.topic, "orders");
  EXPECT_EQ(back.partition, 3);
  EXPECT_EQ(back.timestamp_ms, 1234);
  EXPECT_EQ(back.kafka_offset, 42);
  EXPECT_TRUE(back.key.value.is_null());
  ASSERT_EQ(back.headers.size(), 1u);
  EXPECT_EQ(back.headers[0].value.value.as<bool>(), true);
}

TEST_F(PluginComponents, ChainConfigProblemsNameTheirKeys) {
  const std::map<std::string, std::string> config = {{"transforms", "up"},
                                                     {"transforms.up.type", "Upper"},
                                                     {"transforms.up.predicate", "p"},
                                                     {"predicates", "p"},
                                                     {"predicates.p.type", "ValueContains"}};
  auto chain = transforms::TransformChain::Create(config);
  ASSERT_FALSE(chain.ok());
  EXPECT_THAT(chain.status().message(),
              HasSubstr("Missing required configuration \"predicates.p.text\""));
  auto problems = transforms::ValidateTransformConfig(config);
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems.front().first, "predicates.p.text");

  auto wrong_kind = transforms::TransformChain::Create(
      {{"transforms", "t"}, {"transforms.t.type", "com.example.ValueContains"}});
  ASSERT_FALSE(wrong_kind.ok());
  EXPECT_THAT(wrong_kind.status().message(), HasSubstr("Not a Transformation"));
}

TEST_F(PluginComponents, AreListedWithTheBuiltinsAndTheirVersions) {
  auto listed = [](const auto& infos, const std::string& name, const std::string& type) {
    for (const auto& info : infos) {
      if (info.class_name == name && info.type == type) return info.version;
    }
    return std::string("<absent>");
  };
  const auto converters = data::AvailableConverters();
  EXPECT_EQ(listed(converters, "com.example.ReversedConverter", "converter"), "2.1.0");
  EXPECT_EQ(listed(converters, "com.example.TaggingHeaderConverter", "header_converter"), "2.1.0");
  EXPECT_NE(listed(converters, "org.apache.kafka.connect.json.JsonConverter", "converter"),
            "<absent>");
  const auto transforms = transforms::AvailableTransforms();
  EXPECT_EQ(listed(transforms, "com.example.Uppercase", "transformation"), "2.1.0");
  EXPECT_EQ(listed(transforms, "com.example.ValueContains", "predicate"), "2.1.0");
}

TEST_F(PluginComponents, ABuiltinKeepsItsName) {
  data::RegisteredConverter impostor;
  impostor.info = {"org.apache.kafka.connect.json.JsonConverter", {}, "converter", "9", {}};
  EXPECT_EQ(data::RegisterConverter(std::move(impostor)).code(), StatusCode::kAlreadyExists);
  transforms::RegisteredTransform cast;
  cast.info = {"com.example.Other", {"Cast$Value"}, "transformation", {}, "9"};
  EXPECT_EQ(transforms::RegisterTransform(std::move(cast)).code(), StatusCode::kAlreadyExists);
  // Registering the same plugin twice changes nothing.
  const size_t before = data::AvailableConverters().size();
  RegisterComponents(*registry_);
  EXPECT_EQ(data::AvailableConverters().size(), before);
}

}  // namespace
}  // namespace sluice::plugin_host
