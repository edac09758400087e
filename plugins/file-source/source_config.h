// The file source's configuration: Kafka's FileStreamSource keys (file, topic, batch.size) plus
// Sluice's own (max.line.bytes, mode and the spooldir.* keys of Flume's spooling directory).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "file-source/spool_source.h"
#include "sluice/config_def.h"

namespace sluice::file_source {

inline constexpr const char* kFileConfig = "file";
inline constexpr const char* kTopicConfig = "topic";
inline constexpr const char* kBatchSizeConfig = "batch.size";
inline constexpr const char* kLingerConfig = "linger.ms";
inline constexpr const char* kMaxLineBytesConfig = "max.line.bytes";
inline constexpr const char* kModeConfig = "mode";
inline constexpr const char* kSpoolPathConfig = "spooldir.path";
inline constexpr const char* kSpoolCompletedSuffixConfig = "spooldir.completed.suffix";
inline constexpr const char* kSpoolDeletePolicyConfig = "spooldir.delete.policy";
inline constexpr const char* kSpoolIncludePatternConfig = "spooldir.include.pattern";
inline constexpr const char* kSpoolIgnorePatternConfig = "spooldir.ignore.pattern";
inline constexpr const char* kSpoolConsumeOrderConfig = "spooldir.consume.order";
inline constexpr const char* kSpoolRecursiveConfig = "spooldir.recursive";
inline constexpr const char* kSpoolMinAgeConfig = "spooldir.min.age.ms";
inline constexpr const char* kSpoolFileHeaderConfig = "spooldir.file.header";
inline constexpr const char* kSpoolBasenameHeaderConfig = "spooldir.basename.header";
inline constexpr const char* kSpoolTimestampHeaderConfig = "spooldir.timestamp.header";

enum class SourceMode { kTail, kSpoolDir };

struct FileSourceSettings {
  SourceMode mode = SourceMode::kTail;
  std::string file;  // tail mode: a path or glob; empty reads standard input
  std::string topic;
  size_t batch_size = 2000;
  std::chrono::milliseconds linger{2};
  size_t max_line_bytes = size_t{1024} * 1024;
  SpoolOptions spool;  // spooldir mode
  bool file_header = false;
  bool basename_header = false;
  bool timestamp_header = false;
};

ConfigDef FileSourceConfigDef();

// Checks `config` against the definition and the rules between keys (spooldir mode needs
// spooldir.path; patterns must be valid regexes). Throws std::invalid_argument listing every
// problem, one "Invalid value ..." message per key, as Kafka words them.
FileSourceSettings ParseFileSourceSettings(const Config& config);

}  // namespace sluice::file_source
