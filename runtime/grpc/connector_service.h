// sluice.v1.ConnectorService: each RPC checks its request, makes one Herder call (ListConnectors
// with expansions makes one per connector) and translates the answer.
#pragma once

#include "sluice/v1/sluice.grpc.pb.h"
#include "worker/herder.h"

namespace sluice::rpc {

class ConnectorService final : public v1::ConnectorService::Service {
 public:
  explicit ConnectorService(worker::Herder& herder) : herder_(herder) {}

  using Context = ::grpc::ServerContext;

  ::grpc::Status GetWorkerInfo(Context*, const v1::GetWorkerInfoRequest*, v1::WorkerInfo*) override;
  ::grpc::Status GetHealth(Context*, const v1::GetHealthRequest*, v1::Health*) override;

  ::grpc::Status ListConnectors(Context*, const v1::ListConnectorsRequest*,
                                v1::ListConnectorsResponse*) override;
  ::grpc::Status CreateConnector(Context*, const v1::CreateConnectorRequest*,
                                 v1::ConnectorInfo*) override;
  ::grpc::Status GetConnector(Context*, const v1::GetConnectorRequest*,
                              v1::ConnectorInfo*) override;
  ::grpc::Status GetConnectorConfig(Context*, const v1::GetConnectorConfigRequest*,
                                    v1::ConnectorConfig*) override;
  ::grpc::Status PutConnectorConfig(Context*, const v1::PutConnectorConfigRequest*,
                                    v1::PutConnectorConfigResponse*) override;
  ::grpc::Status PatchConnectorConfig(Context*, const v1::PatchConnectorConfigRequest*,
                                      v1::ConnectorInfo*) override;
  ::grpc::Status DeleteConnector(Context*, const v1::DeleteConnectorRequest*,
                                 v1::DeleteConnectorResponse*) override;

  ::grpc::Status GetConnectorStatus(Context*, const v1::GetConnectorStatusRequest*,
                                    v1::ConnectorStatus*) override;
  ::grpc::Status GetTaskStatus(Context*, const v1::GetTaskStatusRequest*, v1::TaskStatus*) override;
  ::grpc::Status ListTasks(Context*, const v1::ListTasksRequest*, v1::ListTasksResponse*) override;

  ::grpc::Status PauseConnector(Context*, const v1::PauseConnectorRequest*,
                                v1::PauseConnectorResponse*) override;
  ::grpc::Status ResumeConnector(Context*, const v1::ResumeConnectorRequest*,
                                 v1::ResumeConnectorResponse*) override;
  ::grpc::Status StopConnector(Context*, const v1::StopConnectorRequest*,
                               v1::StopConnectorResponse*) override;
  ::grpc::Status RestartConnector(Context*, const v1::RestartConnectorRequest*,
                                  v1::RestartConnectorResponse*) override;
  ::grpc::Status RestartTask(Context*, const v1::RestartTaskRequest*,
                             v1::RestartTaskResponse*) override;

  ::grpc::Status GetOffsets(Context*, const v1::GetOffsetsRequest*, v1::ConnectorOffsets*) override;
  ::grpc::Status AlterOffsets(Context*, const v1::AlterOffsetsRequest*,
                              v1::AlterOffsetsResponse*) override;
  ::grpc::Status ResetOffsets(Context*, const v1::ResetOffsetsRequest*,
                              v1::ResetOffsetsResponse*) override;

  ::grpc::Status GetActiveTopics(Context*, const v1::GetActiveTopicsRequest*,
                                 v1::ActiveTopics*) override;
  ::grpc::Status ResetActiveTopics(Context*, const v1::ResetActiveTopicsRequest*,
                                   v1::ResetActiveTopicsResponse*) override;

  ::grpc::Status ListPlugins(Context*, const v1::ListPluginsRequest*,
                             v1::ListPluginsResponse*) override;
  ::grpc::Status GetPluginConfig(Context*, const v1::GetPluginConfigRequest*,
                                 v1::PluginConfig*) override;
  ::grpc::Status ValidateConfig(Context*, const v1::ValidateConfigRequest*,
                                v1::ConfigInfos*) override;

 private:
  worker::Herder& herder_;
};

}  // namespace sluice::rpc
