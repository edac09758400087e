// The REST API of a worker, Kafka Connect compatible, on Boost.Beast. A thin translation: every
// endpoint is one Herder call, and every error is {"error_code": <status>, "message": "..."}.
//
//   sluice::rest::RestServer server(herder, options);
//   SLUICE_RETURN_IF_ERROR(server.Start());  // listening once this returns
//   ...
//   server.Stop();
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "rest/listeners.h"
#include "rest/rest_options.h"
#include "worker/herder.h"

namespace sluice::rest {

class RestServer {
 public:
  // `herder` must outlive the server. Requests are served from a pool of threads, concurrently:
  // the Herder serialises what must be serialised.
  RestServer(worker::Herder& herder, RestOptions options);
  ~RestServer();  // Stops.

  RestServer(const RestServer&) = delete;
  RestServer& operator=(const RestServer&) = delete;

  // Binds (port 0: an ephemeral port) and serves on background threads. Returns once the socket
  // listens, or an error naming the address (e.g. address already in use).
  Status Start();
  // The port listened on; 0 before Start().
  int port() const;
  // "http://host:port" of the listening socket.
  std::string url() const;
  // Stops accepting, finishes the requests in flight, joins the threads. Idempotent.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sluice::rest
