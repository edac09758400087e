#include "rest/rest_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/log.h"
#include "common/thread_name.h"
#include "rest/resources.h"
#include "rest/router.h"
#include "rest/url_encoding.h"

namespace sluice::rest {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr const char* kLogger = "rest";
// Requests are served concurrently by this many threads. An endpoint blocks its thread while the
// Herder works; idle keep-alive connections hold none.
constexpr size_t kRequestThreads = 8;
// Request line and headers together: room for an 8 KiB path, as Jetty allows.
constexpr uint32_t kHeaderLimitBytes = 16 * 1024;
// A connection silent this long (between keep-alive requests, or mid-request) is closed, like
// Jetty's idle timeout under Kafka Connect.
constexpr auto kIdleTimeout = std::chrono::seconds(30);
// Stop() waits this long for the requests in flight before it stops the threads regardless.
constexpr auto kStopGrace = std::chrono::seconds(10);
// After an error answer (400, 413 ...) the rest of what the client sends is read and dropped, up
// to these bounds: closing with unread data would reset the connection and could destroy the
// answer before the client read it.
constexpr size_t kDrainLimitBytes = size_t{64} << 20;
constexpr size_t kDrainChunkBytes = 16384;
constexpr auto kDrainTimeout = std::chrono::seconds(5);
// A failing accept (out of file descriptors) is retried after this pause, not in a tight loop.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

std::string HostForUrl(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

bool IsServedMethod(http::verb method) {
  switch (method) {
    case http::verb::get:
    case http::verb::head:
    case http::verb::post:
    case http::verb::put:
    case http::verb::patch:
    case http::verb::delete_:
    case http::verb::options:
      return true;
    default:
      return false;
  }
}

// The answer to a request that could not be read as HTTP, or is larger than allowed.
RestResponse HttpLayerError(const beast::error_code& ec, size_t max_body_bytes) {
  if (ec == http::error::body_limit) {
    return RestResponse::Error(413,
                               "HTTP 413 Payload Too Large: the request body is larger than the "
                               "limit of " +
                                   std::to_string(max_body_bytes) + " bytes");
  }
  if (ec == http::error::header_limit) {
    return RestResponse::Error(431,
                               "HTTP 431 Request Header Fields Too Large: the request line "
                               "and headers are larger than the limit of " +
                                   std::to_string(kHeaderLimitBytes) + " bytes");
  }
  return RestResponse::Error(
      400, "HTTP 400 Bad Request: the request is not well-formed HTTP (" + ec.message() + ")");
}

// "http://host:8083/connectors?x" -> "/connectors?x". Servers must accept a request target in
// absolute form (RFC 9112, section 3.2.2); the endpoints only look at the path and the query.
std::string OriginForm(const std::string& target) {
  if (target.empty() || target.front() == '/') return target;
  const size_t scheme_end = target.find("://");
  if (scheme_end == std::string::npos) return target;
  const size_t path_start = target.find_first_of("/?", scheme_end + 3);
  if (path_start == std::string::npos) return "/";
  return target[path_start] == '/' ? target.substr(path_start) : "/" + target.substr(path_start);
}

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_method).category() &&
         ec != http::error::end_of_stream && ec != http::error::partial_message;
}

class Session;

// What the accept loop and the connections share. Lives as long as the RestServer; the threads
// that use it are joined in Stop().
struct ServerState {
  ServerState(worker::Herder& h, RestOptions o) : herder(h), options(std::move(o)) {}

  void Accept();
  void Register(const std::shared_ptr<Session>& session);
  void Unregister(const Session* session);

  worker::Herder& herder;
  const RestOptions options;
  Router router;

  std::unique_ptr<asio::io_context> io;  // one per Start()
  std::optional<tcp::acceptor> acceptor;
  std::unique_ptr<asio::steady_timer> accept_retry;
  std::vector<std::thread> threads;
  std::atomic<int> port{0};
  std::atomic<bool> stopping{false};

  std::mutex sessions_mu;
  std::condition_variable sessions_cv;  // signalled when a session ends
  std::map<const Session*, std::weak_ptr<Session>> sessions;

  std::mutex lifecycle_mu;  // Start/Stop against each other
  bool started = false;
};

