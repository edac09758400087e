// TimestampRouter: sets the topic from the original topic and the record's timestamp, e.g. for
// time-bucketed tables or indices: "${topic}-${timestamp}" with timestamp.format "yyyyMMdd"
// (Java SimpleDateFormat, UTC).
#include "transforms/catalog.h"
#include "transforms/requirements.h"
#include "transforms/simple_date_format.h"

namespace sluice::transforms {
namespace {

constexpr const char* kTopicFormat = "topic.format";
constexpr const char* kTimestampFormat = "timestamp.format";

const ConfigDef& Definition() {
  static const ConfigDef def = [] {
    ConfigDef d;
    d.Define(kTopicFormat, ConfigType::kString, "${topic}-${timestamp}", {}, Importance::kHigh,
             "Format string which can contain `${topic}` and `${timestamp}` as placeholders for "
             "the topic and timestamp, respectively.");
    d.Define(kTimestampFormat, ConfigType::kString, "yyyyMMdd", {}, Importance::kHigh,
             "Format string for the timestamp that is compatible with "
             "`java.text.SimpleDateFormat`.");
    return d;
  }();
  return def;
}

void ReplaceAll(std::string& text, const std::string& what, const std::string& with) {
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
}

class TimestampRouter final : public BuiltinTransformation {
 public:
  TimestampRouter() : BuiltinTransformation(Definition()) {}

  void ReadConfig(ConfigReader& config) override {
    topic_format_ = config.String(kTopicFormat).value_or("");
    auto format = SimpleDateFormat::Compile(config.String(kTimestampFormat).value_or(""));
    if (!format.ok()) {
      config.Invalid(kTimestampFormat, format.status().message());
      return;
    }
    timestamp_format_ = std::move(*format);
  }

  Result<std::optional<ConnectRecord>> Apply(ConnectRecord record) override {
    if (!record.timestamp_ms) {
      return DataError(
          "Timestamp missing on record: topic=" + record.topic +
          (record.partition ? ", partition=" + std::to_string(*record.partition) : std::string()));
    }
    // Kafka replaces ${topic} first, then ${timestamp} in the result.
    std::string topic = topic_format_;
    ReplaceAll(topic, "${topic}", record.topic);
    ReplaceAll(topic, "${timestamp}", timestamp_format_->Format(*record.timestamp_ms));
    record.topic = std::move(topic);
    return std::optional<ConnectRecord>(std::move(record));
  }

 private:
  std::string topic_format_;
  std::optional<SimpleDateFormat> timestamp_format_;
};

}  // namespace

TransformationKind TimestampRouterKind() {
  return {"TimestampRouter", false, &Definition,
          [](RecordPart) -> std::unique_ptr<BuiltinTransformation> {
            return std::make_unique<TimestampRouter>();
          }};
}

}  // namespace sluice::transforms
