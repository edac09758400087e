// How a Status from the Herder or the transport becomes a gRPC status: the same codes the REST API
// maps to HTTP, with the original message.
#pragma once

#include <exception>
#include <string>

#include <grpcpp/support/status.h>

#include "common/status.h"

namespace sluice::rpc {

// kNotFound -> NOT_FOUND, kAlreadyExists -> ALREADY_EXISTS, kInvalidArgument -> INVALID_ARGUMENT,
// kFailedPrecondition -> FAILED_PRECONDITION, transient codes (Status::IsTransient) ->
// UNAVAILABLE, anything else -> INTERNAL.
::grpc::Status ToGrpcStatus(const Status& status);

// Logs an RPC that failed for a reason the client cannot fix (INTERNAL), then maps it.
::grpc::Status Answered(const char* rpc, const Status& status);

// Runs the body of one RPC (a callable returning Status) and maps its outcome. An exception that
// escapes the control plane becomes INTERNAL rather than taking the server down.
template <typename Body>
::grpc::Status Answer(const char* rpc, Body&& body) {
  try {
    return Answered(rpc, body());
  } catch (const std::exception& e) {
    return Answered(rpc, Status::Internal(std::string("unexpected error: ") + e.what()));
  }
}

}  // namespace sluice::rpc
