#include "transport/embedded/client_settings.h"

#include "transport/embedded/config_reader.h"

namespace sluice::embedded {
namespace {

constexpr int64_t kMaxBufferBytes = 64LL << 20;  // keeps every batch far below kMaxBatchLength

}  // namespace

Result<ProducerSettings> ParseProducerSettings(const transport::ClientConfig& config) {
  ProducerSettings s;
  ConfigReader r(config);
  if (auto v = r.Int("linger.ms", 0, 60 * 60 * 1000)) s.linger_ms = *v;
  if (auto v = r.Int("batch.size", 1, kMaxBufferBytes)) s.batch_size = static_cast<size_t>(*v);
  if (auto v = r.Int("buffer.memory", 1, 1LL << 40)) s.buffer_memory = static_cast<size_t>(*v);
  if (auto v = r.Int("max.request.size", 1, kMaxBufferBytes)) {
    s.max_request_size = static_cast<size_t>(*v);
  }
  if (const std::string* id = r.Text("transactional.id")) s.transactional_id = TrimBlanks(*id);
  SLUICE_RETURN_IF_ERROR(r.Finish("producer configuration"));
  return s;
}

Result<ConsumerSettings> ParseConsumerSettings(const transport::ConsumerOptions& options) {
  ConsumerSettings s;
  transport::ClientConfig config = options.client_config;
  config.try_emplace("auto.offset.reset", options.auto_offset_reset);
  ConfigReader r(config);
  if (auto v = r.OneOf("auto.offset.reset", {"earliest", "latest", "none"})) {
    s.offset_reset = *v == "earliest" ? OffsetReset::kEarliest
                     : *v == "latest" ? OffsetReset::kLatest
                                      : OffsetReset::kNone;
  }
  if (auto v = r.Int("max.partition.fetch.bytes", 1, kMaxBufferBytes)) {
    s.max_partition_fetch_bytes = static_cast<size_t>(*v);
  }
  SLUICE_RETURN_IF_ERROR(r.Finish("consumer configuration"));
  return s;
}

const char* OffsetResetName(OffsetReset reset) {
  switch (reset) {
    case OffsetReset::kEarliest:
      return "earliest";
    case OffsetReset::kLatest:
      return "latest";
    case OffsetReset::kNone:
      return "none";
  }
  return "earliest";
}

}  // namespace sluice::embedded
