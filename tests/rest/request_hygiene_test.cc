// Malformed requests to every endpoint that takes a body: each must be a 4xx with the standard
// error body, change nothing, and leave the server serving.
#include "rest_test_support.h"

namespace sluice::rest::testing {
namespace {

using nlohmann::json;

struct BadRequest {
  std::string what;
  std::string method;
  std::string path;
  std::string body;
  std::string content_type = "application/json";
  int status = 400;
  std::string fragment;  // expected somewhere in the message
};

// What every JSON endpoint refuses the same way.
std::vector<BadRequest> CommonCases(const std::string& method, const std::string& path) {
  return {
      {"bad JSON", method, path, R"({"name": "x",)", "application/json", 400,
       "The request body is not valid JSON: parse error at line 1, column 14"},
      {"empty body", method, path, "", "application/json", 400, "The request body is empty"},
      {"whitespace body", method, path, "  \n ", "application/json", 400,
       "The request body is empty"},
      {"array body", method, path, "[1,2]", "application/json", 400,
       "must be a JSON object, not array"},
      {"string body", method, path, "\"x\"", "application/json", 400,
       "must be a JSON object, not string"},
      {"wrong content type", method, path, "{}", "text/plain", 415,
       "HTTP 415 Unsupported Media Type"},
      {"form content type", method, path, "level=DEBUG", "application/x-www-form-urlencoded", 415,
       "must be application/json"},
      {"oversized body", method, path, "{\"k\":\"" + std::string(2 << 20, 'x') + "\"}",
       "application/json", 413, "larger than the limit of 1048576 bytes"},
      {"deep nesting", method, path,
       "{\"k\":" + std::string(200, '[') + std::string(200, ']') + "}", "application/json", 400,
       "deeper than 64 levels"},
      {"invalid UTF-8", method, path, "{\"k\":\"\xff\xfe\"}", "application/json", 400,
       "not valid JSON"},
      {"trailing garbage", method, path, "{} {}", "application/json", 400, "not valid JSON"},
  };
}

class RequestHygieneTest : public RestApiTest {
 protected:
  void SetUp() override {
    RestApiTest::SetUp();
    CreateConnector("existing", SourceConfig());
    ASSERT_EQ(Send("PUT", "/connectors/existing/stop").status, 204);
    config_before_ = Get("/connectors/existing/config").json;
  }

  void ExpectAllRefused(const std::vector<BadRequest>& cases) {
    for (const BadRequest& c : cases) {
      SCOPED_TRACE(c.method + " " + c.path + ": " + c.what);
      const bool bodyless = c.body.empty() && c.content_type.empty();
      HttpResult r =
          Send(c.method, c.path, bodyless ? std::nullopt : std::optional(c.body), c.content_type);
      EXPECT_TRUE(IsErrorContaining(r, c.status, c.fragment));
      EXPECT_EQ(Get("/").status, 200) << "the server stopped serving";
    }
    EXPECT_EQ(Get("/connectors").json, json({"existing"}));
    EXPECT_EQ(Get("/connectors/existing/config").json, config_before_);
    EXPECT_EQ(Get("/connectors/existing/offsets").json, json::parse(R"({"offsets":[]})"));
  }

