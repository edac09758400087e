// Where a record's time comes from (`timestamp.extractor`), for time-based partitioning and
// rotate.interval.ms:
//   Wallclock    the sink's clock when the record is written
//   Record       the record's Kafka timestamp
//   RecordField  a field of the value (`timestamp.field`, dotted for nested fields): a number
//                of milliseconds since the epoch (a Connect Date counts days), or an ISO-8601
//                string ("2024-05-01T12:34:56.789Z", "2024-05-01T14:34:56+02:00",
//                "2024-05-01"; without an offset it is UTC)
// Confluent's class names (...TimeBasedPartitioner$RecordTimestampExtractor) are accepted too.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sluice/sdk.h"

namespace sluice::hdfs_sink {

class TimestampExtractor {
 public:
  virtual ~TimestampExtractor() = default;
  // Milliseconds since the epoch; throws RecordError when the record has no usable time.
  virtual int64_t Extract(const sdk::SinkRecord& record, int64_t now_ms) const = 0;
};

// Throws std::invalid_argument for an unknown extractor name or a malformed field path.
std::unique_ptr<TimestampExtractor> MakeTimestampExtractor(const std::string& name,
                                                           const std::string& field);

// Parses an ISO-8601 date or date-time; nullopt when `text` is not one.
std::optional<int64_t> ParseIsoTimestampMillis(const std::string& text);

}  // namespace sluice::hdfs_sink
