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
        options.linger = settings_.linger;
        source_ = std::make_unique<FileTailer>(options, offsets, log_fn);
      }
    } catch (const std::invalid_argument& e) {
      throw sdk::ConfigError(e.what());
    }
    wakeable_.store(source_.get());
  }

  // Each line goes to the worker as it is read, borrowed: nothing is built per line here but its
  // offset text, in a buffer reused from line to line.
  void PollInto(std::chrono::milliseconds timeout, sdk::SourceEmitter& emit) override {
    lines_.clear();
    source_->Poll(settings_.batch_size, timeout, lines_);
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    const FileOrigin* headers_of = nullptr;
    for (const LineRecord& line : lines_) {
      if (!line.origin) {
        emit.EmitText(settings_.topic, line.text, {}, {}, now_ms);
        continue;
      }
      if (line.origin != origin_of_texts_) {
        // The partition and the offset's tail depend on the file only. Holding the origin
        // keeps its address from being reused by another, so the comparison stays true.
        partition_text_ = PartitionJson(line.origin->partition_path).dump();
        offset_tail_ =
            OffsetTail(line.origin->inode, line.origin->rotated_inodes, line.origin->fingerprint);
        origin_of_texts_ = line.origin;
      }
      if (settings_.mode == SourceMode::kSpoolDir && line.origin.get() != headers_of) {
        headers_.clear();  // they carry the poll's time, so they are made per poll
        AddHeaders(*line.origin, now_ms, headers_);
        headers_of = line.origin.get();
      }
      offset_text_.clear();
      AppendOffsetText(line.position, offset_tail_, offset_text_);
      emit.EmitText(settings_.topic, line.text, partition_text_, offset_text_, now_ms, headers_);
    }
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
  // Flume's fileHeader, basenameHeader and timestamp interceptor.
  void AddHeaders(const FileOrigin& origin, int64_t now_ms, Headers& headers) const {
    auto text = [](std::string s) { return SchemaAndValue{Schema::String(), Value(std::move(s))}; };
    if (settings_.file_header) headers.push_back({"file", text(origin.path)});
    if (settings_.basename_header) {
      size_t slash = origin.path.find_last_of('/');
      headers.push_back(
          {"basename",
           text(slash == std::string::npos ? origin.path : origin.path.substr(slash + 1))});
    }
    if (settings_.timestamp_header) headers.push_back({"timestamp", text(std::to_string(now_ms))});
  }

  FileSourceSettings settings_;
  std::unique_ptr<LineSource> source_;
  std::atomic<LineSource*> wakeable_{nullptr};
  LineBatch lines_;
  // Made once per file (PollInto).
  std::shared_ptr<const FileOrigin> origin_of_texts_;
  std::string partition_text_, offset_tail_, offset_text_;
  Headers headers_;
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