  json config_before_;
};

TEST_F(RequestHygieneTest, CreateConnector) {
  auto cases = CommonCases("POST", "/connectors");
  const std::string config = SourceConfig().dump();
  std::vector<BadRequest> specific = {
      {"unknown field", "POST", "/connectors", R"({"name":"n","config":{},"extra":1})",
       "application/json", 400, "Unrecognized field \"extra\""},
      {"bare config instead of a request", "POST", "/connectors", config, "application/json", 400,
       "Unrecognized field"},
      {"name of wrong type", "POST", "/connectors", R"({"name":["n"],"config":{}})",
       "application/json", 400, "Field \"name\" must be a string, not array"},
      {"missing name", "POST", "/connectors", R"({"config":)" + config + "}", "application/json",
       400, "Connector name is missing or empty"},
      {"missing config", "POST", "/connectors", R"({"name":"n"})", "application/json", 400,
       "Connector config is missing"},
      {"config value of wrong type", "POST", "/connectors",
       R"({"name":"n","config":{"tasks.max":{"v":1}}})", "application/json", 400,
       "The value of config \"tasks.max\" must be a string"},
      {"name mismatch", "POST", "/connectors", R"({"name":"n","config":{"name":"m"}})",
       "application/json", 400,
       "Connector name configuration (m) doesn't match connector name in the URL (n)"},
      {"path-like name", "POST", "/connectors", R"({"name":"../../etc/passwd","config":{}})",
       "application/json", 400, "must not contain '/'"},
      {"backslash name", "POST", "/connectors", R"({"name":"a\\b","config":{}})",
       "application/json", 400, "must not contain '/' or '\\'"},
      {"control character in name", "POST", "/connectors", R"({"name":"a\u0007b","config":{}})",
       "application/json", 400, "control characters"},
      {"unicode control character in name", "POST", "/connectors",
       R"({"name":"next\u0085line","config":{}})", "application/json", 400, "control characters"},
      {"NUL in name", "POST", "/connectors", R"({"name":"a\u0000b","config":{}})",
       "application/json", 400, "control characters"},
      {"bad initial state", "POST", "/connectors",
       R"({"name":"n","config":)" + config + R"(,"initial_state":"SLEEPING"})", "application/json",
       400, "Invalid initial_state \"SLEEPING\""},
      {"existing name", "POST", "/connectors", R"({"name":"existing","config":)" + config + "}",
       "application/json", 409, "Connector existing already exists"},
  };
  cases.insert(cases.end(), specific.begin(), specific.end());
  ExpectAllRefused(cases);
}

TEST_F(RequestHygieneTest, PutConnectorConfig) {
  const std::string path = "/connectors/existing/config";
  auto cases = CommonCases("PUT", path);
  std::vector<BadRequest> specific = {
      {"array value", "PUT", path, R"({"topics":["a","b"]})", "application/json", 400,
       "The value of config \"topics\" must be a string (or a number or boolean), not array"},
      {"null value", "PUT", path, R"({"file":null})", "application/json", 400, "not null"},
      {"name mismatch", "PUT", path, R"({"name":"other"})", "application/json", 400,
       "Connector name configuration (other) doesn't match connector name in the URL (existing)"},
      {"invalid config", "PUT", path, R"({"connector.class":"FileStreamSource"})",
       "application/json", 400, "Missing required configuration \"topic\""},
      {"unknown connector class", "PUT", path, R"({"connector.class":"Nope","topic":"t"})",
       "application/json", 400, "Failed to find any class that implements Connector"},
      {"encoded slash in the name", "PUT", "/connectors/a%2Fb/config", "{}", "application/json",
       400, "must not contain '/'"},
      {"control character in the name", "PUT", "/connectors/a%07b/config", "{}", "application/json",
       400, "control characters"},
      {"invalid UTF-8 in the name", "PUT", "/connectors/%C3%28/config", "{}", "application/json",
       400, "not valid UTF-8"},
  };
  cases.insert(cases.end(), specific.begin(), specific.end());
  ExpectAllRefused(cases);
}

TEST_F(RequestHygieneTest, PatchConnectorConfig) {
  const std::string path = "/connectors/existing/config";
  auto cases = CommonCases("PATCH", path);
  std::vector<BadRequest> specific = {
      {"object value", "PATCH", path, R"({"topic":{"a":1}})", "application/json", 400,
       "The value of config \"topic\" must be a string"},
      {"name mismatch", "PATCH", path, R"({"name":"other"})", "application/json", 400,
       "doesn't match connector name in the URL (existing)"},
      {"removing the name", "PATCH", path, R"({"name":null})", "application/json", 400,
       "cannot be removed"},
      {"removing a required key", "PATCH", path, R"({"topic":null})", "application/json", 400,
       "Missing required configuration \"topic\""},
      {"invalid value", "PATCH", path, R"({"tasks.max":"lots"})", "application/json", 400,
       "Not a number of type INT"},
      {"unknown connector", "PATCH", "/connectors/ghost/config", R"({"a":"b"})", "application/json",
       404, "Connector ghost not found"},
      {"path-like name", "PATCH", "/connectors/..%2Fx/config", R"({"a":"b"})", "application/json",
       400, "must not contain '/'"},
  };
  cases.insert(cases.end(), specific.begin(), specific.end());
  ExpectAllRefused(cases);
}

TEST_F(RequestHygieneTest, AlterOffsets) {
  const std::string path = "/connectors/existing/offsets";
  auto cases = CommonCases("PATCH", path);
  std::vector<BadRequest> specific = {
      {"no offsets", "PATCH", path, "{}", "application/json", 400,
       "Partitions / offsets need to be provided for an alter offsets request"},
      {"empty offsets", "PATCH", path, R"({"offsets":[]})", "application/json", 400,
       "Partitions / offsets need to be provided for an alter offsets request"},
      {"offsets not a list", "PATCH", path, R"({"offsets":{}})", "application/json", 400,
       "Field \"offsets\" must be an array"},
      {"entry not an object", "PATCH", path, R"({"offsets":[123]})", "application/json", 400,
       "offsets[0] must be an object"},
      {"unknown field in entry", "PATCH", path, R"({"offsets":[{"key":"val"}]})",
       "application/json", 400, "Unrecognized field \"key\" in offsets[0]"},
      {"unknown top-level field", "PATCH", path, R"({"key":[]})", "application/json", 400,
       "Unrecognized field \"key\" in the alter offsets request"},
      {"partition of wrong type", "PATCH", path, R"({"offsets":[{"partition":[]}]})",
       "application/json", 400, "offsets[0].partition must be an object or null, not array"},
      {"null source partition", "PATCH", path, R"({"offsets":[{"partition":null,"offset":null}]})",
       "application/json", 400, "Source partitions may not be null"},
  };
  cases.insert(cases.end(), specific.begin(), specific.end());
  ExpectAllRefused(cases);
}

TEST_F(RequestHygieneTest, ValidateConfig) {
  const std::string path = "/connector-plugins/FileStreamSourceConnector/config/validate";
  auto cases = CommonCases("PUT", path);
  std::vector<BadRequest> specific = {
      {"array value", "PUT", path, R"({"topic":["a"]})", "application/json", 400,
       "The value of config \"topic\" must be a string"},
      {"null value", "PUT", path, R"({"topic":null})", "application/json", 400, "not null"},
      {"other connector class", "PUT", path, R"({"connector.class":"FileStreamSink"})",
       "application/json", 400,
       "Included connector type FileStreamSink does not match request type "
       "FileStreamSourceConnector"},
      {"unknown plugin", "PUT", "/connector-plugins/Nope/config/validate", "{}", "application/json",
       404, "Unknown plugin Nope."},
  };
  cases.insert(cases.end(), specific.begin(), specific.end());
  ExpectAllRefused(cases);
}

TEST_F(RequestHygieneTest, SetLoggerLevel) {
  const std::string path = "/admin/loggers/rest-test.hygiene";
  auto cases = CommonCases("PUT", path);
  std::vector<BadRequest> specific = {
      {"no level", "PUT", path, R"({"lvl":"DEBUG"})", "application/json", 400,
       "Desired 'level' parameter was not specified in request."},
      {"level of wrong type", "PUT", path, R"({"level":["DEBUG"]})", "application/json", 400,
       "Field \"level\" must be a string, not array"},
      {"unknown level", "PUT", path, R"({"level":"CHATTY"})", "application/json", 404,
       "invalid log level 'CHATTY'."},
      {"empty logger segment", "PUT", "/admin/loggers/a..b", R"({"level":"DEBUG"})",
       "application/json", 400, "Invalid logger name"},
      {"control character in logger", "PUT", "/admin/loggers/a%0Ab", R"({"level":"DEBUG"})",
       "application/json", 400, "Invalid logger name"},
  };
  cases.insert(cases.end(), specific.begin(), specific.end());
  ExpectAllRefused(cases);
  EXPECT_EQ(Get("/admin/loggers").json.count("rest-test.hygiene"), 0u);
}

TEST_F(RequestHygieneTest, BodylessWritesRefuseBadParameters) {
  ExpectAllRefused({
      {"bad includeTasks", "POST", "/connectors/existing/restart?includeTasks=1", "", "", 400,
       "includeTasks must be true or false"},
      {"bad onlyFailed", "POST", "/connectors/existing/restart?onlyFailed=", "", "", 400,
       "onlyFailed must be true or false"},
      {"task id not a number", "POST", "/connectors/existing/tasks/zero/restart", "", "", 400,
       "Task id \"zero\" is invalid"},
      {"task id too large", "POST", "/connectors/existing/tasks/99999999999/restart", "", "", 400,
       "is invalid"},
      {"unknown connector", "PUT", "/connectors/ghost/pause", "", "", 404,
       "Unknown connector ghost"},
      {"path-like name", "DELETE", "/connectors/%2E%2E", "", "", 400, "cannot be addressed"},
  });
}

TEST_F(RequestHygieneTest, MissingContentTypeIsTolerated) {
  const std::string body = R"({"level":"INFO"})";
  HttpResult r = SendRaw(
      "PUT /admin/loggers/rest-test.no-type HTTP/1.1\r\nHost: x\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json, json({"rest-test.no-type"}));
}

TEST_F(RequestHygieneTest, CharsetParameterIsTolerated) {
  HttpResult r = Send("PUT", "/admin/loggers/rest-test.charset", R"({"level":"INFO"})",
                      "application/json; charset=UTF-8");
  EXPECT_EQ(r.status, 200) << r.body;
}

}  // namespace
}  // namespace sluice::rest::testing
