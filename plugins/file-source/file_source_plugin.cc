// The file-source plugin: Kafka's FileStreamSourceConnector (and its aliases) on top of the
// file-source classes. This file only adapts them to the SDK.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>

#include "file-source/file_tailer.h"
#include "file-source/offset_codec.h"
#include "file-source/source_config.h"
#include "file-source/spool_source.h"
#include "file-source/stream_tailer.h"
#include "sluice/sdk.h"

namespace sluice::file_source {
namespace {

sluice_log_level ToSdkLevel(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return SLUICE_LOG_DEBUG;
    case LogLevel::kInfo:
      return SLUICE_LOG_INFO;
    case LogLevel::kWarn:
      return SLUICE_LOG_WARN;
    case LogLevel::kError:
      return SLUICE_LOG_ERROR;
  }
  return SLUICE_LOG_INFO;
}

FileSourceSettings ParseOrThrowConfigError(const Config& config) {
  try {
    return ParseFileSourceSettings(config);
  } catch (const std::invalid_argument& e) {
    throw sdk::ConfigError(e.what());
  }
}

class FileStreamSourceConnector : public sdk::SourceConnector {
 public:
  static ConfigDef Definition() { return FileSourceConfigDef(); }

  void Start(const Config& config) override {
    ParseOrThrowConfigError(config);
    props_ = config.originals();
  }
  // One task, whatever tasks.max says: offsets of one file must not be shared by tasks.
  std::vector<sdk::Props> TaskConfigs(int /*max_tasks*/) override { return {props_}; }

 private:
  sdk::Props props_;
};

class FileStreamSourceTask : public sdk::SourceTask {
 public:
  void Start(const Config& config) override {
    // Defaults again, in case the host hands over the connector's keys without them.
    settings_ = ParseOrThrowConfigError(Config(FileSourceConfigDef(), config.originals()));
    LogFn log_fn = [this](LogLevel level, const std::string& message) {
      log().Log(ToSdkLevel(level), message);
    };
    OffsetReader offsets = [this](const std::string& path) -> std::optional<StoredOffset> {
      sdk::Json stored = context().Offset(PartitionJson(path));
      if (stored.is_null()) return std::nullopt;
      std::string error;
      std::optional<StoredOffset> offset = ParseStoredOffset(stored, error);
      if (!offset) log().Warn("ignoring the stored offset of " + path + ": " + error);
      return offset;
    };
    try {
      if (settings_.mode == SourceMode::kSpoolDir) {
        OffsetForgetter forget = [this](const std::string& path) {
          context().ForgetOffset(PartitionJson(path));
        };
        source_ = std::make_unique<SpoolDirectorySource>(settings_.spool, offsets, log_fn, forget);
      } else if (settings_.file.empty()) {
        source_ = std::make_unique<StreamTailer>(STDIN_FILENO, "standard input",
                                                 settings_.max_line_bytes, log_fn);
      } else {
        TailOptions options;
        options.pattern = settings_.file;
        options.max_line_bytes = settings_.max_line_bytes;
        source_ = std::make_unique<FileTailer>(options, offsets, log_fn);
      }
    } catch (const std::invalid_argument& e) {
      throw sdk::ConfigError(e.what());
    }
    wakeable_.store(source_.get());
  }

  std::vector<sdk::SourceRecord> Poll(std::chrono::milliseconds timeout) override {
    lines_.clear();
    source_->Poll(settings_.batch_size, timeout, lines_);
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    std::vector<sdk::SourceRecord> records(lines_.size());
    // Partition and offset as JSON text, the partition and the offset's tail made once per file:
    // building and dumping JSON objects per line would cost more than the rest of the line's way.
    const FileOrigin* origin_of_texts = nullptr;
    std::string partition_text, offset_tail;
    for (size_t i = 0; i < lines_.size(); ++i) {
      LineRecord& line = lines_[i];
      sdk::SourceRecord& record = records[i];
      if (line.origin) {
        if (line.origin.get() != origin_of_texts) {
          partition_text = PartitionJson(line.origin->partition_path).dump();
          offset_tail = OffsetTail(line.origin->inode, line.origin->rotated_inodes,
                                   line.origin->fingerprint);
          origin_of_texts = line.origin.get();
        }
        record.source_partition_text = partition_text;
        AppendOffsetText(line.position, offset_tail, record.source_offset_text);
      }
      record.topic = settings_.topic;
      record.value = {Schema::String(), Value(std::move(line.text))};
      record.timestamp_ms = now_ms;
      if (settings_.mode == SourceMode::kSpoolDir && line.origin)
        AddHeaders(*line.origin, now_ms, record);
    }
    return records;
  }

  // The host calls this after storing the offsets of acknowledged records, while others may
  // still be in flight: the source reads what was stored rather than trusting the call.
  void Commit() override { source_->OnCommit(); }

  void Stop() override {
    wakeable_.store(nullptr);
    source_.reset();
  }

  void Wakeup() override {
    if (LineSource* source = wakeable_.load()) source->Wakeup();
  }

 private:
  void AddHeaders(const FileOrigin& origin, int64_t now_ms, sdk::SourceRecord& record) const {
    auto text = [](std::string s) { return SchemaAndValue{Schema::String(), Value(std::move(s))}; };
    if (settings_.file_header) record.headers.push_back({"file", text(origin.path)});
    if (settings_.basename_header) {
      size_t slash = origin.path.find_last_of('/');
      record.headers.push_back(
          {"basename",
           text(slash == std::string::npos ? origin.path : origin.path.substr(slash + 1))});
    }
    if (settings_.timestamp_header) {
      record.headers.push_back({"timestamp", text(std::to_string(now_ms))});
    }
  }

  FileSourceSettings settings_;
  std::unique_ptr<LineSource> source_;
  std::atomic<LineSource*> wakeable_{nullptr};
  std::vector<LineRecord> lines_;
};

}  // namespace
}  // namespace sluice::file_source

#ifndef SLUICE_FILE_PLUGINS_VERSION
#define SLUICE_FILE_PLUGINS_VERSION "0.0.0"
#endif

SLUICE_PLUGIN("file-source",
              SLUICE_SOURCE_CLASS(sluice::file_source::FileStreamSourceConnector,
                                  sluice::file_source::FileStreamSourceTask,
                                  "FileStreamSourceConnector", SLUICE_FILE_PLUGINS_VERSION,
                                  "FileStreamSource",
                                  "org.apache.kafka.connect.file.FileStreamSourceConnector"));
