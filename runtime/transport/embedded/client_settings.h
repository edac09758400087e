// The client settings the embedded producer and consumer read from their ClientConfig, under
// Kafka's Java client names (librdkafka-only keys are ignored, as are unknown ones).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.h"
#include "transport/transport.h"

namespace sluice::embedded {

struct ProducerSettings {
  // How long a batch waits for more records before it is appended (linger.ms; librdkafka's
  // default, which also bounds the delay a record sees).
  int64_t linger_ms = 5;
  // A batch is appended once it holds this many bytes (batch.size).
  size_t batch_size = 1 << 20;
  // Send answers kRetriable while this many bytes wait to be appended (buffer.memory).
  size_t buffer_memory = 32 << 20;
  // The largest record accepted (max.request.size; Kafka's default).
  size_t max_request_size = 1 << 20;
  // Set for exactly-once sources (transactional.id): batches are appended in the order their
  // records were sent, with the producer's commit state journaled beside them.
  std::string transactional_id;
};

Result<ProducerSettings> ParseProducerSettings(const transport::ClientConfig& config);

enum class OffsetReset { kEarliest, kLatest, kNone };

struct ConsumerSettings {
  OffsetReset offset_reset = OffsetReset::kEarliest;
  // How much one read of one partition takes from the log (max.partition.fetch.bytes).
  size_t max_partition_fetch_bytes = 1 << 20;
};

// `auto.offset.reset` in the client config, when present, overrides options.auto_offset_reset.
Result<ConsumerSettings> ParseConsumerSettings(const transport::ConsumerOptions& options);

const char* OffsetResetName(OffsetReset reset);

}  // namespace sluice::embedded
