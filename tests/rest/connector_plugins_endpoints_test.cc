// /connector-plugins: listing, config definitions and validation.
#include "rest_test_support.h"

namespace sluice::rest::testing {
namespace {

using nlohmann::json;

class ConnectorPluginsEndpointsTest : public RestApiTest {};

TEST_F(ConnectorPluginsEndpointsTest, ListsConnectorsByDefault) {
  HttpResult r = Get("/connector-plugins");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json, json::parse(R"([
      {"class":"org.apache.kafka.connect.file.FileStreamSinkConnector","type":"sink","version":"3.9.0"},
      {"class":"org.apache.kafka.connect.file.FileStreamSourceConnector","type":"source","version":"3.9.0"},
      {"class":"com.example.VaultSourceConnector","type":"source"}])"));
  EXPECT_EQ(Get("/connector-plugins?connectorsOnly=true").json, r.json);
}

TEST_F(ConnectorPluginsEndpointsTest, ListsEveryPluginWhenAsked) {
  HttpResult r = Get("/connector-plugins?connectorsOnly=false");
  EXPECT_EQ(r.status, 200);
  std::set<std::string> types;
  for (const auto& plugin : r.json) types.insert(plugin["type"].get<std::string>());
  EXPECT_EQ(types, (std::set<std::string>{"sink", "source", "transformation", "predicate",
                                          "converter", "header_converter"}));
  EXPECT_TRUE(IsError(Get("/connector-plugins?connectorsOnly=maybe"), 400,
                      "Query parameter connectorsOnly must be true or false, not \"maybe\""));
}

TEST_F(ConnectorPluginsEndpointsTest, ConfigDefinitionOfAPlugin) {
  HttpResult r = Get("/connector-plugins/FileStreamSourceConnector/config");
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(r.json.size(), 3u);
  EXPECT_EQ(r.json[1], json::parse(R"({"name":"topic","type":"STRING","required":true,
      "default_value":null,"importance":"HIGH","documentation":"The topic to publish data to",
      "group":null,"width":"NONE","display_name":"topic","dependents":[],"order":-1})"));
  EXPECT_EQ(r.json[2]["default_value"], "2000");
  EXPECT_EQ(r.json[2]["required"], false);
  // The full class name and the short alias name the same plugin.
  EXPECT_EQ(
      Get("/connector-plugins/org.apache.kafka.connect.file.FileStreamSourceConnector/config").json,
      r.json);
  EXPECT_TRUE(IsError(Get("/connector-plugins/Nope/config"), 404, "Unknown plugin Nope."));
}

TEST_F(ConnectorPluginsEndpointsTest, ValidateReportsEveryErrorInKafkasShape) {
  HttpResult r =
      Put("/connector-plugins/FileStreamSourceConnector/config/validate",
          {{"connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector"},
           {"name", "src"},
           {"tasks.max", "0"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["name"], "org.apache.kafka.connect.file.FileStreamSourceConnector");
  EXPECT_EQ(r.json["error_count"], 2);
  EXPECT_EQ(r.json["groups"], json({"Common"}));
  std::map<std::string, json> by_name;
  for (const auto& c : r.json["configs"]) by_name[c["value"]["name"]] = c;
  EXPECT_EQ(by_name["tasks.max"], json::parse(R"(
    {"definition": {"name":"tasks.max","type":"INT","required":false,"default_value":"1","importance":"HIGH",
                    "documentation":"Maximum number of tasks to use for this connector.","group":"Common",
                    "width":"SHORT","display_name":"Tasks max","dependents":[],"order":3},
     "value": {"name":"tasks.max","value":"0","recommended_values":[],
               "errors":["Invalid value 0 for configuration tasks.max: Value must be at least 1"],"visible":true}})"));
  EXPECT_EQ(by_name["topic"], json::parse(R"(
    {"definition": {"name":"topic","type":"STRING","required":true,"default_value":null,"importance":"HIGH",
                    "documentation":"The topic to publish data to","group":null,"width":"NONE",
                    "display_name":"topic","dependents":[],"order":-1},
     "value": {"name":"topic","value":null,"recommended_values":[],
               "errors":["Missing required configuration \"topic\" which has no default value."],"visible":true}})"));
}

TEST_F(ConnectorPluginsEndpointsTest,
       ValidateHidesPasswordsAndShowsUndefinedKeysWithNullDefinition) {
  HttpResult r = Put("/connector-plugins/VaultSource/config/validate",
                     {{"name", "v"}, {"vault.token", "s3cr3t"}, {"transforms.x.type", "Y"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("s3cr3t"), std::string::npos);
  EXPECT_EQ(r.json["error_count"], 0);
  bool saw_token = false, saw_transform = false;
  for (const auto& c : r.json["configs"]) {
    if (c["value"]["name"] == "vault.token") {
      saw_token = true;
      EXPECT_EQ(c["value"]["value"], "[hidden]");
      EXPECT_EQ(c["definition"]["type"], "PASSWORD");
    }
    if (c["value"]["name"] == "transforms.x.type") {
      saw_transform = true;
      EXPECT_TRUE(c["definition"].is_null());
    }
  }
  EXPECT_TRUE(saw_token);
  EXPECT_TRUE(saw_transform);
}

TEST_F(ConnectorPluginsEndpointsTest, ValidateWithoutConnectorClassUsesThePluginInTheUrl) {
  HttpResult r = Put("/connector-plugins/FileStreamSinkConnector/config/validate",
                     {{"name", "s"}, {"topics", "t"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["name"], "org.apache.kafka.connect.file.FileStreamSinkConnector");
  EXPECT_EQ(r.json["error_count"], 0);
}

TEST_F(ConnectorPluginsEndpointsTest, ValidateRefusesAConnectorClassOfAnotherPlugin) {
  EXPECT_TRUE(IsError(Put("/connector-plugins/FileStreamSourceConnector/config/validate",
                          {{"connector.class", "FileStreamSink"}}),
                      400,
                      "Included connector type FileStreamSink does not match request type "
                      "FileStreamSourceConnector"));
  // Aliases and full names of the same plugin match.
  EXPECT_EQ(Put("/connector-plugins/FileStreamSource/config/validate",
                {{"connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector"},
                 {"topic", "t"},
                 {"name", "n"}})
                .status,
            200);
  EXPECT_TRUE(IsError(Put("/connector-plugins/Nope/config/validate", json::object()), 404,
                      "Unknown plugin Nope."));
}

}  // namespace
}  // namespace sluice::rest::testing
