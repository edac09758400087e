// The connection to a worker's gRPC API, and how failed calls end a command.
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include <grpcpp/grpcpp.h>

#include "sluice/v1/sluice.grpc.pb.h"

namespace sluicectl {

enum ExitCode : int {
  kExitOk = 0,
  kExitServerError = 1,  // the worker refused the request or failed to carry it out
  kExitUsage = 2,        // a mistake on the command line or in an input file
  kExitCannotConnect = 3,
};

// Ends a command with `exit_code`; main() prints the message on stderr.
class CommandFailure : public std::runtime_error {
 public:
  CommandFailure(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

using ConnectorStub = sluice::v1::ConnectorService::Stub;
using TopicStub = sluice::v1::TopicService::Stub;

class Client {
 public:
  explicit Client(std::string server) : server_(std::move(server)) {}

  // Connect on first use; CommandFailure(kExitCannotConnect) when the worker cannot be reached.
  ConnectorStub& connectors();
  TopicStub& topics();
  const std::string& server() const { return server_; }

 private:
  void Connect();

  const std::string server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<ConnectorStub> connectors_;
  std::unique_ptr<TopicStub> topics_;
};

// How long one call may take: the worker's own operations time out after 90 s.
inline constexpr std::chrono::seconds kCallTimeout(120);

// CommandFailure(kExitServerError) with the worker's message unless `status` is OK.
void CheckCall(const grpc::Status& status);

// One unary call with kCallTimeout: the response, or CommandFailure.
template <typename Stub, typename Request, typename Response>
Response Call(Stub& stub,
              grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
              const Request& request) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  Response response;
  CheckCall((stub.*method)(&context, request, &response));
  return response;
}

}  // namespace sluicectl
