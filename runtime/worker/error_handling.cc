#include "worker/error_handling.h"

#include <algorithm>
#include <thread>

#include "common/log.h"
#include "sluice/config_def.h"

namespace sluice::worker {
namespace {

using std::chrono::milliseconds;

// Kafka's RetryWithToleranceOperator.RETRIES_DELAY_MIN_MS.
constexpr int64_t kRetryDelayMinMs = 300;

int64_t Long(const std::map<std::string, std::string>& config, const std::string& key,
             int64_t fallback) {
  auto it = config.find(key);
  if (it == config.end()) return fallback;
  try {
    return std::stoll(it->second);
  } catch (const std::exception&) {
    return fallback;
  }
}

bool Bool(const std::map<std::string, std::string>& config, const std::string& key) {
  auto it = config.find(key);
  return it != config.end() && config_detail::Lower(config_detail::Trim(it->second)) == "true";
}

std::string Where(const FailedRecord& record) {
  std::string where = "{topic='" + record.topic + "'";
  if (record.partition >= 0) where += ", partition=" + std::to_string(record.partition);
  if (record.offset >= 0) where += ", offset=" + std::to_string(record.offset);
  return where + "}";
}

}  // namespace

const char* ErrorStageName(ErrorStage stage) {
  switch (stage) {
    case ErrorStage::kKeyConverter:
      return "KEY_CONVERTER";
    case ErrorStage::kValueConverter:
      return "VALUE_CONVERTER";
    case ErrorStage::kHeaderConverter:
      return "HEADER_CONVERTER";
    case ErrorStage::kTransformation:
      return "TRANSFORMATION";
    case ErrorStage::kTaskPut:
      return "TASK_PUT";
    case ErrorStage::kTaskPoll:
      return "TASK_POLL";
    case ErrorStage::kKafkaProduce:
      return "KAFKA_PRODUCE";
  }
  return "UNKNOWN";
}

std::string KafkaExceptionClass(const Status& error) {
  if (error.code() == StatusCode::kInvalidArgument) {
    return "org.apache.kafka.connect.errors.DataException";
  }
  if (error.IsTransient()) return "org.apache.kafka.connect.errors.RetriableException";
  return "org.apache.kafka.connect.errors.ConnectException";
}

ErrorPolicy ErrorPolicy::FromConfig(const std::map<std::string, std::string>& config) {
  ErrorPolicy p;
  p.retry_timeout_ms = Long(config, "errors.retry.timeout", 0);
  p.retry_delay_max_ms = Long(config, "errors.retry.delay.max.ms", 60000);
  auto tolerance = config.find("errors.tolerance");
  p.tolerate_all = tolerance != config.end() &&
                   config_detail::Lower(config_detail::Trim(tolerance->second)) == "all";
  p.log_enable = Bool(config, "errors.log.enable");
  p.log_include_messages = Bool(config, "errors.log.include.messages");
  auto dlq = config.find("errors.deadletterqueue.topic.name");
  if (dlq != config.end()) p.dead_letter_topic = config_detail::Trim(dlq->second);
  p.dead_letter_context_headers = Bool(config, "errors.deadletterqueue.context.headers.enable");
  p.dead_letter_replication_factor =
      static_cast<int16_t>(Long(config, "errors.deadletterqueue.topic.replication.factor", 3));
  return p;
}

RetryClock RetryClock::Real() {
  return {[] { return std::chrono::steady_clock::now(); },
          [](milliseconds d) {
            std::this_thread::sleep_for(d);
            return true;
          }};
}

ErrorReporter::ErrorReporter(ErrorPolicy policy, std::string connector, int task_id,
                             std::string logger, transport::Transport* transport, RetryClock clock)
    : policy_(std::move(policy)),
      connector_(std::move(connector)),
      task_id_(task_id),
      logger_(std::move(logger)),
      transport_(transport),
      clock_(std::move(clock)),
      jitter_(std::random_device{}()) {}

ErrorReporter::~ErrorReporter() {
  Status flushed = Flush();
  if (!flushed.ok()) SLUICE_LOG_ERROR(logger_, flushed.message());
}

Status ErrorReporter::Retry(const std::function<Status()>& op) {
  const auto start = clock_.now();
  const bool forever = policy_.retry_timeout_ms < 0;
  const auto deadline = start + milliseconds(std::max<int64_t>(policy_.retry_timeout_ms, 0));
  const int64_t max_delay = std::max<int64_t>(policy_.retry_delay_max_ms, 1);
  for (int attempt = 1;; ++attempt) {
    Status st = op();
    if (st.ok() || !st.IsTransient()) return st;
    const auto now = clock_.now();
    if (!forever && now >= deadline) return st;
    // 300 ms, doubled each attempt; past the maximum, a random wait below it, as Kafka does.
    int64_t delay = attempt - 1 < 20 ? kRetryDelayMinMs << (attempt - 1) : max_delay;
    if (delay > max_delay) {
      delay = std::uniform_int_distribution<int64_t>(0, max_delay - 1)(jitter_);
    }
    if (!forever) {
      const int64_t left = std::chrono::duration_cast<milliseconds>(deadline - now).count();
      delay = std::min(delay, std::max<int64_t>(left, 0));
    }
    SLUICE_LOG_DEBUG(
        logger_, "retrying in " << delay << " ms (attempt " << attempt << "): " << st.message());
    if (!clock_.sleep(milliseconds(delay))) return st;
  }
}

void ErrorReporter::Log(const FailurePoint& where, const Status& error,
                        const FailedRecord& record) {
  // Kafka's LogReporter: "Error encountered in task <id>. Executing stage '<stage>' with class
  // '<class>', where consumed record is {...}."
  std::string detail;
  if (policy_.log_include_messages) {
    detail = ", key=" + record.key.value_or("null") + ", value=" + record.value.value_or("null");
  }
  SLUICE_LOG_ERROR(logger_, "Error encountered in task "
                                << connector_ << "-" << task_id_ << ". Executing stage '"
                                << ErrorStageName(where.stage) << "' with class '"
                                << where.executing_class << "', where "
                                << (record.offset >= 0 ? "consumed" : "source") << " record is "
                                << Where(record) << detail << ": " << error.message());
}

Status ErrorReporter::Report(const FailurePoint& where, const Status& error,
                             const FailedRecord& record) {
  if (policy_.log_enable) Log(where, error, record);
  if (!policy_.tolerate_all) {
    return Status(error.code() == StatusCode::kOk ? StatusCode::kInternal : error.code(),
                  "Tolerance exceeded in error handler (stage " +
                      std::string(ErrorStageName(where.stage)) + ", class " +
                      where.executing_class + ", record " + Where(record) +
                      "): " + error.message());
  }
  if (!policy_.dead_letter_topic.empty() && where.stage != ErrorStage::kKafkaProduce) {
    WriteDeadLetter(where, error, record);
  }
  return Status::OK();
}

void ErrorReporter::WriteDeadLetter(const FailurePoint& where, const Status& error,
                                    const FailedRecord& record) {
  auto failed = [this](const std::string& why) {
    std::lock_guard<std::mutex> lock(dead_letter_failure_->mu);
    if (dead_letter_failure_->first.ok()) {
      dead_letter_failure_->first = Status::IoError("cannot write to dead-letter topic " +
                                                    policy_.dead_letter_topic + ": " + why);
    }
  };
  std::lock_guard<std::mutex> lock(mu_);
  if (!producer_) {
    if (!transport_) return failed("no transport");
    transport::NewTopic topic;
    topic.name = policy_.dead_letter_topic;
    topic.replication_factor = policy_.dead_letter_replication_factor;
    Status created = transport_->admin().CreateTopic(topic);
    if (!created.ok() && created.code() != StatusCode::kAlreadyExists) {
      SLUICE_LOG_DEBUG(logger_, "dead-letter topic not created (" << created.message()
                                                                  << "); relying on auto-creation");
    }
    auto producer = transport_->CreateProducer({});
    if (!producer.ok()) return failed(producer.status().message());
    producer_ = std::move(*producer);
  }
  transport::ProducerRecord dead;
  dead.topic = policy_.dead_letter_topic;
  dead.key = record.key;
  dead.value = record.value;
  dead.headers = record.headers;
  if (policy_.dead_letter_context_headers) {
    auto add = [&](const std::string& name, std::string value) {
      dead.headers.push_back({"__connect.errors." + name, std::move(value)});
    };
    add("topic", record.topic);
    if (record.partition >= 0) add("partition", std::to_string(record.partition));
    if (record.offset >= 0) add("offset", std::to_string(record.offset));
    add("connector.name", connector_);
    add("task.id", std::to_string(task_id_));
    add("stage", ErrorStageName(where.stage));
    add("class.name", where.executing_class);
    const std::string exception_class = KafkaExceptionClass(error);
    add("exception.class.name", exception_class);
    add("exception.message", error.message());
    add("exception.stacktrace", exception_class + ": " + error.message());
  }
  auto failure = dead_letter_failure_;
  const std::string topic = policy_.dead_letter_topic;
  Status sent =
      producer_->Send(std::move(dead), [failure, topic](const transport::DeliveryReport& r) {
        if (r.status.ok()) return;
        std::lock_guard<std::mutex> lock(failure->mu);
        if (failure->first.ok()) {
          failure->first = Status::IoError("cannot write to dead-letter topic " + topic + ": " +
                                           r.status.message());
        }
      });
  if (!sent.ok()) failed(sent.message());
}

Status ErrorReporter::Flush() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (producer_) {
      Status flushed = producer_->Flush(std::chrono::seconds(30));
      if (!flushed.ok()) {
        return Status::IoError("dead-letter records of topic " + policy_.dead_letter_topic +
                               " still unwritten: " + flushed.message());
      }
    }
  }
  std::lock_guard<std::mutex> lock(dead_letter_failure_->mu);
  return dead_letter_failure_->first;
}

}  // namespace sluice::worker