// One client connection: reads a request, answers it, and, while both sides keep the connection
// alive, reads the next. Everything it does runs on its own strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerState& server) : stream_(std::move(socket)), server_(server) {}
  ~Session() { server_.Unregister(this); }

  void Run() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }

  // From any thread: ends the connection now if it waits for a request, or after the answer to
  // the request being served.
  void Shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->shutting_down_ = true;
      if (self->reading_) self->stream_.cancel();
    });
  }

 private:
  void ReadHeader() {
    if (server_.stopping || shutting_down_) return Close();
    parser_.emplace();
    parser_->header_limit(kHeaderLimitBytes);
    parser_->body_limit(server_.options.max_body_bytes);
    reading_ = true;
    stream_.expires_after(kIdleTimeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return OnReadError(ec);
    if (parser_->is_done()) return OnRequest({}, 0);
    // curl and others wait for this before they send a large body.
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                      parser_->get().version());
      http::async_write(stream_, *go_on,
                        [self = shared_from_this(), go_on](beast::error_code ec, size_t) {
                          if (ec) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRequest, shared_from_this()));
  }

  void OnReadError(const beast::error_code& ec) {
    reading_ = false;
    if (!IsHttpParseError(ec)) return Close();  // closed, reset, timed out or shut down
    Answer(HttpLayerError(ec, server_.options.max_body_bytes), "-", "-", /*version=*/11,
           /*keep_alive=*/false, /*head=*/false, /*drain=*/true);
  }

  void OnRequest(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return OnReadError(ec);
    reading_ = false;
    http::request<http::string_body>& request = parser_->get();
    const std::string method(request.method_string());
    const std::string target(request.target());
    const bool keep_alive = request.keep_alive() && !shutting_down_ && !server_.stopping;
    Answer(Serve(method, target, request), method, target, request.version(), keep_alive,
           request.method() == http::verb::head, /*drain=*/false);
  }

  RestResponse Serve(const std::string& method, const std::string& request_target,
                     const http::request<http::string_body>& request) const {
    const std::string target = OriginForm(request_target);
    if (!IsServedMethod(request.method())) {
      return RestResponse::Error(405,
                                 "HTTP 405 Method Not Allowed: " + method + " is not supported");
    }
    // The raw target, not a decoded path: a %2F must stay inside its path segment.
    const size_t question = target.find('?');
    const std::string path = target.substr(0, question);
    std::multimap<std::string, std::string> query;
    if (question != std::string::npos) query = ParseQueryString(target.substr(question + 1));
    std::optional<std::string> content_type;
    if (auto it = request.find(http::field::content_type); it != request.end()) {
      content_type = std::string(it->value());
    }
    // A backstop: the router already turns exceptions into 500s.
    try {
      return server_.router.Dispatch(method, path, std::move(query), content_type, request.body());
    } catch (const std::exception& e) {
      SLUICE_LOG_ERROR(kLogger, method << " " << path << " failed: " << e.what());
    } catch (...) {
      SLUICE_LOG_ERROR(kLogger, method << " " << path << " failed");
    }
    return RestResponse::Error(500, "Internal server error: the request could not be completed");
  }

  void Answer(const RestResponse& answer, const std::string& method, const std::string& target,
              unsigned version, bool keep_alive, bool head, bool drain) {
    response_ = {};
    response_.result(static_cast<unsigned>(answer.status));
    response_.version(version);
    for (const auto& [name, value] : answer.headers) response_.set(name, value);
    if (answer.body) {
      response_.set(http::field::content_type, "application/json");
      response_.body() = DumpJson(*answer.body);
    }
    response_.keep_alive(keep_alive);
    response_.prepare_payload();         // Content-Length, from the body
    if (head) response_.body().clear();  // HEAD: GET's headers, no body
    SLUICE_LOG_DEBUG(kLogger, Peer() << " \"" << method << " " << target << "\" " << answer.status
                                     << " " << response_.body().size());
    stream_.expires_after(kIdleTimeout);
    http::async_write(stream_, response_,
                      [self = shared_from_this(), keep_alive, drain](beast::error_code ec, size_t) {
                        if (ec) return self->Close();
                        if (drain) return self->Drain();
                        if (!keep_alive) return self->Close();
                        self->ReadHeader();
                      });
  }

  // "address:port" of the client, for the access log.
  std::string Peer() const {
    beast::error_code ec;
    const tcp::endpoint remote = stream_.socket().remote_endpoint(ec);
    return ec ? "-" : remote.address().to_string() + ":" + std::to_string(remote.port());
  }

  // Half-closes, then reads and drops what the client still sends, so that it reads the answer.
  void Drain() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kDrainTimeout);
    DrainSome();
  }

  void DrainSome() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(kDrainChunkBytes),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_bytes_ += n;
                              if (ec || self->drained_bytes_ > kDrainLimitBytes)
                                return self->Close();
                              self->DrainSome();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  ServerState& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  bool reading_ = false;        // a read is pending: Shutdown() may cancel it
  bool shutting_down_ = false;  // answer what is in flight, then close
  size_t drained_bytes_ = 0;
};

void ServerState::Accept() {
  acceptor->async_accept(asio::make_strand(*io), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping || !acceptor->is_open()) return;
    if (ec) {
      SLUICE_LOG_WARN(kLogger, "cannot accept a REST connection: " << ec.message());
      accept_retry->expires_after(kAcceptRetryDelay);
      accept_retry->async_wait([this](beast::error_code) {
        if (!stopping) Accept();
      });
      return;
    }
    auto session = std::make_shared<Session>(std::move(socket), *this);
    Register(session);
    session->Run();
    Accept();
  });
}

void ServerState::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard<std::mutex> lock(sessions_mu);
  sessions[session.get()] = session;
}

void ServerState::Unregister(const Session* session) {
  std::lock_guard<std::mutex> lock(sessions_mu);
  sessions.erase(session);
  sessions_cv.notify_all();
}

}  // namespace

