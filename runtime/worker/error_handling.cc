#include "worker/error_handling.h"

#include <algorithm>
#include <thread>

#include "common/log.h"
#include "sluice/config_def.h"

namespace sluice::worker {
namespace {

using std::chrono::milliseconds;

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

// Kafka reports Java exception classes; Sluice reports the kind of Status.
std::string ExceptionClass(const Status& error) {
  return std::string("sluice.") + StatusCodeName(error.code());
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
  }
  return "UNKNOWN";
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

ErrorReporter::ErrorReporter(ErrorPolicy policy, std::string connector, int task_id,
                             std::string logger, transport::Transport* transport)
    : policy_(std::move(policy)),
      connector_(std::move(connector)),
      task_id_(task_id),
      logger_(std::move(logger)),
      transport_(transport) {}

ErrorReporter::~ErrorReporter() {
  Flush();
}

Status ErrorReporter::Retry(const std::function<Status()>& op) {
  auto deadline = std::chrono::steady_clock::now() + milliseconds(policy_.retry_timeout_ms);
  milliseconds delay(300);
  while (true) {
    Status st = op();
    if (st.ok() || !st.IsTransient()) return st;
    bool forever = policy_.retry_timeout_ms < 0;
    if (!forever && std::chrono::steady_clock::now() + delay > deadline) return st;
    SLUICE_LOG_DEBUG(logger_, "retrying in " << delay.count() << " ms: " << st.message());
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, milliseconds(std::max<int64_t>(policy_.retry_delay_max_ms, 1)));
  }
}

Status ErrorReporter::Report(ErrorStage stage, const Status& error, const FailedRecord& record) {
  std::string where = record.offset >= 0 ? record.topic + "-" + std::to_string(record.partition) +
                                               "@" + std::to_string(record.offset)
                                         : "topic " + record.topic;
  if (policy_.log_enable) {
    std::string detail;
    if (policy_.log_include_messages) {
      detail = ", key=" + record.key.value_or("null") + ", value=" + record.value.value_or("null");
    }
    SLUICE_LOG_ERROR(logger_, "error in stage " << ErrorStageName(stage) << " for record " << where
                                                << ": " << error.message() << detail);
  }
  if (!policy_.tolerate_all) {
    return Status(error.code() == StatusCode::kOk ? StatusCode::kInternal : error.code(),
                  "Tolerance exceeded in error handler (stage " +
                      std::string(ErrorStageName(stage)) + ", record " + where +
                      "): " + error.message());
  }
  if (!policy_.dead_letter_topic.empty()) WriteDeadLetter(stage, error, record);
  return Status::OK();
}

void ErrorReporter::WriteDeadLetter(ErrorStage stage, const Status& error,
                                    const FailedRecord& record) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!producer_) {
    if (!transport_) return;
    transport::NewTopic topic;
    topic.name = policy_.dead_letter_topic;
    topic.replication_factor = policy_.dead_letter_replication_factor;
    Status created = transport_->admin().CreateTopic(topic);
    if (!created.ok() && created.code() != StatusCode::kAlreadyExists) {
      SLUICE_LOG_DEBUG(logger_, "dead-letter topic not created (" << created.message()
                                                                  << "); relying on auto-creation");
    }
    auto producer = transport_->CreateProducer({});
    if (!producer.ok()) {
      SLUICE_LOG_ERROR(logger_, "cannot write to dead-letter topic "
                                    << policy_.dead_letter_topic << ": "
                                    << producer.status().message());
      return;
    }
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
    add("stage", ErrorStageName(stage));
    add("class.name", stage == ErrorStage::kTransformation ? "transformation" : "converter");
    add("exception.class.name", ExceptionClass(error));
    add("exception.message", error.message());
    add("exception.stacktrace", error.ToString());
  }
  std::string logger = logger_;
  std::string topic = policy_.dead_letter_topic;
  Status sent =
      producer_->Send(std::move(dead), [logger, topic](const transport::DeliveryReport& r) {
        if (!r.status.ok())
          SLUICE_LOG_ERROR(logger,
                           "dead-letter write to " << topic << " failed: " << r.status.message());
      });
  if (!sent.ok())
    SLUICE_LOG_ERROR(logger_, "dead-letter write to " << topic << " failed: " << sent.message());
}

void ErrorReporter::Flush() {
  std::lock_guard<std::mutex> lock(mu_);
  if (producer_) (void)producer_->Flush(std::chrono::seconds(5));
}

}  // namespace sluice::worker
