// /admin/loggers: log levels read and changed at run time. The levels are process-wide, so each
// test uses loggers of its own.
#include "common/log.h"
#include "rest_test_support.h"

namespace sluice::rest::testing {
namespace {

using nlohmann::json;

class LoggersEndpointsTest : public RestApiTest {};

TEST_F(LoggersEndpointsTest, ListsLoggersWithALevelOfTheirOwn) {
  HttpResult r = Get("/admin/loggers");
  EXPECT_EQ(r.status, 200);
  ASSERT_TRUE(r.json.contains("root")) << r.body;
  EXPECT_TRUE(r.json["root"]["level"].is_string());
  EXPECT_TRUE(r.json["root"].contains("last_modified"));
}

TEST_F(LoggersEndpointsTest, PutChangesTheLevelAtRunTime) {
  ASSERT_FALSE(log::Enabled("rest-test.runtime", log::Level::kDebug));
  HttpResult r = Put("/admin/loggers/rest-test.runtime", {{"level", "DEBUG"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json, json({"rest-test.runtime"}));
  EXPECT_TRUE(log::Enabled("rest-test.runtime", log::Level::kDebug));

  HttpResult got = Get("/admin/loggers/rest-test.runtime");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.json["level"], "DEBUG");
  EXPECT_TRUE(got.json["last_modified"].is_number_integer());
  EXPECT_EQ(Get("/admin/loggers").json["rest-test.runtime"], got.json);

  EXPECT_EQ(Put("/admin/loggers/rest-test.runtime", {{"level", "warn"}}).status, 200);
  EXPECT_FALSE(log::Enabled("rest-test.runtime", log::Level::kInfo));
}

TEST_F(LoggersEndpointsTest, ParentLevelReachesItsChildren) {
  ASSERT_EQ(Put("/admin/loggers/rest-test.tree.a", {{"level", "ERROR"}}).status, 200);
  HttpResult r = Put("/admin/loggers/rest-test.tree", {{"level", "TRACE"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json, json({"rest-test.tree", "rest-test.tree.a"}));
  EXPECT_EQ(Get("/admin/loggers/rest-test.tree.a").json["level"], "TRACE");
}

TEST_F(LoggersEndpointsTest, ALoggerWithoutALevelOfItsOwnInheritsOne) {
  ASSERT_EQ(Put("/admin/loggers/rest-test.parent", {{"level", "ERROR"}}).status, 200);
  HttpResult r = Get("/admin/loggers/rest-test.parent.child");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json, json::parse(R"({"level":"ERROR","last_modified":null})"));
}

TEST_F(LoggersEndpointsTest, ClusterScopeAnswers204) {
  HttpResult r = Send("PUT", "/admin/loggers/rest-test.cluster?scope=cluster",
                      json({{"level", "DEBUG"}}).dump());
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Get("/admin/loggers/rest-test.cluster").json["level"], "DEBUG");
  // An unknown scope falls back to this worker, as in Kafka Connect.
  EXPECT_EQ(
      Send("PUT", "/admin/loggers/rest-test.cluster?scope=galaxy", json({{"level", "INFO"}}).dump())
          .status,
      200);
}

TEST_F(LoggersEndpointsTest, Errors) {
  EXPECT_TRUE(IsError(Put("/admin/loggers/rest-test.err", json::object()), 400,
                      "Desired 'level' parameter was not specified in request."));
  EXPECT_TRUE(IsError(Put("/admin/loggers/rest-test.err", {{"level", nullptr}}), 400,
                      "Desired 'level' parameter was not specified in request."));
  EXPECT_TRUE(IsError(Put("/admin/loggers/rest-test.err", {{"level", "LOUD"}}), 404,
                      "invalid log level 'LOUD'."));
  EXPECT_TRUE(IsErrorContaining(Put("/admin/loggers/rest-test.err", {{"level", 3}}), 400,
                                "Field \"level\" must be a string"));
  EXPECT_TRUE(IsErrorContaining(Put("/admin/loggers/a..b", {{"level", "INFO"}}), 400,
                                "Invalid logger name"));
  EXPECT_TRUE(IsError(Get("/admin/loggers/a..b"), 404, "Logger a..b not found."));
  EXPECT_TRUE(IsError(Get("/admin/loggers/bad%20name"), 404, "Logger bad name not found."));
}

}  // namespace
}  // namespace sluice::rest::testing