struct RestServer::Impl : ServerState {
  using ServerState::ServerState;
};

RestServer::RestServer(worker::Herder& herder, RestOptions options)
    : impl_(std::make_unique<Impl>(herder, std::move(options))) {
  AddRootRoutes(impl_->router, herder);
  AddConnectorRoutes(impl_->router, herder, impl_->options);
  AddConnectorPluginRoutes(impl_->router, herder);
  AddLoggerRoutes(impl_->router);
}

RestServer::~RestServer() {
  Stop();
}

Status RestServer::Start() {
  std::lock_guard<std::mutex> lock(impl_->lifecycle_mu);
  if (impl_->started) return Status::FailedPrecondition("the REST server was already started");
  const RestOptions& options = impl_->options;
  const std::string address = HostForUrl(options.host) + ":" + std::to_string(options.port);
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidArgument("REST listener port " + std::to_string(options.port) +
                                   " is not between 0 and 65535");
  }
  if (options.max_body_bytes == 0) {
    return Status::InvalidArgument("the REST request body limit must be larger than 0 bytes");
  }

  auto io = std::make_unique<asio::io_context>(static_cast<int>(kRequestThreads));
  beast::error_code ec;
  tcp::resolver resolver(*io);
  const auto endpoints =
      resolver.resolve(options.host, std::to_string(options.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec) {
    return Status::IoError("cannot listen for REST requests on " + address +
                           ": cannot resolve the host " + options.host + ": " + ec.message());
  }
  // The first address that binds, as getaddrinfo orders them. SO_REUSEADDR allows a quick
  // restart; SO_REUSEPORT is left off, so that a second worker cannot bind the same port.
  std::optional<tcp::acceptor> acceptor;
  ec = asio::error::host_not_found;
  for (const auto& entry : endpoints) {
    tcp::acceptor candidate(asio::make_strand(*io));
    if (candidate.open(entry.endpoint().protocol(), ec)) continue;
    candidate.set_option(asio::socket_base::reuse_address(true), ec);
    if (candidate.bind(entry.endpoint(), ec)) continue;
    if (candidate.listen(asio::socket_base::max_listen_connections, ec)) continue;
    acceptor.emplace(std::move(candidate));
    break;
  }
  if (!acceptor) {
    return Status::IoError("cannot listen for REST requests on " + address + ": " + ec.message());
  }

  impl_->port = acceptor->local_endpoint().port();
  impl_->io = std::move(io);
  impl_->acceptor = std::move(acceptor);
  impl_->accept_retry = std::make_unique<asio::steady_timer>(impl_->acceptor->get_executor());
  impl_->stopping = false;
  impl_->Accept();
  for (size_t i = 0; i < kRequestThreads; ++i) {
    impl_->threads.emplace_back([io = impl_->io.get()] {
      SetCurrentThreadName("rest-http");
      // An exception out of a handler ends only that handler (its connection is dropped with
      // it); the thread goes back to serving the others.
      for (;;) {
        try {
          io->run();
          return;
        } catch (const std::exception& e) {
          SLUICE_LOG_ERROR(kLogger, "a REST connection failed: " << e.what());
        }
      }
    });
  }
  impl_->started = true;
  SLUICE_LOG_INFO(kLogger, "REST API listening on " << url());
  return Status::OK();
}

int RestServer::port() const {
  return impl_->port;
}

std::string RestServer::url() const {
  return "http://" + HostForUrl(impl_->options.host) + ":" + std::to_string(impl_->port);
}

void RestServer::Stop() {
  std::lock_guard<std::mutex> lock(impl_->lifecycle_mu);
  if (!impl_->started) return;
  Impl& impl = *impl_;
  impl.stopping = true;
  asio::post(impl.acceptor->get_executor(), [&impl] {
    beast::error_code ignored;
    impl.acceptor->close(ignored);
    impl.accept_retry->cancel();
  });
  // Shut down outside the lock: a session whose last reference is dropped here unregisters.
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard<std::mutex> sessions_lock(impl.sessions_mu);
    for (auto& [raw, weak] : impl.sessions) {
      if (auto session = weak.lock()) open.push_back(std::move(session));
    }
  }
  for (auto& session : open) session->Shutdown();
  open.clear();
  {
    std::unique_lock<std::mutex> sessions_lock(impl.sessions_mu);
    if (!impl.sessions_cv.wait_for(sessions_lock, kStopGrace,
                                   [&impl] { return impl.sessions.empty(); })) {
      SLUICE_LOG_WARN(kLogger, impl.sessions.size() << " REST connections still open after "
                                                    << kStopGrace.count() << " s; closing them");
    }
  }
  impl.io->stop();
  for (auto& thread : impl.threads) thread.join();
  impl.threads.clear();
  // The acceptor and timer before the io_context they belong to; then the handlers that never
  // ran, and the sessions they hold.
  impl.accept_retry.reset();
  impl.acceptor.reset();
  impl.io.reset();
  impl.started = false;
  SLUICE_LOG_INFO(kLogger, "REST API stopped");
}

}  // namespace sluice::rest
