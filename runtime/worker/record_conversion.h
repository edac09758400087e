// The converters of one connector (key, value, header), and sink records in ABI form.
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
#include "transforms/transformation.h"
#include "transport/transport.h"

namespace sluice::worker {

using StringMap = std::map<std::string, std::string>;

class RecordConverters {
 public:
  // The connector's own `key.converter` (etc.) with its prefixed settings when it sets one, else
  // the worker's. Errors name the converter and the key.
  static Result<std::unique_ptr<RecordConverters>> Create(const config::WorkerConfig& worker,
                                                          const StringMap& connector_config);

  data::Converter& key() { return *key_; }
  data::Converter& value() { return *value_; }
  data::HeaderConverter& header() { return *header_; }

  // The class names, for error reports (Kafka's executing class).
  const std::string& key_class() const { return key_class_; }
  const std::string& value_class() const { return value_class_; }
  const std::string& header_class() const { return header_class_; }

 private:
  std::string key_class_, value_class_, header_class_;
  std::unique_ptr<data::Converter> key_;
  std::unique_ptr<data::Converter> value_;
  std::unique_ptr<data::HeaderConverter> header_;
};

// A batch of sink records in ABI form, with the storage their buffers point into.
class SinkRecordBatch {
 public:
  // The slot the next record is built in, its storage reused from earlier batches; Append adds
  // it to the batch, and a slot not appended is handed out again by the next call.
  transforms::ConnectRecord& NextSlot();
  // Adds the record built in NextSlot(); `original` is the consumed record it came from, which
  // must outlive the batch's use (nullptr when there is none).
  void Append(const transport::ConsumedRecord* original);
  // Both at once, for a record built elsewhere (its data is moved into the batch).
  void Add(transforms::ConnectRecord record, const transport::ConsumedRecord* original = nullptr);
  void Clear();
  // The consumed record behind the batch record a task reports (matched by the topic, partition
  // and offset the task saw, which transforms may have changed from the original's); nullptr
  // when none matches.
  const transport::ConsumedRecord* OriginalOf(const sluice_sink_record& reported) const;

  const sluice_sink_record* data() const { return records_.data(); }
  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }

 private:
  // Everything the ABI records point into. The deque keeps element addresses stable as it
  // grows; its first `used_` slots hold this batch, the rest wait to be reused.
  struct Owned {
    transforms::ConnectRecord record;
    const transport::ConsumedRecord* original = nullptr;
    std::string key_storage, value_storage;
    std::vector<std::string> header_storage;
    std::vector<sluice_header> headers;
  };
  std::deque<Owned> owned_;
  size_t used_ = 0;
  std::vector<sluice_sink_record> records_;
};

}  // namespace sluice::worker
