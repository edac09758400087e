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
#include <random>
#include <string>
#include <type_traits>
#include <vector>

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
  kKafkaProduce,
};
// Kafka's stage names: KEY_CONVERTER, VALUE_CONVERTER, HEADER_CONVERTER, TRANSFORMATION, TASK_PUT,
// TASK_POLL, KAFKA_PRODUCE.
const char* ErrorStageName(ErrorStage stage);

// Where a record failed: Kafka's ProcessingContext, the stage and the class that was running.
struct FailurePoint {
  ErrorStage stage;
  std::string executing_class;  // e.g. org.apache.kafka.connect.json.JsonConverter
};

// The Java exception class a Kafka Connect tool expects in __connect.errors.exception.class.name
// for a failure with this status: DataException for bad data, RetriableException for transient
// failures, ConnectException otherwise.
std::string KafkaExceptionClass(const Status& error);

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

// How retries wait: on the task's clock, and cut short when the task stops.
struct RetryClock {
  std::function<std::chrono::steady_clock::time_point()> now;
  // Waits up to `d`; false when the task is stopping and must not retry any more.
  std::function<bool(std::chrono::milliseconds)> sleep;

  // The steady clock and an uninterruptible sleep.
  static RetryClock Real();
};

class ErrorReporter {
 public:
  // `transport` may be null when no dead-letter topic is configured.
  ErrorReporter(ErrorPolicy policy, std::string connector, int task_id, std::string logger,
                transport::Transport* transport, RetryClock clock = RetryClock::Real());
  ~ErrorReporter();

  // Runs `op`, retrying transient failures as Kafka's RetryWithToleranceOperator does: after
  // 300 ms, then twice as long each time up to errors.retry.delay.max.ms (then a random wait
  // below it), for as long as errors.retry.timeout allows (0: never, -1: forever), the last wait
  // cut to the deadline. The last failure when the time is up or the task stops.
  Status Retry(const std::function<Status()>& op);
  // The same for an operation with a Result; a plain call when retries are off (the default),
  // which keeps the per-record path free of the retry machinery.
  template <typename Fn>
  auto Retried(Fn&& op) -> decltype(op()) {
    if (!retries_enabled()) return op();
    if constexpr (std::is_same_v<decltype(op()), Status>) {
      return Retry(op);
    } else {
      decltype(op()) result = Status::Internal("not run");
      (void)Retry([&] {
        result = op();
        return result.status();
      });
      return result;
    }
  }
  bool retries_enabled() const { return policy_.retry_timeout_ms != 0; }

  // Reports a record that failed for good. Returns OK when the policy tolerates it (the caller
  // skips the record), or the error that fails the task.
  Status Report(const FailurePoint& where, const Status& error, const FailedRecord& record);

  const ErrorPolicy& policy() const { return policy_; }

  // Waits for the dead-letter records in flight. Not OK when one of them could not be written:
  // that record is lost unless the task fails before committing past it.
  Status Flush();

 private:
  void Log(const FailurePoint& where, const Status& error, const FailedRecord& record);
  void WriteDeadLetter(const FailurePoint& where, const Status& error, const FailedRecord& record);

  const ErrorPolicy policy_;
  const std::string connector_;
  const int task_id_;
  const std::string logger_;
  transport::Transport* transport_;
  const RetryClock clock_;
  std::mt19937_64 jitter_;
  std::mutex mu_;
  std::unique_ptr<transport::Producer> producer_;  // created on the first dead letter
  // The first dead letter that could not be written; set by delivery callbacks on the
  // transport's thread, so it has its own lock (Flush holds mu_ while callbacks run).
  struct DeadLetterFailure {
    std::mutex mu;
    Status first;
  };
  std::shared_ptr<DeadLetterFailure> dead_letter_failure_ = std::make_shared<DeadLetterFailure>();
};

}  // namespace sluice::worker
