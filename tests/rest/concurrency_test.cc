// Many clients at once: the server serves them from its thread pool, the Herder serialises the
// writes, and every request gets a well-formed answer.
#include <atomic>
#include <thread>
#include <vector>

#include "rest_test_support.h"

namespace sluice::rest::testing {
namespace {

using nlohmann::json;

class ConcurrencyTest : public RestApiTest {
 protected:
  // A client per thread: httplib clients are not meant to be shared between threads.
  HttpResult SendFrom(httplib::Client& client, const std::string& method, const std::string& path,
                      const std::string& body) {
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.body = body;
    request.set_header("Content-Type", "application/json");
    // One request per connection, and patience: on a loaded machine the 16 clients queue for the
    // server's 8 request threads.
    request.set_header("Connection", "close");
    client.set_read_timeout(30, 0);
    auto response = client.send(request);
    HttpResult result;
    if (response) {
      result.status = response->status;
      result.body = response->body;
      result.json = json::parse(result.body, nullptr, false);
    } else {
      result.body = httplib::to_string(response.error());
    }
    return result;
  }
};

TEST_F(ConcurrencyTest, ConcurrentCreatesOfOneNameMakeExactlyOneConnector) {
  constexpr int kThreads = 16;
  std::atomic<int> created{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  const std::string body = json({{"name", "race"}, {"config", SourceConfig()}}).dump();
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", server_->port());
      HttpResult r = SendFrom(client, "POST", "/connectors", body);
      if (r.status == 201) {
        ++created;
      } else if (r.status == 409 && r.json["message"] == "Connector race already exists") {
        ++conflicts;
      } else {
        ++other;
        ADD_FAILURE() << "unexpected answer " << r.status << ": " << r.body;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(conflicts, kThreads - 1);
  EXPECT_EQ(other, 0);
  EXPECT_EQ(Get("/connectors").json, json({"race"}));
}

TEST_F(ConcurrencyTest, ConcurrentUpdatesOfOneConnectorAllSucceedAndOneWins) {
  CreateConnector("shared", SourceConfig());
  constexpr int kThreads = 8;
  constexpr int kUpdatesEach = 10;
  std::atomic<int> ok{0}, reads_ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", server_->port());
      for (int n = 0; n < kUpdatesEach; ++n) {
        json config = SourceConfig("topic-" + std::to_string(i));
        HttpResult put = SendFrom(client, "PUT", "/connectors/shared/config", config.dump());
        if (put.status == 200) ++ok;
        HttpResult get = SendFrom(client, "GET", "/connectors/shared/status", "");
        if (get.status == 200 && get.json["name"] == "shared") ++reads_ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, kThreads * kUpdatesEach);
  EXPECT_EQ(reads_ok, kThreads * kUpdatesEach);
  std::string topic = Get("/connectors/shared/config").json["topic"];
  EXPECT_EQ(topic.rfind("topic-", 0), 0u) << topic;
  EXPECT_EQ(herder_.put_calls(), 1 + kThreads * kUpdatesEach);
}

}  // namespace
}  // namespace sluice::rest::testing
