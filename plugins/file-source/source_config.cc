#include "file-source/source_config.h"

#include <stdexcept>
#include <vector>

namespace sluice::file_source {

ConfigDef FileSourceConfigDef() {
  ConfigDef def;
  def.Define(kFileConfig, ConfigType::kString, std::nullopt, {}, Importance::kHigh,
             "Source filename, or a glob such as /var/log/app/*.log (each matching file is read "
             "and has its own offset). Files are followed across rename rotation, truncation and "
             "copytruncate. If not specified, the standard input will be used. Tail mode only.");
  def.DefineRequired(kTopicConfig, ConfigType::kString, ConfigValidator::NonEmptyString(),
                     Importance::kHigh, "The topic to publish data to");
  def.Define(kBatchSizeConfig, ConfigType::kInt, "2000", ConfigValidator::AtLeast(1),
             Importance::kLow,
             "The maximum number of records the source task can read from the file each time it "
             "is polled");
  def.Define(kLingerConfig, ConfigType::kLong, "2", ConfigValidator::Between(0, 10000),
             Importance::kLow,
             "Tail mode: once a poll has found new lines, how long it waits for more before "
             "handing them over (at most batch.size lines). A file that grows by many small "
             "writes then costs one wakeup per linger rather than one per write, for at most "
             "this much latency; 0 hands lines over at once.");
  def.Define(kMaxLineBytesConfig, ConfigType::kInt, "1048576", ConfigValidator::AtLeast(4),
             Importance::kLow,
             "The longest line, in bytes, delivered as one record. A longer line is not lost: it "
             "is delivered as several records of at most this many bytes each, cut between UTF-8 "
             "characters, and a warning is logged. Bounds the memory a task uses per file.");
  def.Define(kModeConfig, ConfigType::kString, "tail", ConfigValidator::OneOf({"tail", "spooldir"}),
             Importance::kMedium,
             "tail: follow `file` as it grows. spooldir: read each file that is put into "
             "spooldir.path once, then mark it completed or delete it (Flume's spooling "
             "directory source).");
  const std::string spool = "Spool directory";
  def.Define(kSpoolPathConfig, ConfigType::kString, std::nullopt, {}, Importance::kHigh,
             "The directory to read files from (spooldir mode, where it is required). Files must "
             "be complete when they appear in it (move them in) and their names unique.",
             spool, 1);
  def.Define(kSpoolCompletedSuffixConfig, ConfigType::kString, ".COMPLETED",
             ConfigValidator::NonEmptyString(), Importance::kLow,
             "Suffix appended to a file once every line of it was delivered (delete policy never). "
             "Files ending with it are not read.",
             spool, 2);
  def.Define(kSpoolDeletePolicyConfig, ConfigType::kString, "never",
             ConfigValidator::OneOf({"never", "immediate"}), Importance::kLow,
             "never: rename completed files with the completed suffix. immediate: delete them.",
             spool, 3);
  def.Define(kSpoolIncludePatternConfig, ConfigType::kString, "^.*$", {}, Importance::kLow,
             "Regular expression the file name must match to be read.", spool, 4);
  def.Define(kSpoolIgnorePatternConfig, ConfigType::kString, "^$", {}, Importance::kLow,
             "Regular expression of file names not to read; it wins over the include pattern. "
             "Hidden files (leading dot) are never read.",
             spool, 5);
  def.Define(kSpoolConsumeOrderConfig, ConfigType::kString, "oldest",
             ConfigValidator::OneOf({"oldest", "youngest", "random"}), Importance::kLow,
             "Order in which files are read: by modification time, oldest or youngest first (ties "
             "by path), or random.",
             spool, 6);
  def.Define(kSpoolRecursiveConfig, ConfigType::kBoolean, "false", {}, Importance::kLow,
             "Also read files in subdirectories (hidden ones excepted).", spool, 7);
  def.Define(kSpoolMinAgeConfig, ConfigType::kLong, "0", ConfigValidator::AtLeast(0),
             Importance::kLow,
             "Leave a file alone until it has not been modified for this many milliseconds, for "
             "writers that write files in place instead of moving finished files in. 0 reads "
             "files as soon as they appear.",
             spool, 8);
  def.Define(kSpoolFileHeaderConfig, ConfigType::kBoolean, "false", {}, Importance::kLow,
             "Add a header \"file\" with the path of the file the record was read from.", spool, 9);
  def.Define(kSpoolBasenameHeaderConfig, ConfigType::kBoolean, "false", {}, Importance::kLow,
             "Add a header \"basename\" with the name of the file the record was read from.", spool,
             10);
  def.Define(kSpoolTimestampHeaderConfig, ConfigType::kBoolean, "false", {}, Importance::kLow,
             "Add a header \"timestamp\": the time the line was read, in milliseconds since the "
             "epoch, as decimal text (as Flume's timestamp header).",
             spool, 11);
  return def;
}

FileSourceSettings ParseFileSourceSettings(const Config& config) {
  std::vector<std::string> errors;
  for (const ConfigValueResult& result : FileSourceConfigDef().Validate(config.originals())) {
    errors.insert(errors.end(), result.errors.begin(), result.errors.end());
  }
  // Rules between keys, checked on the raw values so every problem is reported at once.
  if (config.GetString(kModeConfig) == "spooldir") {
    if (config.GetString(kSpoolPathConfig).empty()) {
      errors.push_back(std::string("Invalid value null for configuration ") + kSpoolPathConfig +
                       ": a directory is required when mode=spooldir");
    }
    for (const char* key : {kSpoolIncludePatternConfig, kSpoolIgnorePatternConfig}) {
      try {
        CompileSpoolPattern(config.GetString(key), key);
      } catch (const std::invalid_argument& e) {
        errors.push_back(e.what());
      }
    }
  }
  if (!errors.empty()) {
    std::string message = errors[0];
    for (size_t i = 1; i < errors.size(); ++i) message += "; " + errors[i];
    throw std::invalid_argument(message);
  }

  FileSourceSettings s;
  s.mode = config.GetString(kModeConfig) == "spooldir" ? SourceMode::kSpoolDir : SourceMode::kTail;
  s.file = config.GetString(kFileConfig);
  s.topic = config.GetString(kTopicConfig);
  s.batch_size = static_cast<size_t>(config.GetInt(kBatchSizeConfig));
  s.max_line_bytes = static_cast<size_t>(config.GetInt(kMaxLineBytesConfig));
  s.linger = std::chrono::milliseconds(config.GetLong(kLingerConfig));

  SpoolScanOptions& scan = s.spool.scan;
  scan.directory = config.GetString(kSpoolPathConfig);
  scan.completed_suffix = config.GetString(kSpoolCompletedSuffixConfig);
  scan.include_pattern = config.GetString(kSpoolIncludePatternConfig);
  scan.ignore_pattern = config.GetString(kSpoolIgnorePatternConfig);
  const std::string order = config.GetString(kSpoolConsumeOrderConfig);
  scan.order = order == "youngest" ? ConsumeOrder::kYoungest
               : order == "random" ? ConsumeOrder::kRandom
                                   : ConsumeOrder::kOldest;
  scan.recursive = config.GetBool(kSpoolRecursiveConfig);
  scan.min_age = std::chrono::milliseconds(config.GetLong(kSpoolMinAgeConfig));
  s.spool.delete_completed = config.GetString(kSpoolDeletePolicyConfig) == "immediate";
  s.spool.max_line_bytes = s.max_line_bytes;
  s.file_header = config.GetBool(kSpoolFileHeaderConfig);
  s.basename_header = config.GetBool(kSpoolBasenameHeaderConfig);
  s.timestamp_header = config.GetBool(kSpoolTimestampHeaderConfig);
  return s;
}

}  // namespace sluice::file_source
