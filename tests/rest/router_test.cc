#include "rest/router.h"

#include <gtest/gtest.h>

namespace sluice::rest {
namespace {

using nlohmann::json;

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/connectors/{connector}/tasks/{task}/status", Body::kNone,
                [](const RestRequest& r) {
                  return RestResponse::Json(200, {{"connector", r.PathParam("connector")},
                                                  {"task", r.PathParam("task")}});
                });
    router_.Add("PUT", "/connectors/{connector}/config", Body::kJsonObject,
                [](const RestRequest& r) { return RestResponse::Json(200, r.body); });
    router_.Add("GET", "/boom", Body::kNone,
                [](const RestRequest&) -> RestResponse { throw std::runtime_error("secret"); });
  }
  RestResponse Dispatch(const std::string& method, const std::string& path,
                        std::optional<std::string> content_type = std::nullopt,
                        const std::string& body = "") {
    return router_.Dispatch(method, path, {}, content_type, body);
  }
  Router router_;
};

TEST_F(RouterTest, DecodesEachSegmentOnItsOwn) {
  RestResponse r = Dispatch("GET", "/connectors/a%2Fb%20c/tasks/0/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ((*r.body)["connector"], "a/b c");
}

TEST_F(RouterTest, UnknownPathsAre404AndWrongMethods405) {
  EXPECT_EQ(Dispatch("GET", "/connectors/a/tasks/0").status, 404);
  EXPECT_EQ(Dispatch("GET", "relative").status, 404);
  RestResponse r = Dispatch("DELETE", "/connectors/a/config");
  EXPECT_EQ(r.status, 405);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], std::make_pair(std::string("Allow"), std::string("OPTIONS, PUT")));
}

TEST_F(RouterTest, BodiesMustBeJsonObjects) {
  EXPECT_EQ(Dispatch("PUT", "/connectors/a/config", "application/json", R"({"k":"v"})").status,
            200);
  EXPECT_EQ(
      Dispatch("PUT", "/connectors/a/config", "Application/JSON; charset=UTF-8", R"({"k":"v"})")
          .status,
      200);
  EXPECT_EQ(Dispatch("PUT", "/connectors/a/config", std::nullopt, R"({"k":"v"})").status, 200);
  EXPECT_EQ(Dispatch("PUT", "/connectors/a/config", "text/plain", R"({"k":"v"})").status, 415);
  EXPECT_EQ(Dispatch("PUT", "/connectors/a/config", "application/json", "[1]").status, 400);
  EXPECT_EQ(Dispatch("PUT", "/connectors/a/config", "application/json", "").status, 400);
  RestResponse bad = Dispatch("PUT", "/connectors/a/config", "application/json", "{\"k\":");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE((*bad.body)["message"].get<std::string>().find("line 1, column 6"), std::string::npos)
      << (*bad.body)["message"];
}

TEST_F(RouterTest, DeepNestingIsRefused) {
  std::string deep = "{\"k\":" + std::string(100, '[') + std::string(100, ']') + "}";
  RestResponse r = Dispatch("PUT", "/connectors/a/config", "application/json", deep);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE((*r.body)["message"].get<std::string>().find("deeper than 64"), std::string::npos);
  std::string fine = "{\"k\":" + std::string(60, '[') + std::string(60, ']') + "}";
  EXPECT_EQ(Dispatch("PUT", "/connectors/a/config", "application/json", fine).status, 200);
}

TEST_F(RouterTest, ExceptionsBecomeAGeneric500) {
  RestResponse r = Dispatch("GET", "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body->dump().find("secret"), std::string::npos);
}

}  // namespace
}  // namespace sluice::rest
