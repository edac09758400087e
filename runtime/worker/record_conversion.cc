#include "worker/record_conversion.h"

#include "sluice/abi_data.h"

namespace sluice::worker {
namespace {

// Kafka Connect's rule: a connector that names its own converter configures it from its own
// prefixed keys; otherwise the worker's converter and settings apply.
config::ConverterSetting ConverterFor(const config::ConverterSetting& worker_setting,
                                      const StringMap& connector_config, const std::string& key) {
  auto it = connector_config.find(key);
  if (it == connector_config.end()) return worker_setting;
  return {it->second, config::WithPrefixStripped(connector_config, key + ".")};
}

}  // namespace

Result<std::unique_ptr<RecordConverters>> RecordConverters::Create(
    const config::WorkerConfig& worker, const StringMap& connector_config) {
  auto c = std::make_unique<RecordConverters>();
  auto key = ConverterFor(worker.key_converter, connector_config, "key.converter");
  auto value = ConverterFor(worker.value_converter, connector_config, "value.converter");
  auto header = ConverterFor(worker.header_converter, connector_config, "header.converter");
  SLUICE_ASSIGN_OR_RETURN(c->key_, data::CreateConverter(key.class_name, key.config, true));
  SLUICE_ASSIGN_OR_RETURN(c->value_, data::CreateConverter(value.class_name, value.config, false));
  SLUICE_ASSIGN_OR_RETURN(c->header_,
                          data::CreateHeaderConverter(header.class_name, header.config));
  c->key_class_ = data::ConverterClassName(key.class_name, "converter");
  c->value_class_ = data::ConverterClassName(value.class_name, "converter");
  c->header_class_ = data::ConverterClassName(header.class_name, "header_converter");
  return c;
}

transforms::ConnectRecord& SinkRecordBatch::NextSlot() {
  // Slots are reused from batch to batch, so their storage (and the deque's nodes) is allocated
  // once, not per record.
  if (used_ == owned_.size()) owned_.emplace_back();
  return owned_[used_].record;
}

void SinkRecordBatch::Append(const transport::ConsumedRecord* original) {
  Owned& stored = owned_[used_++];
  stored.original = original;
  const transforms::ConnectRecord& r = stored.record;
  sluice_sink_record out{};
  out.topic = abi::Buffer(r.topic);
  out.partition = r.partition.value_or(0);
  out.offset = r.kafka_offset.value_or(-1);
  out.timestamp_ms = r.timestamp_ms.value_or(SLUICE_NO_TIMESTAMP);
  out.key = abi::ToAbiData(r.key, stored.key_storage);
  out.value = abi::ToAbiData(r.value, stored.value_storage);
  stored.headers.clear();
  // Sized first: the ABI headers point into these strings, which must not move.
  stored.header_storage.resize(r.headers.size());
  for (size_t i = 0; i < r.headers.size(); ++i) {
    const auto& h = r.headers[i];
    stored.headers.push_back(
        {abi::Buffer(h.key), abi::ToAbiData(h.value, stored.header_storage[i])});
  }
  out.headers = stored.headers.data();
  out.header_count = stored.headers.size();
  records_.push_back(out);
}

void SinkRecordBatch::Add(transforms::ConnectRecord record,
                          const transport::ConsumedRecord* original) {
  NextSlot() = std::move(record);
  Append(original);
}

const transport::ConsumedRecord* SinkRecordBatch::OriginalOf(
    const sluice_sink_record& reported) const {
  const std::string_view topic = abi::View(reported.topic);
  for (size_t i = 0; i < records_.size(); ++i) {
    const sluice_sink_record& r = records_[i];
    if (r.offset == reported.offset && r.partition == reported.partition &&
        abi::View(r.topic) == topic) {
      return owned_[i].original;
    }
  }
  return nullptr;
}

void SinkRecordBatch::Clear() {
  used_ = 0;
  records_.clear();
}

}  // namespace sluice::worker
