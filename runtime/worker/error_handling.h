// What a task does with a record that fails conversion, a transform or the task itself, as
// Kafka Connect's errors.* keys define it:
//   errors.retry.timeout / errors.retry.delay.max.ms  retry transient failures with backoff
//   errors.tolerance none|all                         fail the task, or skip the record
//   errors.log.enable / errors.log.include.messages   log each failure (and the record)
//   errors.deadletterqueue.topic.name (+ .context.headers.enable)
//                                                     write the failed record to a topic
// Beyond Kafka Connect, source connectors may name a dead-letter topic too: a record that fails
// conversion or a transform is written there as its JsonConverter envelope.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/status.h"
#include "transport/transport.h"

namespace sluice::worker {

enum class ErrorStage {
  kKeyConverter,
  kValueConverter,
  kHeaderConverter,
  kTransformation,
  kTaskPut,
  kTaskPoll,
};
// Kafka's stage names: KEY_CONVERTER, VALUE_CONVERTER, HEADER_CONVERTER, TRANSFORMATION, TASK_PUT,
// TASK_POLL.
const char* ErrorStageName(ErrorStage stage);

struct ErrorPolicy {
  int64_t retry_timeout_ms = 0;  // -1: forever
  int64_t retry_delay_max_ms = 60000;
  bool tolerate_all = false;
  bool log_enable = false;
  bool log_include_messages = false;
  std::string dead_letter_topic;
  bool dead_letter_context_headers = false;
  int16_t dead_letter_replication_factor = 3;

  static ErrorPolicy FromConfig(const std::map<std::string, std::string>& connector_config);
};

// The failed record as it is written to the dead-letter topic, with where it came from.
struct FailedRecord {
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<transport::RecordHeader> headers;
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
};

class ErrorReporter {
 public:
  // `transport` may be null when no dead-letter topic is configured.
  ErrorReporter(ErrorPolicy policy, std::string connector, int task_id, std::string logger,
                transport::Transport* transport);
  ~ErrorReporter();

  // Runs `op`, retrying transient failures with exponential backoff for up to
  // errors.retry.timeout (Kafka's RetryWithToleranceOperator).
  Status Retry(const std::function<Status()>& op);

  // Reports a record that failed for good. Returns OK when the policy tolerates it (the caller
  // skips the record), or the error that fails the task.
  Status Report(ErrorStage stage, const Status& error, const FailedRecord& record);

  const ErrorPolicy& policy() const { return policy_; }
  // Waits for dead-letter records in flight.
  void Flush();

 private:
  void WriteDeadLetter(ErrorStage stage, const Status& error, const FailedRecord& record);

  const ErrorPolicy policy_;
  const std::string connector_;
  const int task_id_;
  const std::string logger_;
  transport::Transport* transport_;
  std::mutex mu_;
  std::unique_ptr<transport::Producer> producer_;  // created on the first dead letter
};

}  // namespace sluice::worker
