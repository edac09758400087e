// generator-source: a source connector that emits generated lines of text at a steady rate.
//
// Each task numbers its messages from 0 and stores the number of the last one delivered as its
// source offset, so a restarted task carries on where it stopped rather than starting over.
//
//   {"connector.class": "GeneratorSource", "topic": "generated", "rate.per.sec": "5",
//    "message.template": "message ${seq} from task ${task} at ${timestamp}", "tasks.max": "2"}
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "message_template.h"
#include "pacer.h"
#include "sluice/sdk.h"

#ifndef GENERATOR_SOURCE_VERSION
#define GENERATOR_SOURCE_VERSION "0.0.0"
#endif

namespace generator {
namespace {

constexpr const char* kTopic = "topic";
constexpr const char* kRate = "rate.per.sec";
constexpr const char* kTemplate = "message.template";
// Set by the connector in each task's config; not a user setting.
constexpr const char* kTaskId = "generator.task.id";
// Bounds one poll's batch when a task catches up after a slow poll.
constexpr int64_t kMaxBatch = 1000;

sluice::ConfigDef GeneratorConfigDef() {
  using sluice::ConfigType;
  using sluice::ConfigValidator;
  using sluice::Importance;
  sluice::ConfigDef def;
  def.DefineRequired(kTopic, ConfigType::kString, ConfigValidator::NonEmptyNoControlChars(),
                     Importance::kHigh, "The topic to write the generated messages to.");
  def.Define(kRate, ConfigType::kDouble, "10", ConfigValidator::Between(0.01, 100000),
             Importance::kMedium, "Messages per second, per task.");
  def.Define(kTemplate, ConfigType::kString, "message ${seq} from task ${task} at ${timestamp}",
             ConfigValidator::NonEmptyString(), Importance::kMedium,
             "The text of each message. ${seq} is the message's number within its task (from 0), "
             "${task} the task's number, ${timestamp} the record timestamp in ms since the epoch.");
  return def;
}

// Turns a malformed template into a config error that names the key.
MessageTemplate ParseTemplateOrThrow(const std::string& text) {
  try {
    return MessageTemplate::Parse(text);
  } catch (const std::invalid_argument& e) {
    throw sluice::sdk::ConfigError(std::string("Invalid value ") + text + " for configuration " +
                                   kTemplate + ": " + e.what());
  }
}

class GeneratorSourceConnector : public sluice::sdk::SourceConnector {
 public:
  static sluice::ConfigDef Definition() { return GeneratorConfigDef(); }

  void Start(const sluice::Config& config) override {
    ParseTemplateOrThrow(config.GetString(kTemplate));  // fail now, not in every task
    props_ = config.originals();
  }

  // Every task generates its own numbered sequence, kept under its own source partition.
  std::vector<sluice::sdk::Props> TaskConfigs(int max_tasks) override {
    std::vector<sluice::sdk::Props> tasks;
    for (int i = 0; i < std::max(max_tasks, 1); ++i) {
      sluice::sdk::Props task = props_;
      task[kTaskId] = std::to_string(i);
      tasks.push_back(std::move(task));
    }
    return tasks;
  }

 private:
  sluice::sdk::Props props_;
};

class GeneratorSourceTask : public sluice::sdk::SourceTask {
 public:
  void Start(const sluice::Config& given) override {
    // The host passes the task config as it is; apply the declared defaults here.
    const sluice::Config config(GeneratorConfigDef(), given.originals());
    topic_ = config.GetString(kTopic);
    task_id_ = config.GetInt(kTaskId);
    template_.emplace(ParseTemplateOrThrow(config.GetString(kTemplate)));
    pacer_.emplace(config.GetDouble(kRate), Pacer::Clock::now());
    partition_ = {{"task", task_id_}};
    next_seq_ = ResumeFrom(context().Offset(partition_));
    log().Info("generating into " + topic_ + " from message " + std::to_string(next_seq_));
  }

  std::vector<sluice::sdk::SourceRecord> Poll(std::chrono::milliseconds timeout) override {
    const int64_t due = WaitForDueMessages(timeout);
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    std::vector<sluice::sdk::SourceRecord> records;
    records.reserve(static_cast<size_t>(due));
    for (int64_t i = 0; i < due; ++i, ++next_seq_) {
      std::string text = template_->Render({next_seq_, task_id_, now_ms});
      auto record = sluice::sdk::SourceRecord::Text(topic_, std::move(text), partition_,
                                                    {{"seq", next_seq_}});
      record.timestamp_ms = now_ms;
      records.push_back(std::move(record));
    }
    return records;
  }

  void Wakeup() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      woken_ = true;
    }
    wake_.notify_all();
  }

 private:
  // The stored offset is the number of the last message delivered; carry on after it.
  int64_t ResumeFrom(const sluice::sdk::Json& stored) const {
    if (stored.is_null()) return 0;
    if (stored.is_object() && stored.contains("seq") && stored["seq"].is_number_integer()) {
      return stored["seq"].get<int64_t>() + 1;
    }
    log().Warn("ignoring a stored offset that is not {\"seq\": <integer>}: " + stored.dump());
    return 0;
  }

  // Waits until at least one message is due, the timeout passes or Wakeup() is called; returns
  // how many messages to generate now.
  int64_t WaitForDueMessages(std::chrono::milliseconds timeout) {
    const auto deadline = Pacer::Clock::now() + timeout;
    std::unique_lock<std::mutex> lock(mu_);
    int64_t due = 0;
    for (auto now = Pacer::Clock::now();; now = Pacer::Clock::now()) {
      due = pacer_->Take(now, kMaxBatch);
      if (due > 0 || woken_ || now >= deadline) break;
      wake_.wait_until(lock, std::min(deadline, pacer_->NextDue()));
    }
    woken_ = false;
    return due;
  }

  std::string topic_;
  int32_t task_id_ = 0;
  std::optional<MessageTemplate> template_;
  sluice::sdk::Json partition_;
  int64_t next_seq_ = 0;

  std::mutex mu_;  // guards pacer_ and woken_: Wakeup() comes from another thread
  std::condition_variable wake_;
  std::optional<Pacer> pacer_;
  bool woken_ = false;
};

}  // namespace
}  // namespace generator

SLUICE_PLUGIN("generator-source",
              SLUICE_SOURCE_CLASS(generator::GeneratorSourceConnector,
                                  generator::GeneratorSourceTask, "GeneratorSourceConnector",
                                  GENERATOR_SOURCE_VERSION, "GeneratorSource"));
