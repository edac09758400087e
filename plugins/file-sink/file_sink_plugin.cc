// The file-sink plugin: Kafka's FileStreamSinkConnector (and its aliases) on top of
// FileSinkWriter. This file only adapts it to the SDK.
#include <memory>
#include <system_error>

#include "file-sink/append_file.h"
#include "file-sink/file_sink_writer.h"
#include "sluice/sdk.h"

namespace sluice::file_sink {
namespace {

constexpr const char* kFileConfig = "file";

class FileStreamSinkConnector : public sdk::SinkConnector {
 public:
  static ConfigDef Definition() {
    ConfigDef def;
    def.Define(kFileConfig, ConfigType::kString, std::nullopt, {}, Importance::kHigh,
               "Destination filename. If not specified, the standard output will be used. Every "
               "task appends to it; lines of different tasks never interleave.");
    return def;
  }

  void Start(const Config& config) override { props_ = config.originals(); }

  // Every task appends to the same file, as Kafka's FileStreamSink does.
  std::vector<sdk::Props> TaskConfigs(int max_tasks) override {
    return std::vector<sdk::Props>(static_cast<size_t>(std::max(max_tasks, 1)), props_);
  }

 private:
  sdk::Props props_;
};

class FileStreamSinkTask : public sdk::SinkTask {
 public:
  void Start(const Config& config) override {
    writer_ = std::make_unique<FileSinkWriter>(OpenAppendFile(config.GetString(kFileConfig)));
  }

  // The batch's lines go to the file at once (one write): a reader of the file sees a record
  // milliseconds after it reached the topic. Syncing waits for the commit.
  void Put(const std::vector<sdk::SinkRecord>& records) override {
    for (const sdk::SinkRecord& record : records) writer_->Write(record.value);
    writer_->WriteBuffered();
  }

  // Called by the default PreCommit before it returns the offsets: they are committed only once
  // the lines are written and synced.
  void Flush(const std::vector<sdk::TopicPartitionOffset>& /*current*/) override {
    writer_->Flush();
  }

  void Stop() override {
    if (writer_) writer_->Flush();
    writer_.reset();
  }

 private:
  std::unique_ptr<FileSinkWriter> writer_;
};

}  // namespace
}  // namespace sluice::file_sink

#ifndef SLUICE_FILE_PLUGINS_VERSION
#define SLUICE_FILE_PLUGINS_VERSION "0.0.0"
#endif

SLUICE_PLUGIN("file-sink",
              SLUICE_SINK_CLASS(sluice::file_sink::FileStreamSinkConnector,
                                sluice::file_sink::FileStreamSinkTask, "FileStreamSinkConnector",
                                SLUICE_FILE_PLUGINS_VERSION, "FileStreamSink",
                                "org.apache.kafka.connect.file.FileStreamSinkConnector"));
