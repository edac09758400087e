// info: which worker answers, and whether it is healthy.
#include "commands.h"

namespace sluicectl {
namespace v1 = sluice::v1;

namespace {

int Info(Session& session, const ParsedArguments&) {
  auto info =
      Call(session.client.connectors(), &ConnectorStub::GetWorkerInfo, v1::GetWorkerInfoRequest());
  auto health =
      Call(session.client.connectors(), &ConnectorStub::GetHealth, v1::GetHealthRequest());
  if (session.json()) {
    session.out << "{\"worker\": " << ToJson(info) << ", \"health\": " << ToJson(health) << "}\n";
    return kExitOk;
  }
  PrintFields(session.out, {{"Server", session.client.server()},
                            {"Version", info.version()},
                            {"Commit", info.commit()},
                            {"Kafka cluster", info.kafka_cluster_id()},
                            {"Health", health.status() + ": " + health.message()}});
  return kExitOk;
}

}  // namespace

std::vector<Command> WorkerCommands() {
  return {{"info", "", "Show the worker's version, Kafka cluster and health", "", {}, 0, 0, Info}};
}

}  // namespace sluicectl
