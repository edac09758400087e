#include "rest_test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <strings.h>

#include <sstream>

namespace sluice::rest::testing {
namespace {

nlohmann::json ParseOrDiscard(const std::string& body) {
  return nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
}

// The Content-Length of the response whose headers end at `header_end`.
size_t ContentLength(const std::string& response, size_t header_end) {
  std::istringstream head(response.substr(0, header_end));
  std::string line;
  while (std::getline(head, line)) {
    if (strncasecmp(line.c_str(), "Content-Length:", 15) == 0) return std::stoul(line.substr(15));
  }
  return 0;
}

::testing::AssertionResult CheckErrorShape(const HttpResult& result, int status) {
  if (result.status != status) {
    return ::testing::AssertionFailure()
           << "status " << result.status << ", expected " << status << "; body: " << result.body;
  }
  if (result.Header("Content-Type").rfind("application/json", 0) != 0) {
    return ::testing::AssertionFailure() << "Content-Type is " << result.Header("Content-Type");
  }
  const nlohmann::json& j = result.json;
  if (!j.is_object() || j.size() != 2 || !j.contains("error_code") || !j.contains("message") ||
      j["error_code"] != status || !j["message"].is_string()) {
    return ::testing::AssertionFailure() << "not the standard error body: " << result.body;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace

std::string HttpResult::Header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  }
  return "";
}

RestOptions RestApiTest::Options() const {
  RestOptions options;
  options.port = 0;
  return options;
}

void RestApiTest::SetUp() {
  server_ = std::make_unique<RestServer>(herder_, Options());
  Status started = server_->Start();
  ASSERT_TRUE(started.ok()) << started.ToString();
  client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  client_->set_url_encode(false);
  client_->set_read_timeout(10, 0);
}

void RestApiTest::TearDown() {
  client_.reset();
  if (server_) server_->Stop();
}

HttpResult RestApiTest::Send(const std::string& method, const std::string& path,
                             const std::optional<std::string>& body,
                             const std::string& content_type) {
  httplib::Request request;
  request.method = method;
  request.path = path;
  if (body) {
    request.body = *body;
    request.set_header("Content-Type", content_type);
  }
  httplib::Result response = client_->send(request);
  HttpResult result;
  if (!response) return result;
  result.status = response->status;
  result.headers = response->headers;
  result.body = response->body;
  result.json = ParseOrDiscard(result.body);
  return result;
}

HttpResult RestApiTest::SendRaw(const std::string& raw) {
  HttpResult result;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return result;
  timeval timeout{10, 0};  // a broken server fails the test instead of hanging it
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(server_->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::send(fd, raw.data(), raw.size(), 0) != static_cast<ssize_t>(raw.size())) {
    ::close(fd);
    return result;
  }
  // Read one response: headers, then Content-Length bytes. (No half-close: a server may take a
  // half-closed peer for gone and not answer.)
  std::string response;
  char buffer[4096];
  size_t header_end = std::string::npos;
  size_t content_length = 0;
  while (header_end == std::string::npos || response.size() < header_end + 4 + content_length) {
    ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    response.append(buffer, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = response.find("\r\n\r\n");
      if (header_end != std::string::npos) content_length = ContentLength(response, header_end);
    }
  }
  ::close(fd);

  if (response.rfind("HTTP/1.", 0) != 0 || header_end == std::string::npos) {
    result.body = response;  // for the failure message
    return result;
  }
  std::istringstream head(response.substr(0, header_end));
  std::string line;
  std::getline(head, line);
  result.status = std::stoi(line.substr(9, 3));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t value_start = line.find_first_not_of(' ', colon + 1);
    result.headers.emplace(line.substr(0, colon),
                           value_start == std::string::npos ? "" : line.substr(value_start));
  }
  result.body = response.substr(header_end + 4, content_length);
  result.json = ParseOrDiscard(result.body);
  return result;
}

HttpResult RestApiTest::SendRawJson(const std::string& method, const std::string& path,
                                    const std::string& body) {
  return SendRaw(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                 "Content-Type: application/json\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n" + body);
}

void RestApiTest::CreateConnector(const std::string& name, const nlohmann::json& config) {
  HttpResult created = Post("/connectors", {{"name", name}, {"config", config}});
  ASSERT_EQ(created.status, 201) << created.body;
}

nlohmann::json RestApiTest::SourceConfig(const std::string& topic) {
  return {{"connector.class", "FileStreamSource"},
          {"tasks.max", "1"},
          {"file", "test.txt"},
          {"topic", topic}};
}

nlohmann::json RestApiTest::SinkConfig(const std::string& topics) {
  return {{"connector.class", "FileStreamSink"},
          {"tasks.max", "2"},
          {"file", "test.sink.txt"},
          {"topics", topics}};
}

::testing::AssertionResult IsError(const HttpResult& result, int status,
                                   const std::string& message) {
  auto shape = CheckErrorShape(result, status);
  if (!shape) return shape;
  if (result.json["message"] != message) {
    return ::testing::AssertionFailure()
           << "message " << result.json["message"] << ", expected \"" << message << "\"";
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult IsErrorContaining(const HttpResult& result, int status,
                                             const std::string& fragment) {
  auto shape = CheckErrorShape(result, status);
  if (!shape) return shape;
  if (result.json["message"].get<std::string>().find(fragment) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "message " << result.json["message"] << " lacks \"" << fragment << "\"";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace sluice::rest::testing
