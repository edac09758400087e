// Which directory under <topics.dir>/<topic>/ a record goes to (`partitioner.class`), with
// Confluent's encodings:
//   DefaultPartitioner    partition=<kafka partition>
//   FieldPartitioner      <field>=<value>[/<field2>=<value2>...] from partition.field.name
//   TimeBasedPartitioner  the record time, rounded down to partition.duration.ms in `timezone`,
//                         formatted with path.format ('dt'=yyyy-MM-dd/'hm'=HHmm)
//   HourlyPartitioner     'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH, one hour
//   DailyPartitioner      'year'=YYYY/'month'=MM/'day'=dd, one day
// Each name is accepted bare or with the package io.confluent.connect.storage.partitioner. or
// io.confluent.connect.hdfs.partitioner.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hdfs-sink/date_names.h"
#include "hdfs-sink/zone_rules.h"
#include "sluice/sdk.h"

namespace sluice::hdfs_sink {

class Partitioner {
 public:
  virtual ~Partitioner() = default;
  // The record's directory, relative ("partition=3"); throws RecordError when the record lacks
  // what the partitioner needs.
  virtual std::string Encode(const sdk::SinkRecord& record, int64_t timestamp_ms) const = 0;
  // Whether Encode reads `timestamp_ms`; when not, the caller may pass anything.
  virtual bool UsesTimestamp() const { return false; }
};

struct PartitionerSettings {
  std::string class_name = "DefaultPartitioner";
  std::vector<std::string> field_names;  // FieldPartitioner
  int64_t duration_ms = -1;              // TimeBasedPartitioner
  std::string path_format;               // TimeBasedPartitioner
  ZoneRules zone;
  DateNames names = DateNames::English();  // `locale`: month and day names in path.format
};

// Throws std::invalid_argument naming the key that is wrong.
std::unique_ptr<Partitioner> MakePartitioner(const PartitionerSettings& settings);

}  // namespace sluice::hdfs_sink
