#include "grpc/connector_service.h"

#include <algorithm>

#include "grpc/connector_messages.h"
#include "grpc/connector_requests.h"
#include "grpc/status_mapping.h"

namespace sluice::rpc {
namespace {

Status CheckTaskId(int32_t task) {
  if (task < 0)
    return Status::InvalidArgument("Task id must not be negative: " + std::to_string(task));
  return Status::OK();
}

bool IsNotFound(const Status& status) {
  return status.code() == StatusCode::kNotFound;
}

}  // namespace

::grpc::Status ConnectorService::GetWorkerInfo(Context*, const v1::GetWorkerInfoRequest*,
                                               v1::WorkerInfo* response) {
  return Answer("GetWorkerInfo", [&] {
    const worker::WorkerInfo info = herder_.Info();
    response->set_version(info.version);
    response->set_commit(info.commit);
    response->set_kafka_cluster_id(info.kafka_cluster_id);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::GetHealth(Context*, const v1::GetHealthRequest*,
                                           v1::Health* response) {
  return Answer("GetHealth", [&] {
    const worker::HealthInfo health = herder_.Health();
    response->set_status(health.status);
    response->set_message(health.message);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::ListConnectors(Context*, const v1::ListConnectorsRequest* request,
                                                v1::ListConnectorsResponse* response) {
  return Answer("ListConnectors", [&]() -> Status {
    std::vector<std::string> names = herder_.ListConnectors();
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      v1::ListConnectorsResponse::Connector connector;
      connector.set_name(name);
      if (request->expand_status()) {
        auto status = herder_.GetConnectorStatus(name);
        // Deleted while the list was being expanded: left out, as Kafka Connect does.
        if (IsNotFound(status.status())) continue;
        SLUICE_RETURN_IF_ERROR(status.status());
        ToProto(*status, connector.mutable_status());
      }
      if (request->expand_info()) {
        auto info = herder_.GetConnector(name);
        if (IsNotFound(info.status())) continue;
        SLUICE_RETURN_IF_ERROR(info.status());
        ToProto(*info, connector.mutable_info());
      }
      *response->add_connectors() = std::move(connector);
    }
    return Status::OK();
  });
}

::grpc::Status ConnectorService::CreateConnector(Context*,
                                                 const v1::CreateConnectorRequest* request,
                                                 v1::ConnectorInfo* response) {
  return Answer("CreateConnector", [&]() -> Status {
    const std::string name = TrimmedName(request->name());
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(name));
    SLUICE_ASSIGN_OR_RETURN(std::optional<worker::TargetState> initial_state,
                            FromProto(request->initial_state()));
    worker::StringMap config(request->config().begin(), request->config().end());
    SLUICE_RETURN_IF_ERROR(CheckAndPutConnectorName(name, config));
    SLUICE_ASSIGN_OR_RETURN(worker::PutResult result,
                            herder_.PutConnectorConfig(name, std::move(config),
                                                       /*allow_replace=*/false, initial_state));
    ToProto(result.info, response);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::GetConnector(Context*, const v1::GetConnectorRequest* request,
                                              v1::ConnectorInfo* response) {
  return Answer("GetConnector", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    SLUICE_ASSIGN_OR_RETURN(worker::ConnectorInfo info, herder_.GetConnector(request->name()));
    ToProto(info, response);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::GetConnectorConfig(Context*,
                                                    const v1::GetConnectorConfigRequest* request,
                                                    v1::ConnectorConfig* response) {
  return Answer("GetConnectorConfig", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    SLUICE_ASSIGN_OR_RETURN(worker::StringMap config, herder_.GetConnectorConfig(request->name()));
    response->mutable_config()->insert(config.begin(), config.end());
    return Status::OK();
  });
}

::grpc::Status ConnectorService::PutConnectorConfig(Context*,
                                                    const v1::PutConnectorConfigRequest* request,
                                                    v1::PutConnectorConfigResponse* response) {
  return Answer("PutConnectorConfig", [&]() -> Status {
    const std::string& name = request->name();
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(name));
    worker::StringMap config(request->config().begin(), request->config().end());
    SLUICE_RETURN_IF_ERROR(CheckAndPutConnectorName(name, config));
    SLUICE_ASSIGN_OR_RETURN(worker::PutResult result,
                            herder_.PutConnectorConfig(name, std::move(config),
                                                       /*allow_replace=*/true, std::nullopt));
    ToProto(result.info, response->mutable_info());
    response->set_created(result.created);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::PatchConnectorConfig(
    Context*, const v1::PatchConnectorConfigRequest* request, v1::ConnectorInfo* response) {
  return Answer("PatchConnectorConfig", [&]() -> Status {
    const std::string& name = request->name();
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(name));
    SLUICE_ASSIGN_OR_RETURN(ConfigPatchMap patch, PatchFromProto(name, request->patches()));
    SLUICE_ASSIGN_OR_RETURN(worker::ConnectorInfo info, herder_.PatchConnectorConfig(name, patch));
    ToProto(info, response);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::DeleteConnector(Context*,
                                                 const v1::DeleteConnectorRequest* request,
                                                 v1::DeleteConnectorResponse*) {
  return Answer("DeleteConnector", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    return herder_.DeleteConnector(request->name());
  });
}

::grpc::Status ConnectorService::GetConnectorStatus(Context*,
                                                    const v1::GetConnectorStatusRequest* request,
                                                    v1::ConnectorStatus* response) {
  return Answer("GetConnectorStatus", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    SLUICE_ASSIGN_OR_RETURN(worker::ConnectorStatus status,
                            herder_.GetConnectorStatus(request->name()));
    ToProto(status, response);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::GetTaskStatus(Context*, const v1::GetTaskStatusRequest* request,
                                               v1::TaskStatus* response) {
  return Answer("GetTaskStatus", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    SLUICE_RETURN_IF_ERROR(CheckTaskId(request->task()));
    SLUICE_ASSIGN_OR_RETURN(worker::TaskStateInfo task,
                            herder_.GetTaskStatus(request->name(), request->task()));
    ToProto(task, response);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::ListTasks(Context*, const v1::ListTasksRequest* request,
                                           v1::ListTasksResponse* response) {
  return Answer("ListTasks", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    SLUICE_ASSIGN_OR_RETURN(std::vector<worker::TaskInfo> tasks,
                            herder_.GetTaskConfigs(request->name()));
    for (const auto& task : tasks) ToProto(request->name(), task, response->add_tasks());
    return Status::OK();
  });
}

::grpc::Status ConnectorService::PauseConnector(Context*, const v1::PauseConnectorRequest* request,
                                                v1::PauseConnectorResponse*) {
  return Answer("PauseConnector", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    return herder_.PauseConnector(request->name());
  });
}

::grpc::Status ConnectorService::ResumeConnector(Context*,
                                                 const v1::ResumeConnectorRequest* request,
                                                 v1::ResumeConnectorResponse*) {
  return Answer("ResumeConnector", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    return herder_.ResumeConnector(request->name());
  });
}

::grpc::Status ConnectorService::StopConnector(Context*, const v1::StopConnectorRequest* request,
                                               v1::StopConnectorResponse*) {
  return Answer("StopConnector", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    return herder_.StopConnector(request->name());
  });
}

::grpc::Status ConnectorService::RestartConnector(Context*,
                                                  const v1::RestartConnectorRequest* request,
                                                  v1::RestartConnectorResponse* response) {
  return Answer("RestartConnector", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    SLUICE_ASSIGN_OR_RETURN(std::optional<worker::ConnectorStatus> restarting,
                            herder_.RestartConnector(request->name(), request->include_tasks(),
                                                     request->only_failed()));
    if (restarting) ToProto(*restarting, response->mutable_status());
    return Status::OK();
  });
}

::grpc::Status ConnectorService::RestartTask(Context*, const v1::RestartTaskRequest* request,
                                             v1::RestartTaskResponse*) {
  return Answer("RestartTask", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    SLUICE_RETURN_IF_ERROR(CheckTaskId(request->task()));
    return herder_.RestartTask(request->name(), request->task());
  });
}

::grpc::Status ConnectorService::GetOffsets(Context*, const v1::GetOffsetsRequest* request,
                                            v1::ConnectorOffsets* response) {
  return Answer("GetOffsets", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    SLUICE_ASSIGN_OR_RETURN(std::vector<worker::OffsetEntry> offsets,
                            herder_.GetOffsets(request->name()));
    for (const auto& entry : offsets) {
      SLUICE_RETURN_IF_ERROR(ToProto(entry, response->add_offsets()));
    }
    return Status::OK();
  });
}

::grpc::Status ConnectorService::AlterOffsets(Context*, const v1::AlterOffsetsRequest* request,
                                              v1::AlterOffsetsResponse* response) {
  return Answer("AlterOffsets", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    if (request->offsets().empty()) {
      return Status::InvalidArgument(
          "Partitions / offsets need to be provided for an alter offsets request");
    }
    std::vector<worker::OffsetEntry> offsets;
    for (const v1::OffsetEntry& entry : request->offsets()) {
      SLUICE_ASSIGN_OR_RETURN(worker::OffsetEntry offset, FromProto(entry));
      offsets.push_back(std::move(offset));
    }
    SLUICE_ASSIGN_OR_RETURN(std::string message, herder_.AlterOffsets(request->name(), offsets));
    response->set_message(message);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::ResetOffsets(Context*, const v1::ResetOffsetsRequest* request,
                                              v1::ResetOffsetsResponse* response) {
  return Answer("ResetOffsets", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    SLUICE_ASSIGN_OR_RETURN(std::string message, herder_.ResetOffsets(request->name()));
    response->set_message(message);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::GetActiveTopics(Context*,
                                                 const v1::GetActiveTopicsRequest* request,
                                                 v1::ActiveTopics* response) {
  return Answer("GetActiveTopics", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    SLUICE_ASSIGN_OR_RETURN(std::set<std::string> topics, herder_.GetActiveTopics(request->name()));
    response->set_name(request->name());
    for (const auto& topic : topics) response->add_topics(topic);
    return Status::OK();
  });
}

::grpc::Status ConnectorService::ResetActiveTopics(Context*,
                                                   const v1::ResetActiveTopicsRequest* request,
                                                   v1::ResetActiveTopicsResponse*) {
  return Answer("ResetActiveTopics", [&]() -> Status {
    SLUICE_RETURN_IF_ERROR(CheckConnectorName(request->name()));
    return herder_.ResetActiveTopics(request->name());
  });
}

::grpc::Status ConnectorService::ListPlugins(Context*, const v1::ListPluginsRequest* request,
                                             v1::ListPluginsResponse* response) {
  return Answer("ListPlugins", [&] {
    for (const auto& plugin : herder_.ListPlugins(request->connectors_only())) {
      ToProto(plugin, response->add_plugins());
    }
    return Status::OK();
  });
}

::grpc::Status ConnectorService::GetPluginConfig(Context*,
                                                 const v1::GetPluginConfigRequest* request,
                                                 v1::PluginConfig* response) {
  return Answer("GetPluginConfig", [&]() -> Status {
    if (request->plugin().empty()) return Status::InvalidArgument("Plugin name must not be empty");
    SLUICE_ASSIGN_OR_RETURN(std::vector<ConfigKey> keys,
                            herder_.GetPluginConfig(request->plugin()));
    for (const auto& key : keys) ToProto(key, response->add_keys());
    return Status::OK();
  });
}

::grpc::Status ConnectorService::ValidateConfig(Context*, const v1::ValidateConfigRequest* request,
                                                v1::ConfigInfos* response) {
  return Answer("ValidateConfig", [&]() -> Status {
    if (request->plugin().empty()) return Status::InvalidArgument("Plugin name must not be empty");
    const worker::StringMap config(request->config().begin(), request->config().end());
    SLUICE_ASSIGN_OR_RETURN(worker::ConfigInfos infos,
                            herder_.ValidateConfig(request->plugin(), config));
    ToProto(infos, response);
    return Status::OK();
  });
}

}  // namespace sluice::rpc
