// How a Herder Status becomes an HTTP error (Kafka Connect's ConnectExceptionMapper).
#pragma once

#include "common/status.h"
#include "rest/router.h"

namespace sluice::rest {

// kNotFound -> 404, kAlreadyExists -> 409, kInvalidArgument -> 400, kFailedPrecondition -> the
// status the endpoint documents for it (409 unless told: a conflicting operation; 400 for offsets
// of a connector that is not STOPPED; 403 for disabled topic tracking), each with the Herder's
// message. kTimeout -> 500 "Request timed out", as Kafka Connect. Anything else -> 500 with a
// generic message; the details are logged, never sent.
RestResponse ErrorFromStatus(const Status& status, int failed_precondition_http_status = 409);

}  // namespace sluice::rest

// Returns the error response from the enclosing handler when `expr` (a Status) is not OK. Extra
// arguments are passed to ErrorFromStatus.
#define SLUICE_RESPOND_IF_ERROR(expr, ...)                                         \
  do {                                                                             \
    ::sluice::Status _rest_st = (expr);                                            \
    if (!_rest_st.ok()) {                                                          \
      return ::sluice::rest::ErrorFromStatus(_rest_st __VA_OPT__(, ) __VA_ARGS__); \
    }                                                                              \
  } while (0)

// lhs = value of `rexpr` (a Result), or returns the error response from the enclosing handler.
#define SLUICE_ASSIGN_OR_RESPOND(lhs, rexpr, ...) \
  SLUICE_ASSIGN_OR_RESPOND_IMPL(SLUICE_CONCAT(_rest_result_, __LINE__), lhs, rexpr, __VA_ARGS__)
#define SLUICE_ASSIGN_OR_RESPOND_IMPL(tmp, lhs, rexpr, ...)                          \
  auto tmp = (rexpr);                                                                \
  if (!tmp.ok()) {                                                                   \
    return ::sluice::rest::ErrorFromStatus(tmp.status() __VA_OPT__(, ) __VA_ARGS__); \
  }                                                                                  \
  lhs = std::move(tmp).value()
