#include "rest/listeners.h"

#include <gtest/gtest.h>

namespace sluice::rest {
namespace {

TEST(ParseListenersTest, HostAndPort) {
  auto r = ParseListeners("http://127.0.0.1:8083");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->host, "127.0.0.1");
  EXPECT_EQ(r->port, 8083);
}

TEST(ParseListenersTest, EmptyHostMeansEveryInterfaceAsInKafka) {
  auto r = ParseListeners("http://:8083");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->host, "0.0.0.0");
  EXPECT_EQ(r->port, 8083);
}

TEST(ParseListenersTest, NamesAndBracketedIpv6) {
  EXPECT_EQ(ParseListeners("http://localhost:9000")->host, "localhost");
  auto v6 = ParseListeners("http://[::1]:8083");
  ASSERT_TRUE(v6.ok()) << v6.status().ToString();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(ParseListeners("http://[]:8083")->host, "::");
}

TEST(ParseListenersTest, SchemeIsCaseInsensitiveAndSpacesAreTrimmed) {
  auto r = ParseListeners("  HTTP://127.0.0.1:8084/  ");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->port, 8084);
}

TEST(ParseListenersTest, TheFirstOfSeveralIsServed) {
  auto r = ParseListeners("http://127.0.0.1:8083, http://0.0.0.0:9083");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->host, "127.0.0.1");
  EXPECT_EQ(r->port, 8083);
}

TEST(ParseListenersTest, HttpsIsRefusedBecauseTlsIsNotBuiltIn) {
  auto r = ParseListeners("https://0.0.0.0:8443");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("https"), std::string::npos);
  EXPECT_NE(r.status().message().find("TLS"), std::string::npos);
  EXPECT_FALSE(ParseListeners("http://127.0.0.1:8083,https://0.0.0.0:8443").ok());
}

TEST(ParseListenersTest, MalformedListenersNameTheEntry) {
  for (const char* bad : {"", "   ", "127.0.0.1:8083", "http://127.0.0.1", "http://host:port",
                          "ftp://127.0.0.1:21", "http://127.0.0.1:70000", "http://127.0.0.1:8083,",
                          "http://a:1/path", "http://[::1:8083"}) {
    auto r = ParseListeners(bad);
    EXPECT_FALSE(r.ok()) << "accepted '" << bad << "'";
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
    }
  }
  EXPECT_NE(ParseListeners("http://127.0.0.1:99999").status().message().find("99999"),
            std::string::npos);
  EXPECT_NE(ParseListeners("tcp://x:1").status().message().find("'tcp://x:1'"), std::string::npos);
}

TEST(ParseListenersTest, PortZeroAsksForAnEphemeralPort) {
  EXPECT_EQ(ParseListeners("http://127.0.0.1:0")->port, 0);
}

}  // namespace
}  // namespace sluice::rest
