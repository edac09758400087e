#include "rest/rest_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

#include "common/log.h"
#include "common/thread_name.h"
#include "rest/resources.h"
#include "rest/router.h"

namespace sluice::rest {
namespace {

constexpr const char* kLogger = "rest";
// Requests are served concurrently by this many threads; more connections queue.
constexpr size_t kRequestThreads = 8;

std::string HostForUrl(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

void WriteResponse(const RestResponse& from, httplib::Response& to) {
  to.status = from.status;
  for (const auto& [name, value] : from.headers) to.set_header(name, value);
  if (from.body) to.set_content(DumpJson(*from.body), "application/json");
}

// Errors raised by the HTTP layer itself, before any endpoint ran.
std::string HttpLayerMessage(int status, size_t max_body_bytes) {
  switch (status) {
    case 400:
      return "HTTP 400 Bad Request: the request is not well-formed HTTP";
    case 413:
      return "HTTP 413 Payload Too Large: the request body is larger than the limit of " +
             std::to_string(max_body_bytes) + " bytes";
    case 414:
      return "HTTP 414 URI Too Long";
    case 416:
      return "HTTP 416 Range Not Satisfiable";
    default:
      return "HTTP " + std::to_string(status);
  }
}

}  // namespace

struct RestServer::Impl {
  Impl(worker::Herder& h, RestOptions o) : herder(h), options(std::move(o)) {}

  void Configure();
  void Serve(const httplib::Request& request, httplib::Response& response) const;

  worker::Herder& herder;
  const RestOptions options;
  Router router;
  httplib::Server server;
  std::thread listener;
  std::atomic<bool> listener_done{false};
  std::atomic<int> port{0};
  socket_t listen_socket = INVALID_SOCKET;
  std::mutex lifecycle_mu;  // Start/Stop against each other
  bool started = false;
};

void RestServer::Impl::Configure() {
  AddRootRoutes(router, herder);
  AddConnectorRoutes(router, herder, options);
  AddConnectorPluginRoutes(router, herder);
  AddLoggerRoutes(router);

  server.new_task_queue = [] { return new httplib::ThreadPool(kRequestThreads); };
  server.set_payload_max_length(options.max_body_bytes);

  // Two servers must not share a port: httplib's default socket options add SO_REUSEPORT, which
  // would let a second worker bind silently. SO_REUSEADDR alone still allows a quick restart.
  server.set_socket_options([this](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    listen_socket = sock;  // the last one offered is the one that binds
  });

  // Every path goes to the router, which knows all endpoints and so can tell 404 from 405. The
  // pattern matches any decoded path, newlines included ('.' would not). httplib caps request
  // lines at 8 KiB, which keeps std::regex's recursion shallow.
  auto serve = [this](const httplib::Request& req, httplib::Response& res) { Serve(req, res); };
  const std::string any_path = R"([\s\S]*)";
  server.Get(any_path, serve);
  server.Post(any_path, serve);
  server.Put(any_path, serve);
  server.Patch(any_path, serve);
  server.Delete(any_path, serve);
  server.Options(any_path, serve);

  // Methods httplib parses but no endpoint serves (TRACE, CONNECT) would otherwise get a bare 400.
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    static const std::set<std::string> kServed = {"GET",   "HEAD",   "POST",   "PUT",
                                                  "PATCH", "DELETE", "OPTIONS"};
    if (kServed.count(req.method) != 0) return httplib::Server::HandlerResponse::Unhandled;
    WriteResponse(RestResponse::Error(
                      405, "HTTP 405 Method Not Allowed: " + req.method + " is not supported"),
                  res);
    return httplib::Server::HandlerResponse::Handled;
  });

  // Called for every response of status >= 400. Endpoint errors already carry their body; this
  // gives the same body shape to the errors httplib raises itself (malformed requests, 413).
  const size_t max_body_bytes = options.max_body_bytes;
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [max_body_bytes](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        WriteResponse(RestResponse::Error(res.status, HttpLayerMessage(res.status, max_body_bytes)),
                      res);
        return httplib::Server::HandlerResponse::Handled;
      }));

  // A backstop: the router already turns exceptions into 500s. Never let httplib put the
  // exception text in a header, as it does by default.
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          SLUICE_LOG_ERROR(kLogger, req.method << " " << req.path << " failed: " << e.what());
        } catch (...) {
          SLUICE_LOG_ERROR(kLogger, req.method << " " << req.path << " failed");
        }
        WriteResponse(RestResponse::Error(500,
                                          "Internal server error: the request could not be "
                                          "completed"),
                      res);
      });

  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    SLUICE_LOG_DEBUG(kLogger, req.remote_addr << " \"" << req.method << " " << req.target << "\" "
                                              << res.status << " " << res.body.size());
  });
}

void RestServer::Impl::Serve(const httplib::Request& request, httplib::Response& response) const {
  // The raw target, not httplib's decoded path: a %2F must stay inside its path segment.
  const std::string path = request.target.substr(0, request.target.find('?'));
  std::optional<std::string> content_type;
  if (request.has_header("Content-Type")) content_type = request.get_header_value("Content-Type");
  WriteResponse(router.Dispatch(request.method, path, request.params, content_type, request.body),
                response);
}

RestServer::RestServer(worker::Herder& herder, RestOptions options)
    : impl_(std::make_unique<Impl>(herder, std::move(options))) {
  impl_->Configure();
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

  errno = 0;
  int port = options.port;
  bool bound = false;
  if (port == 0) {
    port = impl_->server.bind_to_any_port(options.host);
    bound = port > 0;
  } else {
    bound = impl_->server.bind_to_port(options.host, port);
  }
  if (!bound) {
    int error = errno;
    return Status::IoError(
        "cannot listen for REST requests on " + address + ": " +
        (error != 0 ? std::strerror(error) : "the address is in use or not available here"));
  }
  // Debian's httplib listens with a backlog of 5 (compiled in): a burst of clients would
  // overflow it and lose connections. Listening again on the bound socket raises it.
  if (impl_->listen_socket != INVALID_SOCKET) ::listen(impl_->listen_socket, SOMAXCONN);
  impl_->port = port;
  impl_->listener_done = false;
  impl_->listener = std::thread([impl = impl_.get()] {
    SetCurrentThreadName("rest-listener");
    if (!impl->server.listen_after_bind()) {
      SLUICE_LOG_ERROR(kLogger, "the REST listener stopped with an error");
    }
    impl->listener_done = true;
  });
  // Stop() only takes effect once the accept loop runs, so wait for it; connections made
  // meanwhile already queue on the bound socket.
  while (!impl_->server.is_running() && !impl_->listener_done) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!impl_->server.is_running()) {
    impl_->listener.join();
    return Status::IoError("the REST listener on " + address + " failed to start");
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
  impl_->server.stop();
  if (impl_->listener.joinable()) impl_->listener.join();
  impl_->started = false;
  SLUICE_LOG_INFO(kLogger, "REST API stopped");
}

}  // namespace sluice::rest
