// A RestServer on an ephemeral port in front of a FakeHerder, and a real HTTP client to talk to
// it, for the conformance tests.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "fake_herder.h"
#include "rest/rest_server.h"

namespace sluice::rest::testing {

struct HttpResult {
  int status = 0;  // 0: no response at all
  httplib::Headers headers;
  std::string body;
  nlohmann::json json;  // the body parsed, or discarded when it is not JSON

  std::string Header(const std::string& name) const;
};

class RestApiTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  virtual RestOptions Options() const;

  // `path` is sent exactly as given (percent-encoding is the test's business). Without a body no
  // Content-Type is sent.
  HttpResult Send(const std::string& method, const std::string& path,
                  const std::optional<std::string>& body = std::nullopt,
                  const std::string& content_type = "application/json");
  HttpResult Get(const std::string& path) { return Send("GET", path); }
  HttpResult Delete(const std::string& path) { return Send("DELETE", path); }
  HttpResult Post(const std::string& path, const nlohmann::json& body) {
    return Send("POST", path, body.dump());
  }
  HttpResult Put(const std::string& path, const nlohmann::json& body) {
    return Send("PUT", path, body.dump());
  }
  HttpResult Patch(const std::string& path, const nlohmann::json& body) {
    return Send("PATCH", path, body.dump());
  }
  // Writes `raw` bytes to a new connection and reads the whole response: for requests that an
  // HTTP client would not send (no Content-Type, malformed request lines).
  HttpResult SendRaw(const std::string& raw);
  // A JSON request through SendRaw. Needed to see a Location header as sent: httplib's client
  // percent-decodes the header values it receives.
  HttpResult SendRawJson(const std::string& method, const std::string& path,
                         const std::string& body);

  // POST /connectors, asserting 201.
  void CreateConnector(const std::string& name, const nlohmann::json& config);
  static nlohmann::json SourceConfig(const std::string& topic = "connect-test");
  static nlohmann::json SinkConfig(const std::string& topics = "connect-test");

  FakeHerder herder_;
  std::unique_ptr<RestServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

// The standard error body: exactly {"error_code": status, "message": message}.
::testing::AssertionResult IsError(const HttpResult& result, int status,
                                   const std::string& message);
// As IsError, with `fragment` somewhere in the message.
::testing::AssertionResult IsErrorContaining(const HttpResult& result, int status,
                                             const std::string& fragment);

}  // namespace sluice::rest::testing
