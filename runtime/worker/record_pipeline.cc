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
  // Every object here is reused from record to record (the ConnectRecord, `out`), so that a
  // record costs copies of its bytes, not allocations.
  transforms::ConnectRecord& record = source_record_;
  record.topic.assign(abi::View(in.topic));
  record.partition =
      in.partition == SLUICE_NO_PARTITION ? std::nullopt : std::optional<int32_t>(in.partition);
  record.timestamp_ms = in.timestamp_ms == SLUICE_NO_TIMESTAMP ? now_ms : in.timestamp_ms;
  record.kafka_offset.reset();
  try {
    abi::AssignFromAbiData(in.key, record.key);
    abi::AssignFromAbiData(in.value, record.value);
    record.headers.resize(in.header_count);
    for (size_t i = 0; i < in.header_count; ++i) {
      record.headers[i].key.assign(abi::View(in.headers[i].key));
      abi::AssignFromAbiData(in.headers[i].value, record.headers[i].value);
    }
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("the task emitted malformed data: ") + e.what());
  }

  auto fail = [&](ErrorStage stage, const std::string& cls,
                  const Status& st) -> Result<RecordOutcome> {
    SLUICE_RETURN_IF_ERROR(errors_->Report({stage, cls}, st, SourceFailure(in)));
    return RecordOutcome::kSkip;
  };
  std::optional<transforms::ConnectRecord> transformed;
  if (!transforms_->empty()) {
    std::string failed_class;
    auto result = Transform(std::move(record), failed_class);
    if (!result.ok()) return fail(ErrorStage::kTransformation, failed_class, result.status());
    if (!result->has_value()) return RecordOutcome::kSkip;
    transformed = std::move(*result);
  }
  const transforms::ConnectRecord& r = transformed ? *transformed : record;

  out.topic.assign(r.topic);
  out.partition = r.partition.value_or(transport::kAnyPartition);
  out.timestamp_ms = r.timestamp_ms.value_or(now_ms);
  out.commit_entry.reset();
  Status st = errors_->Retried(
      [&] { return converters_->key().FromConnectDataInto(out.topic, r.key, out.key); });
  if (!st.ok()) return fail(ErrorStage::kKeyConverter, converters_->key_class(), st);
  st = errors_->Retried(
      [&] { return converters_->value().FromConnectDataInto(out.topic, r.value, out.value); });
  if (!st.ok()) return fail(ErrorStage::kValueConverter, converters_->value_class(), st);
  out.headers.resize(r.headers.size());
  for (size_t i = 0; i < r.headers.size(); ++i) {
    const auto& h = r.headers[i];
    auto bytes = errors_->Retried(
        [&] { return converters_->header().FromConnectHeader(out.topic, h.key, h.value); });
    if (!bytes.ok()) {
      return fail(ErrorStage::kHeaderConverter, converters_->header_class(), bytes.status());
    }
    out.headers[i].key.assign(h.key);
    out.headers[i].value = std::move(*bytes);
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
  // Built in the batch's next slot, reusing its storage; appended only when it gets through.
  transforms::ConnectRecord& record = batch.NextSlot();
  record.topic.assign(in.topic);
  record.partition = in.partition;
  record.kafka_offset = in.offset;
  record.timestamp_ms = in.timestamp_ms == transport::kNoTimestamp
                            ? std::nullopt
                            : std::optional<int64_t>(in.timestamp_ms);
  Status st = errors_->Retried(
      [&] { return converters_->key().ToConnectDataInto(in.topic, in.key, record.key); });
  if (!st.ok()) return fail(ErrorStage::kKeyConverter, converters_->key_class(), st);
  st = errors_->Retried(
      [&] { return converters_->value().ToConnectDataInto(in.topic, in.value, record.value); });
  if (!st.ok()) return fail(ErrorStage::kValueConverter, converters_->value_class(), st);
  record.headers.resize(in.headers.size());
  for (size_t i = 0; i < in.headers.size(); ++i) {
    const auto& h = in.headers[i];
    auto sv = errors_->Retried(
        [&] { return converters_->header().ToConnectHeader(in.topic, h.key, h.value); });
    if (!sv.ok()) {
      return fail(ErrorStage::kHeaderConverter, converters_->header_class(), sv.status());
    }
    record.headers[i].key.assign(h.key);
    record.headers[i].value = std::move(*sv);
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
  batch.Append(&in);
  return RecordOutcome::kDeliver;
}

}  // namespace sluice::worker
