// The embedded log's settings, read from the worker config with Kafka's broker key names
// (log.dirs, log.segment.bytes, log.retention.ms, ...) and overridden per topic with Kafka's topic
// config names (retention.ms, retention.bytes, segment.bytes, segment.ms, flush.messages).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include "common/status.h"

namespace sluice::embedded {

inline constexpr int64_t kOneDayMs = 24LL * 60 * 60 * 1000;

// How one partition's log is laid out and kept.
struct LogConfig {
  int64_t segment_bytes = 1LL << 30;     // log.segment.bytes / segment.bytes
  int64_t segment_ms = 7 * kOneDayMs;    // log.roll.ms / segment.ms
  int64_t retention_bytes = -1;          // log.retention.bytes / retention.bytes
  int64_t retention_ms = 7 * kOneDayMs;  // log.retention.ms / retention.ms
  // log.flush.interval.messages / flush.messages: fsync inline once this many are unsynced.
  int64_t flush_interval_messages = std::numeric_limits<int64_t>::max();
  uint32_t index_interval_bytes = 4096;  // log.index.interval.bytes
};

struct EmbeddedLogSettings {
  std::string log_dir = "sluice-data";  // log.dirs (one directory)
  LogConfig log;                        // the defaults of every topic
  int32_t num_partitions = 1;           // num.partitions, for topics created on first use
  bool auto_create_topics = true;       // auto.create.topics.enable
  // log.flush.interval.ms: the background flusher fsyncs unsynced data at least this often, so a
  // power loss loses at most this much acknowledged data (a process crash loses none: data is in
  // the page cache before it is acknowledged).
  int64_t flush_interval_ms = 1000;
  int64_t retention_check_interval_ms = 5 * 60 * 1000;  // log.retention.check.interval.ms
};

// Reads the keys above from a worker config (other keys are ignored). Every invalid value is
// reported at once, by key, as kInvalidArgument.
Result<EmbeddedLogSettings> ParseEmbeddedLogSettings(
    const std::map<std::string, std::string>& worker_config);

// The defaults with a topic's overrides applied. Keys the log does not apply (cleanup.policy, ...)
// are left alone; invalid values of the keys it applies are kInvalidArgument, by key.
Result<LogConfig> ApplyTopicConfigs(const LogConfig& defaults,
                                    const std::map<std::string, std::string>& topic_configs);

// Whether ApplyTopicConfigs acts on this topic config key.
bool IsAppliedTopicConfig(const std::string& key);

}  // namespace sluice::embedded
