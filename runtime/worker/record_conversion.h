// The converters of one connector (key, value, header), and the conversions of whole records
// between the plugin boundary and the transport:
//   source: sluice_source_record (ABI) -> ProducerRecord (bytes)
//   sink:   ConsumedRecord (bytes) -> SinkRecordBatch of sluice_sink_record (ABI)
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "config/worker_config.h"
#include "data/converter.h"
#include "sluice/data.h"
#include "sluice/plugin_abi.h"
#include "transport/transport.h"

namespace sluice::worker {

using StringMap = std::map<std::string, std::string>;

class RecordConverters {
 public:
  // The connector's own `key.converter` (etc.) with its prefixed settings when it sets one, else
  // the worker's. Errors name the converter and the key.
  static Result<std::unique_ptr<RecordConverters>> Create(const config::WorkerConfig& worker,
                                                          const StringMap& connector_config);

  // Source side. A source record without a timestamp gets `now_ms`.
  Status ToProducerRecord(const sluice_source_record& in, int64_t now_ms,
                          transport::ProducerRecord& out);

  data::Converter& key() { return *key_; }
  data::Converter& value() { return *value_; }
  data::HeaderConverter& header() { return *header_; }

 private:
  std::unique_ptr<data::Converter> key_;
  std::unique_ptr<data::Converter> value_;
  std::unique_ptr<data::HeaderConverter> header_;
};

// A batch of sink records in ABI form, with the storage their buffers point into.
class SinkRecordBatch {
 public:
  // Converts and appends one record. On error nothing is appended.
  Status Add(const transport::ConsumedRecord& record, RecordConverters& converters);
  void Clear();

  const sluice_sink_record* data() const { return records_.data(); }
  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }

 private:
  // Everything the ABI records point into; deques keep element addresses stable.
  struct Owned {
    std::string topic;
    SchemaAndValue key, value;
    std::string key_storage, value_storage;
    std::deque<std::string> header_keys;
    std::deque<SchemaAndValue> header_values;
    std::deque<std::string> header_storage;
    std::vector<sluice_header> headers;
  };
  std::deque<Owned> owned_;
  std::vector<sluice_sink_record> records_;
};

}  // namespace sluice::worker
