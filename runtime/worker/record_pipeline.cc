#include "worker/record_pipeline.h"

#include "sluice/abi_data.h"
#include "sluice/envelope.h"

namespace sluice::worker {
namespace {

// The source record as it is written to a dead-letter topic: its data as JsonConverter envelopes
// (it could not be converted, so there are no bytes to keep).
FailedRecord SourceFailure(const sluice_source_record& in) {
  FailedRecord f;
  f.topic.assign(abi::View(in.topic));
  f.partition = in.partition;
  auto envelope = [](const sluice_data& d) -> std::optional<std::string> {
    if (d.kind == SLUICE_DATA_NULL) return std::nullopt;
    try {
      return envelope::Encode(abi::FromAbiData(d));
    } catch (const std::exception&) {
      return std::string(abi::View(d.bytes));
    }
  };
  f.key = envelope(in.key);
  f.value = envelope(in.value);
  return f;
}

FailedRecord SinkFailure(const transport::ConsumedRecord& in) {
  return {in.key, in.value, in.headers, in.topic, in.partition, in.offset};
}

}  // namespace

Result<std::unique_ptr<RecordPipeline>> RecordPipeline::Create(const config::WorkerConfig& worker,
                                                               const StringMap& connector_config,
                                                               Identity identity,
                                                               transport::Transport* transport) {
  auto p = std::make_unique<RecordPipeline>();
  SLUICE_ASSIGN_OR_RETURN(p->converters_, RecordConverters::Create(worker, connector_config));
  SLUICE_ASSIGN_OR_RETURN(p->transforms_, transforms::TransformChain::Create(connector_config));
  p->errors_ =
      std::make_unique<ErrorReporter>(ErrorPolicy::FromConfig(connector_config), identity.connector,
                                      identity.task_id, identity.logger, transport, identity.clock);
  return p;
}

Result<std::optional<transforms::ConnectRecord>> RecordPipeline::Transform(
    transforms::ConnectRecord record, std::string& failed_class) {
  if (!errors_->retries_enabled()) return transforms_->Apply(std::move(record), &failed_class);
  return errors_->Retried([&] { return transforms_->Apply(record, &failed_class); });
}

Result<RecordOutcome> RecordPipeline::ToProducerRecord(const sluice_source_record& in,
                                                       int64_t now_ms,
                                                       transport::ProducerRecord& out) {
  transforms::ConnectRecord record;
  record.topic.assign(abi::View(in.topic));
  if (in.partition != SLUICE_NO_PARTITION) record.partition = in.partition;
  record.timestamp_ms = in.timestamp_ms == SLUICE_NO_TIMESTAMP ? now_ms : in.timestamp_ms;
  try {
    record.key = abi::FromAbiData(in.key);
    record.value = abi::FromAbiData(in.value);
    for (size_t i = 0; i < in.header_count; ++i) {
      record.headers.push_back(
          {std::string(abi::View(in.headers[i].key)), abi::FromAbiData(in.headers[i].value)});
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("the task emitted malformed data: ") + e.what());
  }

  auto fail = [&](ErrorStage stage, const std::string& cls,
                  const Status& st) -> Result<RecordOutcome> {
    SLUICE_RETURN_IF_ERROR(errors_->Report({stage, cls}, st, SourceFailure(in)));
    return RecordOutcome::kSkip;
  };
  if (!transforms_->empty()) {
    std::string failed_class;
    auto transformed = Transform(std::move(record), failed_class);
    if (!transformed.ok()) {
      return fail(ErrorStage::kTransformation, failed_class, transformed.status());
    }
    if (!transformed->has_value()) return RecordOutcome::kSkip;
    record = std::move(**transformed);
  }

  out.topic = std::move(record.topic);
  out.partition = record.partition.value_or(transport::kAnyPartition);
  out.timestamp_ms = record.timestamp_ms.value_or(now_ms);
  auto key =
      errors_->Retried([&] { return converters_->key().FromConnectData(out.topic, record.key); });
  if (!key.ok()) return fail(ErrorStage::kKeyConverter, converters_->key_class(), key.status());
  out.key = std::move(*key);
  auto value = errors_->Retried(
      [&] { return converters_->value().FromConnectData(out.topic, record.value); });
  if (!value.ok()) {
    return fail(ErrorStage::kValueConverter, converters_->value_class(), value.status());
  }
  out.value = std::move(*value);
  out.headers.clear();
  for (auto& h : record.headers) {
    auto bytes = errors_->Retried(
        [&] { return converters_->header().FromConnectHeader(out.topic, h.key, h.value); });
    if (!bytes.ok()) {
      return fail(ErrorStage::kHeaderConverter, converters_->header_class(), bytes.status());
    }
    out.headers.push_back({std::move(h.key), std::move(*bytes)});
  }
  return RecordOutcome::kDeliver;
}

Result<RecordOutcome> RecordPipeline::AddSinkRecord(const transport::ConsumedRecord& in,
                                                    SinkRecordBatch& batch) {
  auto fail = [&](ErrorStage stage, const std::string& cls,
                  const Status& st) -> Result<RecordOutcome> {
    SLUICE_RETURN_IF_ERROR(errors_->Report({stage, cls}, st, SinkFailure(in)));
    return RecordOutcome::kSkip;
  };
  transforms::ConnectRecord record;
  record.topic = in.topic;
  record.partition = in.partition;
  record.kafka_offset = in.offset;
  if (in.timestamp_ms != transport::kNoTimestamp) record.timestamp_ms = in.timestamp_ms;
  auto key = errors_->Retried([&] { return converters_->key().ToConnectData(in.topic, in.key); });
  if (!key.ok()) return fail(ErrorStage::kKeyConverter, converters_->key_class(), key.status());
  record.key = std::move(*key);
  auto value =
      errors_->Retried([&] { return converters_->value().ToConnectData(in.topic, in.value); });
  if (!value.ok()) {
    return fail(ErrorStage::kValueConverter, converters_->value_class(), value.status());
  }
  record.value = std::move(*value);
  for (const auto& h : in.headers) {
    auto sv = errors_->Retried(
        [&] { return converters_->header().ToConnectHeader(in.topic, h.key, h.value); });
    if (!sv.ok()) {
      return fail(ErrorStage::kHeaderConverter, converters_->header_class(), sv.status());
    }
    record.headers.push_back({h.key, std::move(*sv)});
  }
  if (!transforms_->empty()) {
    std::string failed_class;
    auto transformed = Transform(std::move(record), failed_class);
    if (!transformed.ok()) {
      return fail(ErrorStage::kTransformation, failed_class, transformed.status());
    }
    if (!transformed->has_value()) return RecordOutcome::kSkip;
    record = std::move(**transformed);
  }
  batch.Add(std::move(record), &in);
  return RecordOutcome::kDeliver;
}

}  // namespace sluice::worker
