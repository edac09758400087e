// Translates librdkafka error codes into Status, keeping librdkafka's own name and text so that
// a message such as "committing offsets: REBALANCE_IN_PROGRESS: Broker: Group rebalance in
// progress" can be searched for in librdkafka's and Kafka's documentation.
#pragma once

#include <librdkafka/rdkafka.h>

#include <string_view>

#include "common/status.h"

namespace sluice::transport::kafka {

// The Status code a caller should act on for `err`: kRetriable/kUnavailable/kTimeout for faults
// that the same call may get past later, kAlreadyExists, kNotFound, kInvalidArgument and
// kFailedPrecondition for answers that retrying will not change.
StatusCode KafkaErrorCode(rd_kafka_resp_err_t err);

// "<context>: <ERROR_NAME>: <description>". OK when `err` is RD_KAFKA_RESP_ERR_NO_ERROR.
Status KafkaErrorStatus(rd_kafka_resp_err_t err, std::string_view context);

// As above for an error object, whose text is often more precise than the code's. Does not take
// ownership. OK when `error` is null.
Status KafkaErrorStatus(const rd_kafka_error_t* error, std::string_view context);

}  // namespace sluice::transport::kafka
