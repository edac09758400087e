// The host side of the ABI's opaque handles: what a `sluice_call` and the three context handles
// are inside the worker, and the interfaces that receive what plugins emit through them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sluice/plugin_abi.h"

namespace sluice::plugin_host {

// Receives what a plugin emits during one hook call. The defaults refuse: a plugin that emits
// something its hook does not produce gets SLUICE_FATAL and an error naming the mistake.
class CallSink {
 public:
  virtual ~CallSink() = default;
  virtual sluice_status OnTaskConfig(std::string_view config_json);
  virtual sluice_status OnSourceRecord(const sluice_source_record& record);
  virtual sluice_status OnCommitOffset(const sluice_topic_partition_offset& offset);
  // Component hooks (ABI 1.1). `bytes` null: Kafka's null.
  virtual sluice_status OnBytes(const sluice_buffer* bytes);
  virtual sluice_status OnData(const sluice_data& data);
  virtual sluice_status OnConnectRecord(const sluice_connect_record& record);
};

// Source tasks read their committed offsets through this, and delete those they are done with.
class OffsetReader {
 public:
  virtual ~OffsetReader() = default;
  // The offset JSON of a source partition (given as JSON text), or nullopt when none.
  virtual std::optional<std::string> ReadOffset(std::string_view partition_json) = 0;
  // A tombstone for the partition, committed after everything the task emitted before.
  virtual void ForgetOffset(std::string_view partition_json) = 0;
};

// What a sink task may ask of the framework (Kafka's SinkTaskContext).
class SinkContextHandler {
 public:
  virtual ~SinkContextHandler() = default;
  virtual void Seek(const std::string& topic, int32_t partition, int64_t offset) = 0;
  virtual void Pause(const std::string& topic, int32_t partition) = 0;
  virtual void Resume(const std::string& topic, int32_t partition) = 0;
  virtual void RequestCommit() = 0;
  virtual std::string AssignmentJson() = 0;
  virtual sluice_status ReportErrant(const sluice_sink_record& record, std::string_view error) = 0;
  // The wait before a batch whose put was retriable is delivered again; 0: the host's backoff.
  virtual void SetRetryTimeout(int64_t timeout_ms) = 0;
};

// The host API table handed to every plugin.
const sluice_host_api* HostApi();

}  // namespace sluice::plugin_host

// The opaque ABI types, defined on the host side only.
struct sluice_call {
  std::string error;
  std::string logger;
  sluice::plugin_host::CallSink* sink = nullptr;
};

struct sluice_connector_context {
  std::function<void()> request_reconfiguration;
  std::string logger;
};

struct sluice_source_context {
  sluice::plugin_host::OffsetReader* offsets = nullptr;
};

struct sluice_sink_context {
  sluice::plugin_host::SinkContextHandler* handler = nullptr;
};
