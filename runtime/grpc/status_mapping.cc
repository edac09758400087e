#include "grpc/status_mapping.h"

#include "common/log.h"

namespace sluice::rpc {

::grpc::Status ToGrpcStatus(const Status& status) {
  if (status.ok()) return ::grpc::Status::OK;
  switch (status.code()) {
    case StatusCode::kNotFound:
      return {::grpc::StatusCode::NOT_FOUND, status.message()};
    case StatusCode::kAlreadyExists:
      return {::grpc::StatusCode::ALREADY_EXISTS, status.message()};
    case StatusCode::kInvalidArgument:
      return {::grpc::StatusCode::INVALID_ARGUMENT, status.message()};
    case StatusCode::kFailedPrecondition:
      return {::grpc::StatusCode::FAILED_PRECONDITION, status.message()};
    default:
      break;
  }
  if (status.IsTransient()) return {::grpc::StatusCode::UNAVAILABLE, status.message()};
  return {::grpc::StatusCode::INTERNAL, status.message()};
}

::grpc::Status Answered(const char* rpc, const Status& status) {
  ::grpc::Status answer = ToGrpcStatus(status);
  if (answer.error_code() == ::grpc::StatusCode::INTERNAL) {
    SLUICE_LOG_WARN("grpc", rpc << " failed: " << status.ToString());
  }
  return answer;
}

}  // namespace sluice::rpc
