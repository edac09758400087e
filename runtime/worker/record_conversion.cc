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
  SLUICE_ASSIGN_OR_RETURN(c->header_, data::CreateHeaderConverter(header.class_name, header.config));
  return c;
}

Status RecordConverters::ToProducerRecord(const sluice_source_record& in, int64_t now_ms,
                                          transport::ProducerRecord& out) {
  out.topic.assign(abi::View(in.topic));
  out.partition = in.partition;
  out.timestamp_ms = in.timestamp_ms == SLUICE_NO_TIMESTAMP ? now_ms : in.timestamp_ms;
  try {
    SLUICE_ASSIGN_OR_RETURN(out.key, key_->FromConnectData(out.topic, abi::FromAbiData(in.key)));
    SLUICE_ASSIGN_OR_RETURN(out.value, value_->FromConnectData(out.topic, abi::FromAbiData(in.value)));
    out.headers.clear();
    for (size_t i = 0; i < in.header_count; ++i) {
      std::string key(abi::View(in.headers[i].key));
      SLUICE_ASSIGN_OR_RETURN(auto bytes, header_->FromConnectHeader(
                                              out.topic, key, abi::FromAbiData(in.headers[i].value)));
      out.headers.push_back({std::move(key), std::move(bytes)});
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("the record's data is malformed: ") + e.what());
  }
  return Status::OK();
}

Status SinkRecordBatch::Add(const transport::ConsumedRecord& record, RecordConverters& converters) {
  Owned o;
  o.topic = record.topic;
  SLUICE_ASSIGN_OR_RETURN(o.key, converters.key().ToConnectData(record.topic, record.key));
  SLUICE_ASSIGN_OR_RETURN(o.value, converters.value().ToConnectData(record.topic, record.value));
  for (const auto& h : record.headers) {
    SLUICE_ASSIGN_OR_RETURN(auto sv, converters.header().ToConnectHeader(record.topic, h.key, h.value));
    o.header_keys.push_back(h.key);
    o.header_values.push_back(std::move(sv));
  }
  Owned& stored = owned_.emplace_back(std::move(o));
  sluice_sink_record r{};
  r.topic = abi::Buffer(stored.topic);
  r.partition = record.partition;
  r.offset = record.offset;
  r.timestamp_ms = record.timestamp_ms;
  r.key = abi::ToAbiData(stored.key, stored.key_storage);
  r.value = abi::ToAbiData(stored.value, stored.value_storage);
  for (size_t i = 0; i < record.headers.size(); ++i) {
    std::string& storage = stored.header_storage.emplace_back();
    stored.headers.push_back({abi::Buffer(stored.header_keys[i]),
                              abi::ToAbiData(stored.header_values[i], storage)});
  }
  r.headers = stored.headers.data();
  r.header_count = stored.headers.size();
  records_.push_back(r);
  return Status::OK();
}

void SinkRecordBatch::Clear() {
  owned_.clear();
  records_.clear();
}

}  // namespace sluice::worker
