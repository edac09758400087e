#include "rest/status_mapping.h"

#include "common/log.h"

namespace sluice::rest {

RestResponse ErrorFromStatus(const Status& status, int failed_precondition_http_status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return RestResponse::Error(404, status.message());
    case StatusCode::kAlreadyExists:
      return RestResponse::Error(409, status.message());
    case StatusCode::kInvalidArgument:
      return RestResponse::Error(400, status.message());
    case StatusCode::kFailedPrecondition:
      return RestResponse::Error(failed_precondition_http_status, status.message());
    case StatusCode::kTimeout:
      return RestResponse::Error(500, "Request timed out");
    default:
      SLUICE_LOG_ERROR("rest", "request failed: " << status.ToString());
      return RestResponse::Error(500,
                                 "Internal server error: the worker could not complete the "
                                 "request; see the worker log for details");
  }
}

}  // namespace sluice::rest
