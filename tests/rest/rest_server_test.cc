// Starting and stopping the server, and refusing what it cannot listen on.
#include <gtest/gtest.h>
#include <httplib.h>

#include "fake_herder.h"
#include "rest/rest_server.h"

namespace sluice::rest::testing {
namespace {

RestOptions Ephemeral() {
  RestOptions options;
  options.port = 0;
  return options;
}

TEST(RestServerTest, EphemeralPortServesUntilStopped) {
  FakeHerder herder;
  RestServer server(herder, Ephemeral());
  EXPECT_EQ(server.port(), 0);
  ASSERT_TRUE(server.Start().ok());
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.url(), "http://127.0.0.1:" + std::to_string(server.port()));
  {
    httplib::Client client("127.0.0.1", server.port());
    auto r = client.Get("/");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  server.Stop();
  server.Stop();  // idempotent
  httplib::Client client("127.0.0.1", server.port());
  client.set_connection_timeout(2, 0);
  EXPECT_FALSE(client.Get("/"));
}

TEST(RestServerTest, AddressInUseIsAClearError) {
  FakeHerder herder;
  RestServer first(herder, Ephemeral());
  ASSERT_TRUE(first.Start().ok());
  RestOptions same = Ephemeral();
  same.port = first.port();
  RestServer second(herder, same);
  Status st = second.Start();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kIoError);
  EXPECT_NE(st.message().find("127.0.0.1:" + std::to_string(first.port())), std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("in use"), std::string::npos) << st.message();
}

TEST(RestServerTest, StartingTwiceIsRefused) {
  FakeHerder herder;
  RestServer server(herder, Ephemeral());
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(server.Start().code(), StatusCode::kFailedPrecondition);
}

TEST(RestServerTest, InvalidOptionsAreRefused) {
  FakeHerder herder;
  RestOptions bad_port = Ephemeral();
  bad_port.port = 70000;
  EXPECT_EQ(RestServer(herder, bad_port).Start().code(), StatusCode::kInvalidArgument);
  RestOptions no_body = Ephemeral();
  no_body.max_body_bytes = 0;
  EXPECT_EQ(RestServer(herder, no_body).Start().code(), StatusCode::kInvalidArgument);
  RestOptions bad_host = Ephemeral();
  bad_host.host = "host.invalid";
  Status st = RestServer(herder, bad_host).Start();
  EXPECT_EQ(st.code(), StatusCode::kIoError);
  EXPECT_NE(st.message().find("host.invalid"), std::string::npos) << st.message();
}

TEST(RestServerTest, ASmallerBodyLimitIsEnforced) {
  FakeHerder herder;
  RestOptions options = Ephemeral();
  options.max_body_bytes = 64;
  RestServer server(herder, options);
  ASSERT_TRUE(server.Start().ok());
  httplib::Client client("127.0.0.1", server.port());
  auto r = client.Put("/admin/loggers/rest-test.limit", std::string(100, ' ') + "{}",
                      "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(nlohmann::json::parse(r->body)["message"],
            "HTTP 413 Payload Too Large: the request body is larger than the limit of 64 bytes");
  EXPECT_EQ(client.Get("/")->status, 200);
}

}  // namespace
}  // namespace sluice::rest::testing
