#include "plugin_host/plugin_instances.h"

#include <nlohmann/json.hpp>

#include "sluice/abi_data.h"

namespace sluice::plugin_host {
namespace {

std::string ConfigJson(const StringMap& config) {
  return nlohmann::json(config).dump();
}

// Collects the task configs a connector emits.
class TaskConfigCollector : public CallSink {
 public:
  sluice_status OnTaskConfig(std::string_view config_json) override {
    auto j = nlohmann::json::parse(config_json, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      error = "task config is not a JSON object";
      return SLUICE_FATAL;
    }
    StringMap props;
    for (auto it = j.begin(); it != j.end(); ++it) {
      props[it.key()] = it->is_string() ? it->get<std::string>() : it->dump();
    }
    configs.push_back(std::move(props));
    return SLUICE_OK;
  }
  std::vector<StringMap> configs;
  std::string error;
};

class CommitCollector : public CallSink {
 public:
  sluice_status OnCommitOffset(const sluice_topic_partition_offset& tpo) override {
    offsets[{std::string(abi::View(tpo.topic)), tpo.partition}] = tpo.offset;
    return SLUICE_OK;
  }
  transport::OffsetMap offsets;
};

std::vector<sluice_topic_partition_offset> ToAbi(const transport::OffsetMap& offsets) {
  std::vector<sluice_topic_partition_offset> out;
  out.reserve(offsets.size());
  for (const auto& [tp, offset] : offsets)
    out.push_back({abi::Buffer(tp.topic), tp.partition, offset});
  return out;
}

}  // namespace

Status FromPluginStatus(sluice_status status, const std::string& error, const char* hook) {
  if (status == SLUICE_OK) return Status::OK();
  std::string message = error.empty() ? std::string(hook) + " failed without a message" : error;
  switch (status) {
    case SLUICE_RETRIABLE:
      return Status::Retriable(message);
    case SLUICE_INVALID_CONFIG:
      return Status::InvalidArgument(message);
    default:
      return Status::Internal(message);
  }
}

// --- ConnectorInstance ------------------------------------------------------------------------

Result<std::unique_ptr<ConnectorInstance>> ConnectorInstance::Create(
    std::shared_ptr<const ConnectorClass> cls, const StringMap& config,
    std::function<void()> on_reconfiguration_request, std::string logger) {
  std::unique_ptr<ConnectorInstance> inst(new ConnectorInstance());
  inst->cls_ = std::move(cls);
  inst->logger_ = std::move(logger);
  inst->context_.request_reconfiguration = std::move(on_reconfiguration_request);
  inst->context_.logger = inst->logger_;
  sluice_call call;
  call.logger = inst->logger_;
  std::string json = ConfigJson(config);
  sluice_status st = inst->cls_->table.connector_create(&call, &inst->context_, abi::Buffer(json),
                                                        &inst->instance_);
  SLUICE_RETURN_IF_ERROR(FromPluginStatus(st, call.error, "connector start"));
  if (inst->instance_ == nullptr) return Status::Internal("connector start returned no instance");
  return inst;
}

ConnectorInstance::~ConnectorInstance() {
  if (instance_) cls_->table.connector_destroy(instance_);
}

Result<std::vector<StringMap>> ConnectorInstance::TaskConfigs(int max_tasks) {
  TaskConfigCollector collector;
  sluice_call call;
  call.logger = logger_;
  call.sink = &collector;
  sluice_status st = cls_->table.connector_task_configs(instance_, &call, max_tasks);
  if (!collector.error.empty()) return Status::Internal(collector.error);
  SLUICE_RETURN_IF_ERROR(FromPluginStatus(st, call.error, "taskConfigs"));
  return std::move(collector.configs);
}

// --- SourceTaskInstance -----------------------------------------------------------------------

Result<std::unique_ptr<SourceTaskInstance>> SourceTaskInstance::Create(
    std::shared_ptr<const ConnectorClass> cls, const StringMap& config, OffsetReader* offsets,
    std::string logger) {
  std::unique_ptr<SourceTaskInstance> inst(new SourceTaskInstance());
  inst->cls_ = std::move(cls);
  inst->logger_ = std::move(logger);
  inst->context_.offsets = offsets;
  sluice_call call;
  call.logger = inst->logger_;
  std::string json = ConfigJson(config);
  sluice_status st = inst->cls_->table.source_task_create(&call, &inst->context_, abi::Buffer(json),
                                                          &inst->instance_);
  SLUICE_RETURN_IF_ERROR(FromPluginStatus(st, call.error, "task start"));
  if (inst->instance_ == nullptr) return Status::Internal("task start returned no instance");
  return inst;
}

SourceTaskInstance::~SourceTaskInstance() {
  if (instance_) cls_->table.task_destroy(instance_);
}

Status SourceTaskInstance::Poll(int32_t timeout_ms, CallSink& sink) {
  sluice_call call;
  call.logger = logger_;
  call.sink = &sink;
  return FromPluginStatus(cls_->table.source_task_poll(instance_, &call, timeout_ms), call.error,
                          "poll");
}

Status SourceTaskInstance::Commit() {
  if (!cls_->table.source_task_commit) return Status::OK();
  sluice_call call;
  call.logger = logger_;
  return FromPluginStatus(cls_->table.source_task_commit(instance_, &call), call.error, "commit");
}

void SourceTaskInstance::Wakeup() {
  if (cls_->table.task_wakeup) cls_->table.task_wakeup(instance_);
}

// --- SinkTaskInstance -------------------------------------------------------------------------

Result<std::unique_ptr<SinkTaskInstance>> SinkTaskInstance::Create(
    std::shared_ptr<const ConnectorClass> cls, const StringMap& config, SinkContextHandler* handler,
    std::string logger) {
  std::unique_ptr<SinkTaskInstance> inst(new SinkTaskInstance());
  inst->cls_ = std::move(cls);
  inst->logger_ = std::move(logger);
  inst->context_.handler = handler;
  sluice_call call;
  call.logger = inst->logger_;
  std::string json = ConfigJson(config);
  sluice_status st = inst->cls_->table.sink_task_create(&call, &inst->context_, abi::Buffer(json),
                                                        &inst->instance_);
  SLUICE_RETURN_IF_ERROR(FromPluginStatus(st, call.error, "task start"));
  if (inst->instance_ == nullptr) return Status::Internal("task start returned no instance");
  return inst;
}

SinkTaskInstance::~SinkTaskInstance() {
  if (instance_) cls_->table.task_destroy(instance_);
}

Status SinkTaskInstance::Put(const sluice_sink_record* records, size_t count) {
  sluice_call call;
  call.logger = logger_;
  return FromPluginStatus(cls_->table.sink_task_put(instance_, &call, records, count), call.error,
                          "put");
}

Result<transport::OffsetMap> SinkTaskInstance::PreCommit(const transport::OffsetMap& current) {
  if (!cls_->table.sink_task_pre_commit) return current;
  CommitCollector collector;
  sluice_call call;
  call.logger = logger_;
  call.sink = &collector;
  auto abi_offsets = ToAbi(current);
  sluice_status st =
      cls_->table.sink_task_pre_commit(instance_, &call, abi_offsets.data(), abi_offsets.size());
  SLUICE_RETURN_IF_ERROR(FromPluginStatus(st, call.error, "preCommit"));
  return std::move(collector.offsets);
}

Status SinkTaskInstance::PartitionsHook(decltype(sluice_connector_class::sink_task_open) hook,
                                        const char* name,
                                        const std::vector<transport::TopicPartition>& partitions) {
  if (!hook) return Status::OK();
  std::vector<sluice_topic_partition_offset> abi_parts;
  for (const auto& tp : partitions) abi_parts.push_back({abi::Buffer(tp.topic), tp.partition, -1});
  sluice_call call;
  call.logger = logger_;
  return FromPluginStatus(hook(instance_, &call, abi_parts.data(), abi_parts.size()), call.error,
                          name);
}

Status SinkTaskInstance::Open(const std::vector<transport::TopicPartition>& partitions) {
  return PartitionsHook(cls_->table.sink_task_open, "open", partitions);
}

Status SinkTaskInstance::Close(const std::vector<transport::TopicPartition>& partitions) {
  return PartitionsHook(cls_->table.sink_task_close, "close", partitions);
}

void SinkTaskInstance::Wakeup() {
  if (cls_->table.task_wakeup) cls_->table.task_wakeup(instance_);
}

}  // namespace sluice::plugin_host
