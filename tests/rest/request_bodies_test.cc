#include "rest/request_bodies.h"

#include <gtest/gtest.h>

namespace sluice::rest {
namespace {

using nlohmann::json;

TEST(ValidateConnectorNameTest, AcceptsOrdinaryAndUnicodeNames) {
  for (const char* name : {"local-file-source", "with space", "données-流", "a.b_c", "100%"}) {
    EXPECT_TRUE(ValidateConnectorName(name).ok()) << name;
  }
}

TEST(ValidateConnectorNameTest, RefusesNamesThatCannotBeAddressedOrLogged) {
  for (const std::string& name :
       {std::string(""), std::string("a/b"), std::string("..\\x"), std::string("../etc"),
        std::string("."), std::string(".."), std::string("a\nb"), std::string("tab\there"),
        std::string("nul\0x", 5), std::string("del\x7f"), std::string("c1\xc2\x85"),
        std::string("bad\xff")}) {
    Status st = ValidateConnectorName(name);
    EXPECT_EQ(st.code(), StatusCode::kInvalidArgument) << Quoted(name);
  }
  EXPECT_EQ(ValidateConnectorName("a/b").message(),
            "Connector name \"a/b\" is invalid: it must not contain '/' or '\\'");
  EXPECT_EQ(ValidateConnectorName("a\nb").message(),
            "Connector name \"a\\nb\" is invalid: it must not contain control characters");
}

TEST(ConfigFromJsonTest, StringsKeptScalarsStringified) {
  auto r = ConfigFromJson(json::parse(R"({"a":"x","n":2,"f":1.5,"b":true})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, (worker::StringMap{{"a", "x"}, {"n", "2"}, {"f", "1.5"}, {"b", "true"}}));
}

TEST(ConfigFromJsonTest, StructuresAndNullAreRefusedByKey) {
  auto obj = ConfigFromJson(json::parse(R"({"ok":"1","nested":{"x":1}})"));
  ASSERT_FALSE(obj.ok());
  EXPECT_EQ(obj.status().message(),
            "The value of config \"nested\" must be a string (or a number or boolean), not object");
  auto arr = ConfigFromJson(json::parse(R"({"topics":["a","b"]})"));
  EXPECT_NE(arr.status().message().find("\"topics\""), std::string::npos);
  EXPECT_NE(arr.status().message().find("not array"), std::string::npos);
  auto null = ConfigFromJson(json::parse(R"({"file":null})"));
  EXPECT_NE(null.status().message().find("not null"), std::string::npos);
}

TEST(ConfigPatchFromJsonTest, NullDeletes) {
  auto r = ConfigPatchFromJson(json::parse(R"({"a":"1","b":null,"c":3})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->at("a"), "1");
  EXPECT_FALSE(r->at("b").has_value());
  EXPECT_EQ(r->at("c"), "3");
  EXPECT_FALSE(ConfigPatchFromJson(json::parse(R"({"a":[1]})")).ok());
}

TEST(CheckAndPutConnectorNameTest, AddsOrComparesTheName) {
  worker::StringMap config{{"k", "v"}};
  ASSERT_TRUE(CheckAndPutConnectorName("c", config).ok());
  EXPECT_EQ(config["name"], "c");
  EXPECT_TRUE(CheckAndPutConnectorName("c", config).ok());
  worker::StringMap other{{"name", "x"}};
  EXPECT_EQ(CheckAndPutConnectorName("y", other).message(),
            "Connector name configuration (x) doesn't match connector name in the URL (y)");
}

TEST(ParseCreateConnectorRequestTest, ReadsNameConfigAndInitialState) {
  auto r = ParseCreateConnectorRequest(
      json::parse(R"({"name":"  s  ","config":{"tasks.max":1},"initial_state":"paused"})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->name, "s");
  EXPECT_EQ(r->config.at("tasks.max"), "1");
  EXPECT_EQ(r->initial_state, worker::TargetState::kPaused);
}

TEST(ParseCreateConnectorRequestTest, RefusesWhatKafkaConnectRefuses) {
  struct Case {
    const char* body;
    const char* fragment;
  };
  for (const Case& c : std::initializer_list<Case>{
           {R"({"config":{}})", "Connector name is missing or empty"},
           {R"({"name":"   ","config":{}})", "Connector name is missing or empty"},
           {R"({"name":5,"config":{}})", "Field \"name\" must be a string, not number"},
           {R"({"name":"a"})", "Connector config is missing"},
           {R"({"name":"a","config":"x"})", "Field \"config\" must be a JSON object, not string"},
           {R"({"name":"a","config":{},"initial_state":"RUN"})",
            "Invalid initial_state \"RUN\": expected one of RUNNING, PAUSED, STOPPED"},
           {R"({"name":"a","config":{},"initial_state":1})", "Invalid initial_state 1"},
           {R"({"name":"a","config":{},"extra":1,"more":2})",
            "Unrecognized fields \"extra\", \"more\" in the create connector request"},
           {R"({"connector.class":"X","name":"a"})", "Unrecognized field \"connector.class\""},
           {R"({"name":"a/b","config":{}})", "must not contain '/'"},
       }) {
    auto r = ParseCreateConnectorRequest(json::parse(c.body));
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.fragment), std::string::npos)
        << c.body << " -> " << r.status().message();
  }
}

TEST(ParseAlterOffsetsRequestTest, ReadsPartitionsAndOffsets) {
  auto r = ParseAlterOffsetsRequest(json::parse(
      R"({"offsets":[{"partition":{"filename":"a"},"offset":{"position":3}},
                     {"partition":{"filename":"b"},"offset":null}]})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].offset, json({{"position", 3}}));
  EXPECT_TRUE((*r)[1].offset.is_null());
}

TEST(ParseAlterOffsetsRequestTest, RefusesMalformedLists) {
  const std::string kEmpty =
      "Partitions / offsets need to be provided for an alter offsets request";
  EXPECT_EQ(ParseAlterOffsetsRequest(json::parse("{}")).status().message(), kEmpty);
  EXPECT_EQ(ParseAlterOffsetsRequest(json::parse(R"({"offsets":[]})")).status().message(), kEmpty);
  EXPECT_EQ(ParseAlterOffsetsRequest(json::parse(R"({"offsets":null})")).status().message(),
            kEmpty);
  for (const char* bad :
       {R"({"offsets":{}})", R"({"offsets":[123]})", R"({"offsets":[{"key":"v"}]})",
        R"({"key":[]})", R"({"offsets":[{"partition":[]}]})",
        R"({"offsets":[{"partition":{},"offset":5}]})"}) {
    auto r = ParseAlterOffsetsRequest(json::parse(bad));
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ParseBoolParamTest, TrueFalseOrRefused) {
  EXPECT_TRUE(*ParseBoolParam("p", std::nullopt, true));
  EXPECT_FALSE(*ParseBoolParam("p", std::string("FALSE"), true));
  EXPECT_TRUE(*ParseBoolParam("p", std::string("True"), false));
  auto bad = ParseBoolParam("includeTasks", std::string("yes"), false);
  EXPECT_EQ(bad.status().message(),
            "Query parameter includeTasks must be true or false, not \"yes\"");
}

TEST(ParseTaskIdTest, NonNegativeIntsOnly) {
  EXPECT_EQ(*ParseTaskId("0"), 0);
  EXPECT_EQ(*ParseTaskId("2147483647"), 2147483647);
  for (const char* bad : {"", "-1", "x", "1.5", "2147483648", "99999999999", " 1"}) {
    EXPECT_FALSE(ParseTaskId(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace sluice::rest
