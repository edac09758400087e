// The hdfs-sink plugin: Confluent's HdfsSinkConnector (and its aliases) on top of HdfsSinkTask.
// This file only adapts it to the SDK.
#include <algorithm>

#include "hdfs-sink/hdfs_sink_task.h"
#include "hdfs-sink/sink_config.h"
#include "sluice/sdk.h"

namespace sluice::hdfs_sink {
namespace {

class HdfsSinkConnector : public sdk::SinkConnector {
 public:
  static ConfigDef Definition() { return HdfsSinkConfig::Definition(); }

  // Checks everything a task would, so that a bad config fails the connector, not its tasks.
  void Start(const Config& config) override {
    HdfsSinkConfig::Parse(config.originals());
    props_ = config.originals();
  }

  // Every task gets the same config: the consumer group shares the partitions among them.
  std::vector<sdk::Props> TaskConfigs(int max_tasks) override {
    return std::vector<sdk::Props>(static_cast<size_t>(std::max(max_tasks, 1)), props_);
  }

 private:
  sdk::Props props_;
};

}  // namespace
}  // namespace sluice::hdfs_sink

#ifndef SLUICE_HDFS_SINK_VERSION
#define SLUICE_HDFS_SINK_VERSION "0.0.0"
#endif

SLUICE_PLUGIN("hdfs-sink", SLUICE_SINK_CLASS(sluice::hdfs_sink::HdfsSinkConnector,
                                             sluice::hdfs_sink::HdfsSinkTask, "HdfsSinkConnector",
                                             SLUICE_HDFS_SINK_VERSION, "HdfsSink",
                                             "io.confluent.connect.hdfs.HdfsSinkConnector"));
