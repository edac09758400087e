#include "grpc/grpc_server.h"

#include <chrono>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "common/log.h"
#include "grpc/connector_service.h"
#include "grpc/topic_service.h"

namespace sluice::rpc {
namespace {

// How long Stop() lets calls in flight finish before cancelling them.
constexpr std::chrono::seconds kShutdownGrace(5);

}  // namespace

GrpcServer::GrpcServer(worker::Herder& herder, transport::Transport& transport, std::string address)
    : address_(std::move(address)),
      connectors_(std::make_unique<ConnectorService>(herder)),
      topics_(std::make_unique<TopicService>(transport, stopping_)) {}

GrpcServer::~GrpcServer() {
  Stop();
}

Status GrpcServer::Start() {
  if (started_) {
    return Status::FailedPrecondition("the gRPC server for " + address_ + " was already started");
  }
  // Both are process-wide switches that only affect servers built after them.
  ::grpc::EnableDefaultHealthCheckService(true);
  ::grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  ::grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default, which would let a second worker bind the same port and
  // silently share its calls.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  int selected_port = 0;
  builder.AddListeningPort(address_, ::grpc::InsecureServerCredentials(), &selected_port);
  builder.RegisterService(connectors_.get());
  builder.RegisterService(topics_.get());
  server_ = builder.BuildAndStart();
  if (!server_ || selected_port == 0) {
    server_.reset();
    return Status::IoError("cannot listen for gRPC on " + address_ +
                           " (address in use, or not an address of this host)");
  }
  port_ = selected_port;
  started_ = true;
  SLUICE_LOG_INFO("grpc", "gRPC API listening on " << address_ << " (port " << port_ << ")");
  return Status::OK();
}

void GrpcServer::Stop() {
  if (!server_) return;
  stopping_ = true;
  server_->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
  server_->Wait();
  server_.reset();
  SLUICE_LOG_INFO("grpc", "gRPC API on " << address_ << " stopped");
}

}  // namespace sluice::rpc
