// /connectors and below: each endpoint's success and error cases, with the status codes, headers
// and JSON bodies of Kafka Connect.
#include "rest_test_support.h"

namespace sluice::rest::testing {
namespace {

using nlohmann::json;

class ConnectorsEndpointsTest : public RestApiTest {
 protected:
  // Kafka Connect's message for an invalid config, around `errors`.
  static std::string InvalidConfig(int count, const std::string& errors) {
    return "Connector configuration is invalid and contains the following " +
           std::to_string(count) + " error(s):\n" + errors +
           "\nYou can also find the above list of errors at the endpoint "
           "`/connector-plugins/{connectorType}/config/validate`";
  }
};

TEST_F(ConnectorsEndpointsTest, ListIsEmptyAtFirst) {
  HttpResult r = Get("/connectors");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json, json::array());
}

TEST_F(ConnectorsEndpointsTest, CreateAnswers201WithLocationAndConnectorInfo) {
  HttpResult r = Post("/connectors", {{"name", "local-file-source"}, {"config", SourceConfig()}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.Header("Location"), "/connectors/local-file-source");
  EXPECT_EQ(r.json, json::parse(R"({"name":"local-file-source",
      "config":{"connector.class":"FileStreamSource","file":"test.txt","topic":"connect-test",
                "tasks.max":"1","name":"local-file-source"},
      "tasks":[{"connector":"local-file-source","task":0}],"type":"source"})"));
  EXPECT_EQ(Get("/connectors").json, json({"local-file-source"}));
}

TEST_F(ConnectorsEndpointsTest, CreateCoercesScalarConfigValuesToStrings) {
  json config = SourceConfig();
  config["tasks.max"] = 2;
  config["batch.size"] = 100;
  config["flag"] = true;
  HttpResult r = Post("/connectors", {{"name", "c"}, {"config", config}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["config"]["tasks.max"], "2");
  EXPECT_EQ(r.json["config"]["batch.size"], "100");
  EXPECT_EQ(r.json["config"]["flag"], "true");
  EXPECT_EQ(r.json["tasks"].size(), 2u);
}

TEST_F(ConnectorsEndpointsTest, CreateTrimsTheNameAsKafkaConnectDoes) {
  HttpResult r = Post("/connectors", {{"name", "  padded  "}, {"config", SourceConfig()}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["name"], "padded");
  EXPECT_EQ(r.Header("Location"), "/connectors/padded");
}

TEST_F(ConnectorsEndpointsTest, CreateTwiceIs409) {
  CreateConnector("dup", SourceConfig());
  EXPECT_TRUE(IsError(Post("/connectors", {{"name", "dup"}, {"config", SourceConfig()}}), 409,
                      "Connector dup already exists"));
}

TEST_F(ConnectorsEndpointsTest, CreateWithAnInvalidConfigIs400ListingEveryError) {
  json config = SourceConfig();
  config.erase("topic");
  config["tasks.max"] = "0";
  EXPECT_TRUE(IsError(
      Post("/connectors", {{"name", "bad"}, {"config", config}}), 400,
      InvalidConfig(2,
                    "Invalid value 0 for configuration tasks.max: Value must be at least 1\n"
                    "Missing required configuration \"topic\" which has no default value.")));
  EXPECT_EQ(Get("/connectors").json, json::array());  // nothing half-created
}

TEST_F(ConnectorsEndpointsTest, CreateWithANameMismatchIs400) {
  json config = SourceConfig();
  config["name"] = "other";
  EXPECT_TRUE(IsError(Post("/connectors", {{"name", "mine"}, {"config", config}}), 400,
                      "Connector name configuration (other) doesn't match connector name in the "
                      "URL (mine)"));
}

TEST_F(ConnectorsEndpointsTest, CreateInAnInitialState) {
  HttpResult paused =
      Post("/connectors", {{"name", "p"}, {"config", SourceConfig()}, {"initial_state", "PAUSED"}});
  ASSERT_EQ(paused.status, 201) << paused.body;
  EXPECT_EQ(Get("/connectors/p/status").json["connector"]["state"], "PAUSED");

  HttpResult stopped = Post(
      "/connectors", {{"name", "s"}, {"config", SourceConfig()}, {"initial_state", "stopped"}});
  ASSERT_EQ(stopped.status, 201) << stopped.body;
  EXPECT_EQ(stopped.json["tasks"], json::array());
  HttpResult status = Get("/connectors/s/status");
  EXPECT_EQ(status.json["connector"]["state"], "STOPPED");
  EXPECT_EQ(status.json["tasks"], json::array());
}

TEST_F(ConnectorsEndpointsTest, ExpandAddsStatusAndInfo) {
  CreateConnector("a", SourceConfig());
  CreateConnector("b", SinkConfig());
  HttpResult status = Get("/connectors?expand=status");
  ASSERT_EQ(status.status, 200);
  EXPECT_EQ(status.json.size(), 2u);
  EXPECT_EQ(status.json["a"].size(), 1u);
  EXPECT_EQ(status.json["a"]["status"], Get("/connectors/a/status").json);
  EXPECT_EQ(status.json["b"]["status"]["type"], "sink");

  HttpResult both = Get("/connectors?expand=status&expand=info");
  EXPECT_EQ(both.json["b"]["info"], Get("/connectors/b").json);
  EXPECT_EQ(both.json["b"]["status"], Get("/connectors/b/status").json);

  // Unknown expansions are ignored, as in Kafka Connect.
  EXPECT_EQ(Get("/connectors?expand=bogus").json,
            json({{"a", json::object()}, {"b", json::object()}}));
}

TEST_F(ConnectorsEndpointsTest, GetConnectorAndItsConfig) {
  CreateConnector("c", SinkConfig());
  HttpResult info = Get("/connectors/c");
  EXPECT_EQ(info.status, 200);
  EXPECT_EQ(info.json["type"], "sink");
  EXPECT_EQ(info.json["tasks"],
            json::parse(R"([{"connector":"c","task":0},{"connector":"c","task":1}])"));
  HttpResult config = Get("/connectors/c/config");
  EXPECT_EQ(config.status, 200);
  json expected = SinkConfig();
  expected["name"] = "c";
  EXPECT_EQ(config.json, expected);

  EXPECT_TRUE(IsError(Get("/connectors/nope"), 404, "Connector nope not found"));
  EXPECT_TRUE(IsError(Get("/connectors/nope/config"), 404, "Connector nope not found"));
}

TEST_F(ConnectorsEndpointsTest, PutConfigCreatesThenUpdates) {
  HttpResult created = Put("/connectors/c/config", SourceConfig());  // no "name": added
  EXPECT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("Location"), "/connectors/c");
  EXPECT_EQ(created.json["config"]["name"], "c");

  json updated_config = SourceConfig("other-topic");
  updated_config["name"] = "c";
  HttpResult updated = Put("/connectors/c/config", updated_config);
  EXPECT_EQ(updated.status, 200) << updated.body;
  EXPECT_TRUE(updated.Header("Location").empty());
  EXPECT_EQ(updated.json["config"]["topic"], "other-topic");
  EXPECT_EQ(Get("/connectors/c/config").json["topic"], "other-topic");
}

TEST_F(ConnectorsEndpointsTest, PutConfigErrors) {
  json mismatched = SourceConfig();
  mismatched["name"] = "x";
  EXPECT_TRUE(IsError(Put("/connectors/y/config", mismatched), 400,
                      "Connector name configuration (x) doesn't match connector name in the URL "
                      "(y)"));
  json invalid = SourceConfig();
  invalid.erase("topic");
  EXPECT_TRUE(IsError(
      Put("/connectors/y/config", invalid), 400,
      InvalidConfig(1, "Missing required configuration \"topic\" which has no default value.")));
  EXPECT_TRUE(IsError(Put("/connectors/y/config", {{"tasks.max", "1"}}), 400,
                      "Connector config {name=y, tasks.max=1} contains no connector type"));
}

TEST_F(ConnectorsEndpointsTest, PatchMergesAndNullDeletes) {
  CreateConnector("c", SourceConfig());
  HttpResult r =
      Patch("/connectors/c/config", {{"topic", "patched"}, {"file", nullptr}, {"batch.size", 10}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json["config"]["topic"], "patched");
  EXPECT_EQ(r.json["config"]["batch.size"], "10");
  EXPECT_FALSE(r.json["config"].contains("file"));
  EXPECT_EQ(Get("/connectors/c/config").json, r.json["config"]);
}

TEST_F(ConnectorsEndpointsTest, PatchErrors) {
  EXPECT_TRUE(
      IsError(Patch("/connectors/nope/config", {{"a", "b"}}), 404, "Connector nope not found"));
  CreateConnector("c", SourceConfig());
  EXPECT_TRUE(IsError(Patch("/connectors/c/config", {{"name", "d"}}), 400,
                      "Connector name configuration (d) doesn't match connector name in the URL "
                      "(c)"));
  EXPECT_TRUE(IsError(Patch("/connectors/c/config", {{"name", nullptr}}), 400,
                      "The name config of connector c cannot be removed"));
  EXPECT_TRUE(IsErrorContaining(Patch("/connectors/c/config", {{"topic", nullptr}}), 400,
                                "Missing required configuration \"topic\""));
}

TEST_F(ConnectorsEndpointsTest, DeleteAnswers204ThenTheConnectorIsGone) {
  CreateConnector("c", SourceConfig());
  HttpResult r = Delete("/connectors/c");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(IsError(Get("/connectors/c"), 404, "Connector c not found"));
  EXPECT_TRUE(IsError(Delete("/connectors/c"), 404, "Connector c not found"));
}

TEST_F(ConnectorsEndpointsTest, StatusShowsTracesOnlyForFailures) {
  CreateConnector("c", SinkConfig());
  herder_.FailTask("c", 1, "org.apache.kafka.connect.errors.ConnectException: boom\n\tat x");
  HttpResult r = Get("/connectors/c/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json, json::parse(R"({"name":"c",
      "connector":{"state":"RUNNING","worker_id":"127.0.0.1:8083"},
      "tasks":[{"id":0,"state":"RUNNING","worker_id":"127.0.0.1:8083"},
               {"id":1,"state":"FAILED","worker_id":"127.0.0.1:8083",
                "trace":"org.apache.kafka.connect.errors.ConnectException: boom\n\tat x"}],
      "type":"sink"})"));
  EXPECT_TRUE(IsError(Get("/connectors/nope/status"), 404, "No status found for connector nope"));
}

TEST_F(ConnectorsEndpointsTest, TasksInTheCurrentAndTheDeprecatedShape) {
  CreateConnector("c", SinkConfig());
  HttpResult tasks = Get("/connectors/c/tasks");
  EXPECT_EQ(tasks.status, 200);
  ASSERT_EQ(tasks.json.size(), 2u);
  EXPECT_EQ(tasks.json[1]["id"], json({{"connector", "c"}, {"task", 1}}));
  EXPECT_EQ(tasks.json[1]["config"]["task.class"], "FileStreamSinkTask");

  HttpResult deprecated = Get("/connectors/c/tasks-config");
  EXPECT_EQ(deprecated.status, 200);
  EXPECT_EQ(deprecated.json.size(), 2u);
  EXPECT_EQ(deprecated.json["c-0"], tasks.json[0]["config"]);
  EXPECT_EQ(deprecated.json["c-1"], tasks.json[1]["config"]);

  EXPECT_TRUE(IsError(Get("/connectors/nope/tasks"), 404, "Connector nope not found"));
  EXPECT_TRUE(IsError(Get("/connectors/nope/tasks-config"), 404, "Connector nope not found"));
}

TEST_F(ConnectorsEndpointsTest, TaskStatus) {
  CreateConnector("c", SourceConfig());
  HttpResult r = Get("/connectors/c/tasks/0/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json, json::parse(R"({"id":0,"state":"RUNNING","worker_id":"127.0.0.1:8083"})"));
  herder_.FailTask("c", 0, "trace text");
  EXPECT_EQ(Get("/connectors/c/tasks/0/status").json["trace"], "trace text");
  EXPECT_TRUE(IsError(Get("/connectors/c/tasks/7/status"), 404, "No status found for task c-7"));
  EXPECT_TRUE(
      IsErrorContaining(Get("/connectors/c/tasks/x/status"), 400, "Task id \"x\" is invalid"));
  EXPECT_TRUE(IsErrorContaining(Get("/connectors/c/tasks/-1/status"), 400, "is invalid"));
}

TEST_F(ConnectorsEndpointsTest, RestartTask) {
  CreateConnector("c", SourceConfig());
  herder_.FailTask("c", 0, "trace");
  HttpResult r = Send("POST", "/connectors/c/tasks/0/restart");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Get("/connectors/c/tasks/0/status").json["state"], "RUNNING");
  EXPECT_TRUE(IsError(Send("POST", "/connectors/c/tasks/3/restart"), 404, "Task c-3 not found"));
  EXPECT_TRUE(
      IsError(Send("POST", "/connectors/nope/tasks/0/restart"), 404, "Connector nope not found"));
}

TEST_F(ConnectorsEndpointsTest, RestartConnectorOnlyAnswers204) {
  CreateConnector("c", SourceConfig());
  HttpResult r = Send("POST", "/connectors/c/restart");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Send("POST", "/connectors/c/restart?includeTasks=false&onlyFailed=false").status, 204);
  EXPECT_TRUE(IsError(Send("POST", "/connectors/nope/restart"), 404, "Connector nope not found"));
}

TEST_F(ConnectorsEndpointsTest, RestartWithTasksAnswers202WithTheRestartingInstances) {
  CreateConnector("c", SinkConfig());
  herder_.FailTask("c", 1, "trace");
  HttpResult r = Send("POST", "/connectors/c/restart?includeTasks=true&onlyFailed=true");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.json, json::parse(R"({"name":"c",
      "connector":{"state":"RUNNING","worker_id":"127.0.0.1:8083"},
      "tasks":[{"id":0,"state":"RUNNING","worker_id":"127.0.0.1:8083"},
               {"id":1,"state":"RESTARTING","worker_id":"127.0.0.1:8083","trace":"trace"}],
      "type":"sink"})"));
  HttpResult all = Send("POST", "/connectors/c/restart?includeTasks=TRUE");
  EXPECT_EQ(all.status, 202);
  EXPECT_EQ(all.json["connector"]["state"], "RESTARTING");
  EXPECT_EQ(all.json["tasks"][0]["state"], "RESTARTING");
  EXPECT_TRUE(IsError(Send("POST", "/connectors/c/restart?includeTasks=yes"), 400,
                      "Query parameter includeTasks must be true or false, not \"yes\""));
}

TEST_F(ConnectorsEndpointsTest, PauseResumeStop) {
  CreateConnector("c", SourceConfig());
  HttpResult paused = Send("PUT", "/connectors/c/pause");
  EXPECT_EQ(paused.status, 202);
  EXPECT_TRUE(paused.body.empty());
  HttpResult status = Get("/connectors/c/status");
  EXPECT_EQ(status.json["connector"]["state"], "PAUSED");
  EXPECT_EQ(status.json["tasks"][0]["state"], "PAUSED");
  EXPECT_EQ(Send("PUT", "/connectors/c/pause").status, 202);  // idempotent

  EXPECT_EQ(Send("PUT", "/connectors/c/resume").status, 202);
  EXPECT_EQ(Get("/connectors/c/status").json["connector"]["state"], "RUNNING");

  HttpResult stopped = Send("PUT", "/connectors/c/stop");
  EXPECT_EQ(stopped.status, 204);
  EXPECT_TRUE(stopped.body.empty());
  status = Get("/connectors/c/status");
  EXPECT_EQ(status.json["connector"]["state"], "STOPPED");
  EXPECT_EQ(status.json["tasks"], json::array());
  EXPECT_EQ(Get("/connectors/c/tasks").json, json::array());
  EXPECT_EQ(Send("PUT", "/connectors/c/resume").status, 202);  // from STOPPED too
  EXPECT_EQ(Get("/connectors/c/status").json["tasks"].size(), 1u);

  EXPECT_TRUE(IsError(Send("PUT", "/connectors/nope/pause"), 404, "Unknown connector nope"));
  EXPECT_TRUE(IsError(Send("PUT", "/connectors/nope/resume"), 404, "Unknown connector nope"));
  EXPECT_TRUE(IsError(Send("PUT", "/connectors/nope/stop"), 404, "Connector nope not found"));
}

TEST_F(ConnectorsEndpointsTest, OffsetsCanOnlyChangeWhileStopped) {
  CreateConnector("c", SourceConfig());
  HttpResult empty = Get("/connectors/c/offsets");
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.json, json::parse(R"({"offsets":[]})"));

  json alter = json::parse(
      R"({"offsets":[{"partition":{"filename":"test.txt"},"offset":{"position":30}}]})");
  const std::string not_stopped =
      "Connectors must be in the STOPPED state before their offsets can be modified. This can be "
      "done for the specified connector by issuing a 'PUT' request to the '/connectors/c/stop' "
      "endpoint";
  EXPECT_TRUE(IsError(Patch("/connectors/c/offsets", alter), 400, not_stopped));
  EXPECT_TRUE(IsError(Delete("/connectors/c/offsets"), 400, not_stopped));

  ASSERT_EQ(Send("PUT", "/connectors/c/stop").status, 204);
  HttpResult altered = Patch("/connectors/c/offsets", alter);
  EXPECT_EQ(altered.status, 200) << altered.body;
  EXPECT_EQ(altered.json,
            json({{"message", "The offsets for this connector have been altered successfully"}}));
  EXPECT_EQ(Get("/connectors/c/offsets").json, alter);

  HttpResult reset = Delete("/connectors/c/offsets");
  EXPECT_EQ(reset.status, 200);
  EXPECT_EQ(reset.json,
            json({{"message", "The offsets for this connector have been reset successfully"}}));
  EXPECT_EQ(Get("/connectors/c/offsets").json, json::parse(R"({"offsets":[]})"));
}

TEST_F(ConnectorsEndpointsTest, OffsetsRequestErrors) {
  CreateConnector("sink", SinkConfig());
  ASSERT_EQ(Send("PUT", "/connectors/sink/stop").status, 204);
  const std::string kMissing =
      "Partitions / offsets need to be provided for an alter offsets request";
  EXPECT_TRUE(IsError(Patch("/connectors/sink/offsets", json::object()), 400, kMissing));
  EXPECT_TRUE(
      IsError(Patch("/connectors/sink/offsets", {{"offsets", json::array()}}), 400, kMissing));
  EXPECT_TRUE(IsError(Patch("/connectors/sink/offsets", json::parse(R"({"offsets":[{}]})")), 400,
                      "The partition for a sink connector offset cannot be null or missing"));
  EXPECT_TRUE(
      IsError(Patch("/connectors/sink/offsets",
                    json::parse(R"({"offsets":[{"partition":{},"offset":null}]})")),
              400,
              "The partition for a sink connector offset must contain the keys 'kafka_topic' and "
              "'kafka_partition'"));
  json sink_offset = json::parse(
      R"({"offsets":[{"partition":{"kafka_topic":"t","kafka_partition":0},"offset":{"kafka_offset":5}}]})");
  EXPECT_EQ(Patch("/connectors/sink/offsets", sink_offset).status, 200);
  EXPECT_TRUE(IsError(Get("/connectors/nope/offsets"), 404, "Connector nope not found"));
  EXPECT_TRUE(
      IsError(Patch("/connectors/nope/offsets", sink_offset), 404, "Connector nope not found"));
  EXPECT_TRUE(IsError(Delete("/connectors/nope/offsets"), 404, "Connector nope not found"));
}

TEST_F(ConnectorsEndpointsTest, ActiveTopics) {
  CreateConnector("c", SinkConfig());
  herder_.RecordActiveTopic("c", "t2");
  herder_.RecordActiveTopic("c", "t1");
  HttpResult r = Get("/connectors/c/topics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json, json::parse(R"({"c":{"topics":["t1","t2"]}})"));
  HttpResult reset = Send("PUT", "/connectors/c/topics/reset");
  EXPECT_EQ(reset.status, 202);
  EXPECT_TRUE(reset.body.empty());
  EXPECT_EQ(Get("/connectors/c/topics").json, json::parse(R"({"c":{"topics":[]}})"));
  EXPECT_TRUE(IsError(Get("/connectors/nope/topics"), 404, "Connector nope not found"));
}

TEST_F(ConnectorsEndpointsTest, DisabledTopicTrackingIs403) {
  CreateConnector("c", SinkConfig());
  herder_.SetTopicTracking(true, false);
  EXPECT_EQ(Get("/connectors/c/topics").status, 200);
  EXPECT_TRUE(
      IsError(Send("PUT", "/connectors/c/topics/reset"), 403, "Topic tracking reset is disabled."));
  herder_.SetTopicTracking(false, false);
  EXPECT_TRUE(IsError(Get("/connectors/c/topics"), 403, "Topic tracking is disabled."));
  EXPECT_TRUE(
      IsError(Send("PUT", "/connectors/c/topics/reset"), 403, "Topic tracking is disabled."));
}

TEST_F(ConnectorsEndpointsTest, NamesWithSpacesAndUnicodeRoundTripThroughTheUrl) {
  const std::string name = "données flux-流";
  HttpResult created =
      SendRawJson("POST", "/connectors", json({{"name", name}, {"config", SourceConfig()}}).dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string encoded = "donn%C3%A9es%20flux-%E6%B5%81";
  EXPECT_EQ(created.Header("Location"), "/connectors/" + encoded);
  HttpResult got = Get("/connectors/" + encoded);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.json["name"], name);
  EXPECT_EQ(Get("/connectors/" + encoded + "/status").json["name"], name);
  EXPECT_EQ(Get("/connectors").json, json({name}));
  EXPECT_EQ(Delete("/connectors/" + encoded).status, 204);
}

TEST_F(ConnectorsEndpointsTest, UnaddressableNamesInTheUrlAre400) {
  EXPECT_TRUE(IsErrorContaining(Get("/connectors/a%2Fb"), 400, "must not contain '/'"));
  EXPECT_TRUE(IsErrorContaining(Get("/connectors/a%5Cb/status"), 400, "must not contain"));
  EXPECT_TRUE(IsErrorContaining(Get("/connectors/a%0Ab"), 400, "control characters"));
  EXPECT_TRUE(IsErrorContaining(Get("/connectors/a%00b/config"), 400, "control characters"));
  EXPECT_TRUE(
      IsErrorContaining(Put("/connectors/bad%FF/config", SourceConfig()), 400, "not valid UTF-8"));
  EXPECT_TRUE(
      IsErrorContaining(Send("PUT", "/connectors/%2E%2E/pause"), 400, "cannot be addressed"));
}

TEST_F(ConnectorsEndpointsTest, HerderFailuresAre500WithoutInternals) {
  herder_.FailNextCall(Status::IoError("disk /var/lib/sluice/config is full"));
  HttpResult r = Get("/connectors/anything");
  EXPECT_TRUE(IsErrorContaining(r, 500, "Internal server error"));
  EXPECT_EQ(r.body.find("/var/lib"), std::string::npos);
  herder_.FailNextCall(Status::Timeout("waited 90 s"));
  EXPECT_TRUE(IsError(Get("/connectors/anything"), 500, "Request timed out"));
  // A conflicting operation (Kafka Connect's rebalance) is 409 with the Herder's message.
  herder_.FailNextCall(Status::FailedPrecondition(
      "Cannot complete request because of a conflicting operation (e.g. worker rebalance)"));
  EXPECT_TRUE(IsError(Delete("/connectors/anything"), 409,
                      "Cannot complete request because of a conflicting operation (e.g. worker "
                      "rebalance)"));
}

class AdvertisedUrlTest : public RestApiTest {
 protected:
  RestOptions Options() const override {
    RestOptions options = RestApiTest::Options();
    options.advertised_url = "http://worker-1.example:8083/";
    return options;
  }
};

TEST_F(AdvertisedUrlTest, LocationIsAbsoluteUnderTheAdvertisedUrl) {
  HttpResult r = SendRawJson("POST", "/connectors",
                             json({{"name", "my conn"}, {"config", SourceConfig()}}).dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Header("Location"), "http://worker-1.example:8083/connectors/my%20conn");
}

}  // namespace
}  // namespace sluice::rest::testing
