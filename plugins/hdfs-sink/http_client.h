// A small blocking HTTP client over libcurl, for WebHDFS: one request at a time, redirects
// returned to the caller (WebHDFS's two-step writes need to see the 307), keep-alive connections
// reused between requests, and a request under way abortable from another thread's say-so.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sluice::hdfs_sink {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::string location;  // the Location header, resolved against the request URL; may be empty
};

struct HttpTimeouts {
  std::chrono::milliseconds connect{10000};
  std::chrono::milliseconds request{30000};  // the whole exchange, body included
};

// Why a request got no HTTP answer (connection refused, timeout, reset ...).
class HttpTransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The request was aborted because its `abort` check said so.
class HttpAborted : public HttpTransportError {
 public:
  using HttpTransportError::HttpTransportError;
};

class HttpClient {
 public:
  explicit HttpClient(HttpTimeouts timeouts);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `method` to `url` with `body` (sent with Content-Type application/octet-stream when
  // given; PUT and POST without one send an empty body). Throws HttpTransportError when no
  // answer came, HttpAborted when `abort` (asked before and while the request is under way,
  // every 50 ms) said to stop. Thread-safe: requests are serialised.
  HttpResponse Send(const std::string& method, const std::string& url,
                    std::optional<std::string_view> body = std::nullopt,
                    const std::function<bool()>& abort = {});

  // Percent-encodes `text` for a URL: everything but unreserved characters, and '/' unless
  // `keep_slashes`.
  static std::string Escape(std::string_view text, bool keep_slashes);

 private:
  std::mutex mu_;
  void* curl_;   // CURL*, kept so that connections are reused
  void* multi_;  // CURLM*: runs the requests, so that they can be aborted while under way
  HttpTimeouts timeouts_;
};

}  // namespace sluice::hdfs_sink
