#include "transport/embedded/log_config.h"

#include <optional>

#include "transport/embedded/config_reader.h"

namespace sluice::embedded {
namespace {

constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();
constexpr int64_t kMsPerMinute = 60 * 1000;
constexpr int64_t kMsPerHour = 60 * kMsPerMinute;

void SetIf(std::optional<int64_t> value, int64_t* field) {
  if (value) *field = *value;
}

}  // namespace

Result<EmbeddedLogSettings> ParseEmbeddedLogSettings(
    const std::map<std::string, std::string>& worker_config) {
  EmbeddedLogSettings s;
  ConfigReader r(worker_config);

  // Kafka reads log.dirs, falling back to log.dir.
  const std::string* dirs = r.Text("log.dirs");
  if (dirs == nullptr) dirs = r.Text("log.dir");
  if (dirs != nullptr) {
    const std::string dir = TrimBlanks(*dirs);
    if (dir.empty()) {
      r.Error("log.dirs: must name a directory");
    } else if (dir.find(',') != std::string::npos) {
      r.Error("log.dirs: the embedded log keeps its data in one directory, got '" + *dirs + "'");
    } else {
      s.log_dir = dir;
    }
  }

  // Segment sizes are capped at 2 GiB because the index stores 32-bit positions (as Kafka's).
  SetIf(r.Int("log.segment.bytes", 1, kInt32Max), &s.log.segment_bytes);
  // Kafka's precedence: *.ms over *.minutes over *.hours.
  if (auto hours = r.Int("log.roll.hours", 1, kInt32Max)) s.log.segment_ms = *hours * kMsPerHour;
  SetIf(r.Int("log.roll.ms", 1), &s.log.segment_ms);
  SetIf(r.Int("log.retention.bytes", -1), &s.log.retention_bytes);
  if (auto hours = r.Int("log.retention.hours", -1, kInt32Max)) {
    s.log.retention_ms = *hours < 0 ? -1 : *hours * kMsPerHour;
  }
  if (auto minutes = r.Int("log.retention.minutes", -1, kInt32Max)) {
    s.log.retention_ms = *minutes < 0 ? -1 : *minutes * kMsPerMinute;
  }
  SetIf(r.Int("log.retention.ms", -1), &s.log.retention_ms);
  SetIf(r.Int("log.flush.interval.messages", 1), &s.log.flush_interval_messages);
  if (auto bytes = r.Int("log.index.interval.bytes", 0, kInt32Max)) {
    s.log.index_interval_bytes = static_cast<uint32_t>(*bytes);
  }
  SetIf(r.Int("log.flush.interval.ms", 1), &s.flush_interval_ms);
  SetIf(r.Int("log.retention.check.interval.ms", 1), &s.retention_check_interval_ms);
  if (auto n = r.Int("num.partitions", 1, kInt32Max)) s.num_partitions = static_cast<int32_t>(*n);
  if (auto create = r.Bool("auto.create.topics.enable")) s.auto_create_topics = *create;

  SLUICE_RETURN_IF_ERROR(r.Finish("embedded log configuration"));
  return s;
}

bool IsAppliedTopicConfig(const std::string& key) {
  return key == "retention.ms" || key == "retention.bytes" || key == "segment.bytes" ||
         key == "segment.ms" || key == "flush.messages";
}

Result<LogConfig> ApplyTopicConfigs(const LogConfig& defaults,
                                    const std::map<std::string, std::string>& topic_configs) {
  LogConfig c = defaults;
  ConfigReader r(topic_configs);
  SetIf(r.Int("retention.ms", -1), &c.retention_ms);
  SetIf(r.Int("retention.bytes", -1), &c.retention_bytes);
  SetIf(r.Int("segment.bytes", 1, kInt32Max), &c.segment_bytes);
  SetIf(r.Int("segment.ms", 1), &c.segment_ms);
  SetIf(r.Int("flush.messages", 1), &c.flush_interval_messages);
  SLUICE_RETURN_IF_ERROR(r.Finish("topic configuration"));
  return c;
}

}  // namespace sluice::embedded
