#include "rest/json_entities.h"

#include <gtest/gtest.h>

namespace sluice::rest {
namespace {

using nlohmann::json;
using worker::State;

TEST(JsonEntitiesTest, ConnectorInfo) {
  worker::ConnectorInfo info{
      "local-file-source",
      {{"connector.class", "FileStreamSource"}, {"name", "local-file-source"}},
      {0, 1},
      worker::ConnectorType::kSource};
  EXPECT_EQ(ToJson(info), json::parse(R"({"name":"local-file-source",
      "config":{"connector.class":"FileStreamSource","name":"local-file-source"},
      "tasks":[{"connector":"local-file-source","task":0},{"connector":"local-file-source","task":1}],
      "type":"source"})"));
}

TEST(JsonEntitiesTest, StatusOmitsAnEmptyTrace) {
  worker::ConnectorStatus status{"file-source",
                                 {State::kRunning, "192.168.1.208:8083", ""},
                                 {{0, {State::kFailed, "192.168.1.209:8083", "boom\n\tat x"}},
                                  {1, {State::kRunning, "192.168.1.209:8083", ""}}},
                                 worker::ConnectorType::kSource};
  EXPECT_EQ(ToJson(status), json::parse(R"({"name":"file-source",
      "connector":{"state":"RUNNING","worker_id":"192.168.1.208:8083"},
      "tasks":[{"id":0,"state":"FAILED","worker_id":"192.168.1.209:8083","trace":"boom\n\tat x"},
               {"id":1,"state":"RUNNING","worker_id":"192.168.1.209:8083"}],
      "type":"source"})"));
}

TEST(JsonEntitiesTest, TasksInBothShapes) {
  std::vector<worker::TaskInfo> tasks{{0, {{"k", "v"}}}, {1, {{"k", "w"}}}};
  EXPECT_EQ(TaskInfosToJson("n", tasks), json::parse(R"([
      {"id":{"connector":"n","task":0},"config":{"k":"v"}},
      {"id":{"connector":"n","task":1},"config":{"k":"w"}}])"));
  EXPECT_EQ(TasksConfigToJson("n", tasks), json::parse(R"({"n-0":{"k":"v"},"n-1":{"k":"w"}})"));
}

TEST(JsonEntitiesTest, PluginVersionOmittedWhenUnknown) {
  EXPECT_EQ(ToJson(worker::PluginDescription{"a.B", "sink", "3.9.0"}),
            json::parse(R"({"class":"a.B","type":"sink","version":"3.9.0"})"));
  EXPECT_EQ(ToJson(worker::PluginDescription{"a.B", "source", ""}),
            json::parse(R"({"class":"a.B","type":"source"})"));
}

// The validate response of the reference, entity by entity.
TEST(JsonEntitiesTest, ConfigInfosMatchesKafkaConnectsShape) {
  ConfigKey tasks_max;
  tasks_max.name = "tasks.max";
  tasks_max.type = ConfigType::kInt;
  tasks_max.has_default = true;
  tasks_max.default_value = "1";
  tasks_max.importance = Importance::kHigh;
  tasks_max.documentation = "Maximum number of tasks to use for this connector.";
  tasks_max.group = "Common";
  tasks_max.order = 3;
  tasks_max.width = Width::kShort;
  tasks_max.display_name = "Tasks max";
  ConfigKey topic;
  topic.name = "topic";
  topic.type = ConfigType::kString;
  topic.importance = Importance::kHigh;
  topic.documentation = "The topic to publish data to";

  worker::ConfigInfos infos;
  infos.name = "org.apache.kafka.connect.file.FileStreamSourceConnector";
  infos.error_count = 2;
  infos.groups = {"Common",         "Transforms",           "Predicates",   "Error Handling",
                  "Topic Creation", "Exactly Once Support", "offsets.topic"};
  infos.configs.push_back(
      {tasks_max,
       {"tasks.max",
        "0",
        {"Invalid value 0 for configuration tasks.max: Value must be at least 1"},
        {},
        true}});
  infos.configs.push_back(
      {topic,
       {"topic",
        std::nullopt,
        {"Missing required configuration \"topic\" which has no default value."},
        {},
        true}});

  EXPECT_EQ(ToJson(infos), json::parse(R"({
  "name": "org.apache.kafka.connect.file.FileStreamSourceConnector",
  "error_count": 2,
  "groups": ["Common","Transforms","Predicates","Error Handling","Topic Creation","Exactly Once Support","offsets.topic"],
  "configs": [
    {"definition": {"name":"tasks.max","type":"INT","required":false,"default_value":"1","importance":"HIGH",
                    "documentation":"Maximum number of tasks to use for this connector.","group":"Common",
                    "width":"SHORT","display_name":"Tasks max","dependents":[],"order":3},
     "value": {"name":"tasks.max","value":"0","recommended_values":[],
               "errors":["Invalid value 0 for configuration tasks.max: Value must be at least 1"],"visible":true}},
    {"definition": {"name":"topic","type":"STRING","required":true,"default_value":null,"importance":"HIGH",
                    "documentation":"The topic to publish data to","group":null,"width":"NONE",
                    "display_name":"topic","dependents":[],"order":-1},
     "value": {"name":"topic","value":null,"recommended_values":[],
               "errors":["Missing required configuration \"topic\" which has no default value."],"visible":true}}
  ]
})"));
}

TEST(JsonEntitiesTest, PasswordsAreHiddenAndMissingDefinitionsAreNull) {
  ConfigKey secret;
  secret.name = "token";
  secret.type = ConfigType::kPassword;
  secret.has_default = true;
  secret.default_value = "default-secret";
  worker::ConfigInfos infos;
  infos.configs.push_back({secret, {"token", "s3cr3t", {}, {}, true}});
  infos.configs.push_back({std::nullopt, {"transforms.x.type", "Y", {}, {}, true}});
  json j = ToJson(infos);
  EXPECT_EQ(j["configs"][0]["value"]["value"], "[hidden]");
  EXPECT_EQ(j["configs"][0]["definition"]["default_value"], "[hidden]");
  EXPECT_EQ(j.dump().find("s3cr3t"), std::string::npos);
  EXPECT_TRUE(j["configs"][1]["definition"].is_null());
  EXPECT_EQ(j["configs"][1]["value"]["value"], "Y");

  // An unset password stays null: there is nothing to hide.
  worker::ConfigInfos unset;
  unset.configs.push_back({secret, {"token", std::nullopt, {}, {}, true}});
  EXPECT_TRUE(ToJson(unset)["configs"][0]["value"]["value"].is_null());
}

TEST(JsonEntitiesTest, OffsetsTopicsLoggersAndMessages) {
  std::vector<worker::OffsetEntry> offsets{
      {json{{"kafka_topic", "test"}, {"kafka_partition", 0}}, json{{"kafka_offset", 5}}}};
  EXPECT_EQ(OffsetsToJson(offsets), json::parse(R"({"offsets":[
      {"partition":{"kafka_topic":"test","kafka_partition":0},"offset":{"kafka_offset":5}}]})"));
  EXPECT_EQ(OffsetsToJson({}), json::parse(R"({"offsets":[]})"));
  EXPECT_EQ(ActiveTopicsToJson("c", {"t2", "t1"}), json::parse(R"({"c":{"topics":["t1","t2"]}})"));
  EXPECT_EQ(ToJson(log::LoggerLevel{log::Level::kDebug, 1700000000000}),
            json::parse(R"({"level":"DEBUG","last_modified":1700000000000})"));
  EXPECT_EQ(ToJson(log::LoggerLevel{log::Level::kInfo, std::nullopt}),
            json::parse(R"({"level":"INFO","last_modified":null})"));
  EXPECT_EQ(MessageToJson("done"), json::parse(R"({"message":"done"})"));
}

}  // namespace
}  // namespace sluice::rest
