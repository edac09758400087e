// Starting and stopping the server, and refusing what it cannot listen on.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <future>
#include <mutex>

#include "fake_herder.h"
#include "rest/rest_server.h"

namespace sluice::rest::testing {
namespace {

RestOptions Ephemeral() {
  RestOptions options;
  options.port = 0;
  return options;
}

// A connection of our own, for what an HTTP client library hides: 100 Continue, and whether the
// server closed the connection.
class RawConnection {
 public:
  explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{10, 0};  // a broken server fails the test instead of hanging it
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawConnection() { ::close(fd_); }

  bool connected() const { return connected_; }
  bool Send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // Reads until `text` has arrived; returns everything read so far ("" on EOF or timeout first).
  std::string ReadUntil(const std::string& text) {
    while (received_.find(text) == std::string::npos) {
      char buffer[4096];
      ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) return "";
      received_.append(buffer, static_cast<size_t>(n));
    }
    std::string all = received_;
    received_.erase(0, received_.find(text) + text.size());
    return all.substr(0, all.find(text) + text.size());
  }
  // True when the server closed the connection (EOF before any byte, within the timeout).
  bool ClosedByServer() {
    char byte;
    return received_.empty() && ::recv(fd_, &byte, 1, 0) == 0;
  }

 private:
  int fd_;
  bool connected_ = false;
  std::string received_;
};

// GET /health waits in the Herder until the test lets it go: a request held in flight.
class HeldHealthHerder : public FakeHerder {
 public:
  worker::HealthInfo Health() override {
    std::unique_lock<std::mutex> lock(mu_);
    entered_ = true;
    cv_.notify_all();
    cv_.wait(lock, [this] { return released_; });
    return FakeHerder::Health();
  }
  bool WaitUntilEntered() {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [this] { return entered_; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool entered_ = false;
  bool released_ = false;
};

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

TEST(RestServerTest, StopAnswersRequestsInFlightAndClosesIdleConnections) {
  HeldHealthHerder herder;
  RestServer server(herder, Ephemeral());
  ASSERT_TRUE(server.Start().ok());

  RawConnection idle(server.port());
  ASSERT_TRUE(idle.connected());
  ASSERT_TRUE(idle.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_NE(idle.ReadUntil("\r\n\r\n").find("200 OK"), std::string::npos);
  ASSERT_NE(idle.ReadUntil("}"), "");  // the body; the connection stays open

  auto in_flight = std::async(std::launch::async, [&] {
    httplib::Client client("127.0.0.1", server.port());
    client.set_read_timeout(30, 0);
    auto r = client.Get("/health");
    return r ? r->status : 0;
  });
  ASSERT_TRUE(herder.WaitUntilEntered());
  auto stopped = std::async(std::launch::async, [&] { server.Stop(); });

  EXPECT_TRUE(idle.ClosedByServer()) << "an idle keep-alive connection kept Stop() waiting";
  EXPECT_EQ(stopped.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout)
      << "Stop() returned before the request in flight was answered";
  herder.Release();
  EXPECT_EQ(in_flight.get(), 200);
  stopped.get();
}

TEST(RestServerTest, ExpectContinueIsAnsweredBeforeTheBody) {
  FakeHerder herder;
  RestServer server(herder, Ephemeral());
  ASSERT_TRUE(server.Start().ok());
  RawConnection connection(server.port());
  ASSERT_TRUE(connection.connected());
  const std::string body = R"({"level": "DEBUG"})";
  ASSERT_TRUE(
      connection.Send("PUT /admin/loggers/rest-test.continue HTTP/1.1\r\nHost: x\r\n"
                      "Content-Type: application/json\r\nExpect: 100-continue\r\n"
                      "Content-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n"));
  EXPECT_EQ(connection.ReadUntil("\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(connection.Send(body));
  EXPECT_NE(connection.ReadUntil("\r\n\r\n").find("HTTP/1.1 200 OK"), std::string::npos);
}

TEST(RestServerTest, AnAbsoluteFormTargetIsServedByItsPath) {
  FakeHerder herder;
  RestServer server(herder, Ephemeral());
  ASSERT_TRUE(server.Start().ok());
  const std::string authority = "http://127.0.0.1:" + std::to_string(server.port());
  for (const std::string& target : {authority + "/connectors?expand=status", authority}) {
    RawConnection connection(server.port());
    ASSERT_TRUE(connection.connected());
    ASSERT_TRUE(connection.Send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_NE(connection.ReadUntil("\r\n\r\n").find("HTTP/1.1 200 OK"), std::string::npos)
        << target;
  }
}

TEST(RestServerTest, OversizedHeadersAreRefusedAndTheServerGoesOn) {
  FakeHerder herder;
  RestServer server(herder, Ephemeral());
  ASSERT_TRUE(server.Start().ok());
  httplib::Client client("127.0.0.1", server.port());
  auto r = client.Get("/", {{"X-Padding", std::string(20000, 'a')}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_NE(nlohmann::json::parse(r->body)["message"].get<std::string>().find(
                "larger than the limit of 16384 bytes"),
            std::string::npos)
      << r->body;
  EXPECT_EQ(httplib::Client("127.0.0.1", server.port()).Get("/")->status, 200);
}

}  // namespace
}  // namespace sluice::rest::testing
