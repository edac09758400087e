// The worker's gRPC endpoint: sluice.v1.ConnectorService over the Herder and sluice.v1.TopicService
// over the transport, with server reflection and the standard health service. Plaintext, like the
// REST listener; bind it to loopback unless the network is trusted.
//
//   rpc::GrpcServer server(herder, transport, "127.0.0.1:18083");
//   SLUICE_RETURN_IF_ERROR(server.Start());
//   ...
//   server.Stop();
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "common/status.h"
#include "transport/transport.h"
#include "worker/herder.h"

namespace grpc {
class Server;
}  // namespace grpc

namespace sluice::rpc {

class ConnectorService;
class TopicService;

class GrpcServer {
 public:
  // `address` is host:port; port 0 picks a free port (see port()). The Herder and the transport
  // must outlive the server.
  GrpcServer(worker::Herder& herder, transport::Transport& transport, std::string address);
  ~GrpcServer();  // Stop()s
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  // Listens and serves on gRPC's threads. kIoError when the address cannot be bound (in use,
  // not an address of this host); kFailedPrecondition when called again after succeeding (a
  // server starts once).
  Status Start();
  // The port listened on; 0 before Start.
  int port() const { return port_; }
  // Ends reads that follow a topic, waits up to a few seconds for calls in flight, then cancels
  // what is left. Idempotent.
  void Stop();

 private:
  const std::string address_;
  std::atomic<bool> stopping_{false};
  std::unique_ptr<ConnectorService> connectors_;
  std::unique_ptr<TopicService> topics_;
  std::unique_ptr<::grpc::Server> server_;
  bool started_ = false;
  int port_ = 0;
};

}  // namespace sluice::rpc
