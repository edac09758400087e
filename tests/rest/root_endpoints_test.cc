// GET /, GET /health, and what every path shares: 404 for unknown paths, 405 for a wrong method,
// OPTIONS and HEAD.
#include "rest_test_support.h"

namespace sluice::rest::testing {
namespace {

using nlohmann::json;

class RootEndpointsTest : public RestApiTest {};

TEST_F(RootEndpointsTest, RootDescribesTheWorker) {
  HttpResult r = Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  EXPECT_EQ(r.json, json({{"version", "0.1.0"},
                          {"commit", "0123456789abcdef"},
                          {"kafka_cluster_id", "fake-cluster"}}));
}

TEST_F(RootEndpointsTest, HealthyWorkerAnswers200) {
  HttpResult r = Get("/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json, json({{"status", "healthy"},
                          {"message",
                           "Worker has completed startup and is ready to handle "
                           "requests."}}));
}

TEST_F(RootEndpointsTest, StartingWorkerAnswers503) {
  herder_.SetHealth({"starting", "Worker is still starting up."});
  HttpResult r = Get("/health");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.json, json({{"status", "starting"}, {"message", "Worker is still starting up."}}));
}

TEST_F(RootEndpointsTest, UnhealthyWorkerAnswers500) {
  herder_.SetHealth({"unhealthy", "Worker was unable to handle this request."});
  HttpResult r = Get("/health");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.json["status"], "unhealthy");
}

TEST_F(RootEndpointsTest, UnknownPathIs404WithTheStandardBody) {
  EXPECT_TRUE(IsErrorContaining(Get("/no-such-thing"), 404, "HTTP 404 Not Found"));
  EXPECT_TRUE(IsErrorContaining(Get("/connectors/a/b/c/d"), 404, "HTTP 404 Not Found"));
  EXPECT_TRUE(IsErrorContaining(Get("/connectors//status"), 404, "HTTP 404 Not Found"));
}

TEST_F(RootEndpointsTest, WrongMethodOnAKnownPathIs405WithAllow) {
  HttpResult r = Send("POST", "/connectors/x");
  EXPECT_TRUE(IsErrorContaining(r, 405, "HTTP 405 Method Not Allowed"));
  EXPECT_EQ(r.Header("Allow"), "DELETE, GET, HEAD, OPTIONS");
  EXPECT_TRUE(IsErrorContaining(Send("DELETE", "/"), 405, "DELETE is not supported on /"));
  EXPECT_TRUE(IsErrorContaining(Send("GET", "/connectors/x/pause"), 405, "Method Not Allowed"));
}

TEST_F(RootEndpointsTest, MethodsNoEndpointServesAre405) {
  EXPECT_TRUE(IsErrorContaining(Send("TRACE", "/"), 405, "TRACE is not supported"));
}

TEST_F(RootEndpointsTest, OptionsListsTheAllowedMethods) {
  HttpResult r = Send("OPTIONS", "/connectors");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.Header("Allow"), "GET, HEAD, OPTIONS, POST");
}

TEST_F(RootEndpointsTest, HeadAnswersLikeGetWithoutABody) {
  HttpResult r = Send("HEAD", "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(RootEndpointsTest, TrailingSlashIsTheSamePath) {
  HttpResult r = Get("/connectors/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json, json::array());
}

TEST_F(RootEndpointsTest, LongAndOddPathsAreAnsweredNormally) {
  EXPECT_TRUE(IsErrorContaining(Get("/" + std::string(8000, 'a')), 404, "HTTP 404 Not Found"));
  EXPECT_TRUE(IsErrorContaining(Get("/x%0Ay%00z%FF"), 404, "HTTP 404 Not Found"));
  EXPECT_EQ(Get("/").status, 200);
}

TEST_F(RootEndpointsTest, MalformedHttpGetsTheStandardBody) {
  EXPECT_TRUE(IsErrorContaining(SendRaw("NONSENSE\r\n\r\n"), 400, "HTTP 400 Bad Request"));
  EXPECT_EQ(Get("/").status, 200);
}

}  // namespace
}  // namespace sluice::rest::testing
