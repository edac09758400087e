#include "grpc/connector_messages.h"

#include "grpc/struct_json.h"

namespace sluice::rpc {
namespace {

v1::State ToProto(worker::State state) {
  switch (state) {
    case worker::State::kUnassigned:
      return v1::STATE_UNASSIGNED;
    case worker::State::kRunning:
      return v1::STATE_RUNNING;
    case worker::State::kPaused:
      return v1::STATE_PAUSED;
    case worker::State::kStopped:
      return v1::STATE_STOPPED;
    case worker::State::kFailed:
      return v1::STATE_FAILED;
    case worker::State::kRestarting:
      return v1::STATE_RESTARTING;
  }
  return v1::STATE_UNSPECIFIED;
}

v1::ConnectorType ToProto(worker::ConnectorType type) {
  switch (type) {
    case worker::ConnectorType::kSource:
      return v1::CONNECTOR_TYPE_SOURCE;
    case worker::ConnectorType::kSink:
      return v1::CONNECTOR_TYPE_SINK;
    case worker::ConnectorType::kUnknown:
      return v1::CONNECTOR_TYPE_UNKNOWN;
  }
  return v1::CONNECTOR_TYPE_UNSPECIFIED;
}

// The Herder names plugin types as Kafka Connect's REST API does.
v1::PluginType PluginTypeFromName(const std::string& name) {
  if (name == "source") return v1::PLUGIN_TYPE_SOURCE;
  if (name == "sink") return v1::PLUGIN_TYPE_SINK;
  if (name == "converter") return v1::PLUGIN_TYPE_CONVERTER;
  if (name == "header_converter") return v1::PLUGIN_TYPE_HEADER_CONVERTER;
  if (name == "transformation") return v1::PLUGIN_TYPE_TRANSFORMATION;
  if (name == "predicate") return v1::PLUGIN_TYPE_PREDICATE;
  return v1::PLUGIN_TYPE_UNSPECIFIED;
}

v1::ConfigType ToProto(ConfigType type) {
  switch (type) {
    case ConfigType::kBoolean:
      return v1::CONFIG_TYPE_BOOLEAN;
    case ConfigType::kString:
      return v1::CONFIG_TYPE_STRING;
    case ConfigType::kInt:
      return v1::CONFIG_TYPE_INT;
    case ConfigType::kShort:
      return v1::CONFIG_TYPE_SHORT;
    case ConfigType::kLong:
      return v1::CONFIG_TYPE_LONG;
    case ConfigType::kDouble:
      return v1::CONFIG_TYPE_DOUBLE;
    case ConfigType::kList:
      return v1::CONFIG_TYPE_LIST;
    case ConfigType::kClass:
      return v1::CONFIG_TYPE_CLASS;
    case ConfigType::kPassword:
      return v1::CONFIG_TYPE_PASSWORD;
  }
  return v1::CONFIG_TYPE_UNSPECIFIED;
}

v1::Importance ToProto(Importance importance) {
  switch (importance) {
    case Importance::kHigh:
      return v1::IMPORTANCE_HIGH;
    case Importance::kMedium:
      return v1::IMPORTANCE_MEDIUM;
    case Importance::kLow:
      return v1::IMPORTANCE_LOW;
  }
  return v1::IMPORTANCE_UNSPECIFIED;
}

v1::Width ToProto(Width width) {
  switch (width) {
    case Width::kNone:
      return v1::WIDTH_NONE;
    case Width::kShort:
      return v1::WIDTH_SHORT;
    case Width::kMedium:
      return v1::WIDTH_MEDIUM;
    case Width::kLong:
      return v1::WIDTH_LONG;
  }
  return v1::WIDTH_UNSPECIFIED;
}

}  // namespace

void ToProto(const worker::ConnectorInfo& info, v1::ConnectorInfo* out) {
  out->set_name(info.name);
  out->mutable_config()->insert(info.config.begin(), info.config.end());
  for (int id : info.tasks) {
    v1::TaskId* task = out->add_tasks();
    task->set_connector(info.name);
    task->set_task(id);
  }
  out->set_type(ToProto(info.type));
}

void ToProto(const worker::ConnectorStatus& status, v1::ConnectorStatus* out) {
  out->set_name(status.name);
  v1::StateInfo* connector = out->mutable_connector();
  connector->set_state(ToProto(status.connector.state));
  connector->set_worker_id(status.connector.worker_id);
  connector->set_trace(status.connector.trace);
  for (const auto& task : status.tasks) ToProto(task, out->add_tasks());
  out->set_type(ToProto(status.type));
}

void ToProto(const worker::TaskStateInfo& task, v1::TaskStatus* out) {
  out->set_id(task.id);
  out->set_state(ToProto(task.status.state));
  out->set_worker_id(task.status.worker_id);
  out->set_trace(task.status.trace);
}

void ToProto(const std::string& connector, const worker::TaskInfo& task, v1::TaskInfo* out) {
  out->mutable_id()->set_connector(connector);
  out->mutable_id()->set_task(task.id);
  out->mutable_config()->insert(task.config.begin(), task.config.end());
}

void ToProto(const worker::PluginDescription& plugin, v1::PluginInfo* out) {
  out->set_class_name(plugin.class_name);
  out->set_type(PluginTypeFromName(plugin.type));
  out->set_version(plugin.version);
}

void ToProto(const ConfigKey& key, v1::ConfigKeyInfo* out) {
  out->set_name(key.name);
  out->set_type(ToProto(key.type));
  out->set_required(!key.has_default);
  if (key.has_default && key.default_value) out->set_default_value(*key.default_value);
  out->set_importance(ToProto(key.importance));
  out->set_documentation(key.documentation);
  if (key.group) out->set_group(*key.group);
  out->set_order(key.order);
  out->set_width(ToProto(key.width));
  out->set_display_name(key.display_name.empty() ? key.name : key.display_name);
}

void ToProto(const worker::ConfigInfos& infos, v1::ConfigInfos* out) {
  out->set_name(infos.name);
  out->set_error_count(infos.error_count);
  for (const auto& group : infos.groups) out->add_groups(group);
  for (const auto& entry : infos.configs) {
    v1::ConfigInfo* config = out->add_configs();
    if (entry.definition) ToProto(*entry.definition, config->mutable_definition());
    v1::ConfigValueInfo* value = config->mutable_value();
    value->set_name(entry.value.name);
    if (entry.value.value) value->set_value(*entry.value.value);
    for (const auto& recommended : entry.value.recommended_values) {
      value->add_recommended_values(recommended);
    }
    for (const auto& error : entry.value.errors) value->add_errors(error);
    value->set_visible(entry.value.visible);
  }
}

Status ToProto(const worker::OffsetEntry& entry, v1::OffsetEntry* out) {
  Status status = JsonObjectToStruct(entry.partition, "a partition", out->mutable_partition());
  if (status.ok() && !entry.offset.is_null()) {
    status = JsonObjectToStruct(entry.offset, "the offset of partition " + entry.partition.dump(),
                                out->mutable_offset());
  }
  // The Herder produced it: a shape the API cannot carry is a worker bug, not a client mistake.
  if (!status.ok()) return Status::Internal(status.message());
  return Status::OK();
}

Result<std::optional<worker::TargetState>> FromProto(v1::InitialState state) {
  switch (state) {
    case v1::INITIAL_STATE_UNSPECIFIED:
      return std::optional<worker::TargetState>();
    case v1::INITIAL_STATE_RUNNING:
      return std::optional(worker::TargetState::kStarted);
    case v1::INITIAL_STATE_PAUSED:
      return std::optional(worker::TargetState::kPaused);
    case v1::INITIAL_STATE_STOPPED:
      return std::optional(worker::TargetState::kStopped);
    default:
      break;
  }
  return Status::InvalidArgument("unknown initial state " + std::to_string(state) +
                                 "; expected RUNNING, PAUSED or STOPPED");
}

Result<worker::OffsetEntry> FromProto(const v1::OffsetEntry& entry) {
  if (!entry.has_partition()) {
    return Status::InvalidArgument("every offset entry needs a partition");
  }
  worker::OffsetEntry out;
  out.partition = StructToJson(entry.partition());
  out.offset = entry.has_offset() ? StructToJson(entry.offset()) : nlohmann::json();
  return out;
}

}  // namespace sluice::rpc
