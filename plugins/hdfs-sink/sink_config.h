// The hdfs-sink's configuration: its definition (Confluent's key names where Confluent has the
// concept) and the settings read from it. See README.md for every key.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hdfs-sink/file_encoder.h"
#include "hdfs-sink/http_client.h"
#include "hdfs-sink/outage_clock.h"
#include "hdfs-sink/partition_writer.h"
#include "hdfs-sink/partitioner.h"
#include "hdfs-sink/record_format.h"
#include "hdfs-sink/retrying_storage.h"
#include "hdfs-sink/store_url.h"
#include "hdfs-sink/zone_rules.h"
#include "sluice/config_def.h"

namespace sluice::hdfs_sink {

struct HdfsSinkConfig {
  StoreUrl store;
  std::string user;
  bool httpfs = false;
  std::string topics_dir = "topics";
  std::string logs_dir = "logs";
  RecordFormat format = RecordFormat::Parse("json");
  Compression compression = Compression::kNone;
  RotationPolicy rotation;
  int offset_width = 10;
  PartitionerSettings partitioner;
  std::string timestamp_extractor = "Wallclock";
  std::string timestamp_field = "timestamp";
  ZoneRules zone;
  RetryPolicy retry;
  HttpTimeouts timeouts;
  std::chrono::milliseconds shutdown_timeout{3000};  // StorageFence's grace
  size_t write_buffer_bytes = 1 << 20;

  static ConfigDef Definition();

  // Reads `props` (the definition's defaults applied to missing keys). Throws
  // sdk::ConfigError listing every problem, one per line, each naming its key.
  static HdfsSinkConfig Parse(const std::map<std::string, std::string>& props);
};

}  // namespace sluice::hdfs_sink
