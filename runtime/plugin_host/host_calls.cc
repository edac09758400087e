#include "plugin_host/host_calls.h"

#include "common/log.h"

namespace sluice::plugin_host {
namespace {

std::string_view View(sluice_buffer b) {
  return b.len == 0 ? std::string_view()
                    : std::string_view(reinterpret_cast<const char*>(b.ptr), b.len);
}

sluice_status Refuse(const char* what) {
  SLUICE_LOG_ERROR("plugin", "plugin emitted " << what << " from a hook that does not produce it");
  return SLUICE_FATAL;
}

void SetError(sluice_call* call, const char* message, size_t len) {
  if (call) call->error.assign(message, len);
}

void Log(sluice_call* call, sluice_log_level level, const char* message, size_t len) {
  static constexpr log::Level kLevels[] = {log::Level::kTrace, log::Level::kDebug,
                                           log::Level::kInfo, log::Level::kWarn,
                                           log::Level::kError};
  log::Level l =
      level >= SLUICE_LOG_TRACE && level <= SLUICE_LOG_ERROR ? kLevels[level] : log::Level::kInfo;
  const std::string& logger = call && !call->logger.empty() ? call->logger : std::string("plugin");
  if (log::Enabled(logger, l)) log::Write(logger, l, std::string(message, len));
}

sluice_status EmitTaskConfig(sluice_call* call, sluice_buffer config_json) {
  if (!call || !call->sink) return Refuse("a task config");
  return call->sink->OnTaskConfig(View(config_json));
}

sluice_status EmitSourceRecord(sluice_call* call, const sluice_source_record* record) {
  if (!call || !call->sink || !record) return Refuse("a source record");
  return call->sink->OnSourceRecord(*record);
}

sluice_status EmitCommitOffset(sluice_call* call, const sluice_topic_partition_offset* tpo) {
  if (!call || !call->sink || !tpo) return Refuse("a commit offset");
  return call->sink->OnCommitOffset(*tpo);
}

sluice_status EmitBytes(sluice_call* call, const sluice_buffer* bytes) {
  if (!call || !call->sink) return Refuse("bytes");
  return call->sink->OnBytes(bytes);
}

sluice_status EmitData(sluice_call* call, const sluice_data* data) {
  if (!call || !call->sink || !data) return Refuse("data");
  return call->sink->OnData(*data);
}

sluice_status EmitConnectRecord(sluice_call* call, const sluice_connect_record* record) {
  if (!call || !call->sink || !record) return Refuse("a record");
  return call->sink->OnConnectRecord(*record);
}

void RequestTaskReconfiguration(sluice_connector_context* ctx) {
  if (ctx && ctx->request_reconfiguration) ctx->request_reconfiguration();
}

int SourceOffsetRead(sluice_source_context* ctx, sluice_buffer partition_json,
                     void (*write)(void*, const char*, size_t), void* out) {
  if (!ctx || !ctx->offsets) return 0;
  auto offset = ctx->offsets->ReadOffset(View(partition_json));
  if (!offset) return 0;
  write(out, offset->data(), offset->size());
  return 1;
}

void SourceOffsetForget(sluice_source_context* ctx, sluice_buffer partition_json) {
  if (ctx && ctx->offsets) ctx->offsets->ForgetOffset(View(partition_json));
}

void SinkSeek(sluice_sink_context* ctx, sluice_buffer topic, int32_t partition, int64_t offset) {
  if (ctx && ctx->handler) ctx->handler->Seek(std::string(View(topic)), partition, offset);
}
void SinkPause(sluice_sink_context* ctx, sluice_buffer topic, int32_t partition) {
  if (ctx && ctx->handler) ctx->handler->Pause(std::string(View(topic)), partition);
}
void SinkResume(sluice_sink_context* ctx, sluice_buffer topic, int32_t partition) {
  if (ctx && ctx->handler) ctx->handler->Resume(std::string(View(topic)), partition);
}
void SinkRequestCommit(sluice_sink_context* ctx) {
  if (ctx && ctx->handler) ctx->handler->RequestCommit();
}
void SinkAssignment(sluice_sink_context* ctx, void (*write)(void*, const char*, size_t),
                    void* out) {
  std::string json = ctx && ctx->handler ? ctx->handler->AssignmentJson() : "[]";
  write(out, json.data(), json.size());
}
sluice_status SinkReportErrant(sluice_sink_context* ctx, const sluice_sink_record* record,
                               const char* error, size_t error_len) {
  if (!ctx || !ctx->handler || !record) return SLUICE_FATAL;
  return ctx->handler->ReportErrant(*record, std::string_view(error, error_len));
}
void SinkSetRetryTimeout(sluice_sink_context* ctx, int64_t timeout_ms) {
  if (ctx && ctx->handler) ctx->handler->SetRetryTimeout(timeout_ms);
}

}  // namespace

sluice_status CallSink::OnTaskConfig(std::string_view) {
  return Refuse("a task config");
}
sluice_status CallSink::OnSourceRecord(const sluice_source_record&) {
  return Refuse("a source record");
}
sluice_status CallSink::OnCommitOffset(const sluice_topic_partition_offset&) {
  return Refuse("a commit offset");
}
sluice_status CallSink::OnBytes(const sluice_buffer*) {
  return Refuse("bytes");
}
sluice_status CallSink::OnData(const sluice_data&) {
  return Refuse("data");
}
sluice_status CallSink::OnConnectRecord(const sluice_connect_record&) {
  return Refuse("a record");
}

const sluice_host_api* HostApi() {
  static const sluice_host_api api = [] {
    sluice_host_api a{};
    a.abi_major = SLUICE_ABI_MAJOR;
    a.abi_minor = SLUICE_ABI_MINOR;
    a.struct_size = sizeof(sluice_host_api);
    a.set_error = &SetError;
    a.log = &Log;
    a.emit_task_config = &EmitTaskConfig;
    a.emit_source_record = &EmitSourceRecord;
    a.emit_commit_offset = &EmitCommitOffset;
    a.request_task_reconfiguration = &RequestTaskReconfiguration;
    a.source_offset_read = &SourceOffsetRead;
    a.sink_seek = &SinkSeek;
    a.sink_pause = &SinkPause;
    a.sink_resume = &SinkResume;
    a.sink_request_commit = &SinkRequestCommit;
    a.sink_assignment = &SinkAssignment;
    a.sink_report_errant = &SinkReportErrant;
    a.emit_bytes = &EmitBytes;
    a.emit_data = &EmitData;
    a.emit_connect_record = &EmitConnectRecord;
    a.sink_set_retry_timeout = &SinkSetRetryTimeout;
    a.source_offset_forget = &SourceOffsetForget;
    return a;
  }();
  return &api;
}

}  // namespace sluice::plugin_host
