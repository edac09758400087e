// Connector commands: list, create, describe, config, status, tasks, pause, resume, stop, restart,
// delete.
#include <algorithm>
#include <cctype>
#include <map>

#include "commands.h"
#include "config/connector_file.h"

namespace sluicectl {
namespace v1 = sluice::v1;

namespace {

const OptionSpec kNameOption{"--name", "", "NAME", "the connector's name, if the file has none"};

std::string StateName(v1::State state) {
  return EnumName(v1::State_Name(state), "STATE_");
}

std::string TypeName(v1::ConnectorType type) {
  return EnumName(v1::ConnectorType_Name(type), "CONNECTOR_TYPE_", /*lower=*/true);
}

template <typename Map>
void PrintConfig(std::ostream& out, const Map& config) {
  std::map<std::string, std::string> sorted(config.begin(), config.end());
  Table table({"KEY", "VALUE"});
  for (const auto& [key, value] : sorted) table.AddRow({key, value});
  table.Print(out);
}

// "2 RUNNING, 1 FAILED"
std::string TaskSummary(const v1::ConnectorStatus& status) {
  if (status.tasks().empty()) return "-";
  std::map<std::string, int> by_state;
  for (const auto& task : status.tasks()) ++by_state[StateName(task.state())];
  std::string summary;
  for (const auto& [state, count] : by_state) {
    if (!summary.empty()) summary += ", ";
    summary += std::to_string(count) + " " + state;
  }
  return summary;
}

void PrintStatus(std::ostream& out, const v1::ConnectorStatus& status) {
  PrintFields(out, {{"Connector", status.name()},
                    {"Type", TypeName(status.type())},
                    {"State", StateName(status.connector().state())},
                    {"Worker", status.connector().worker_id()}});
  if (!status.tasks().empty()) {
    out << '\n';
    Table table({"TASK", "STATE", "WORKER"});
    for (const auto& task : status.tasks()) {
      table.AddRow({std::to_string(task.id()), StateName(task.state()), task.worker_id()});
    }
    table.Print(out);
  }
  if (!status.connector().trace().empty()) {
    out << "\nConnector trace:\n" << status.connector().trace() << '\n';
  }
  for (const auto& task : status.tasks()) {
    if (!task.trace().empty()) out << "\nTask " << task.id() << " trace:\n" << task.trace() << '\n';
  }
}

v1::InitialState ParseInitialState(const std::string& text) {
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  v1::InitialState state = v1::INITIAL_STATE_UNSPECIFIED;
  if (upper.empty() || !v1::InitialState_Parse("INITIAL_STATE_" + upper, &state) ||
      state == v1::INITIAL_STATE_UNSPECIFIED) {
    throw UsageError("the initial state must be RUNNING, PAUSED or STOPPED, not '" + text + "'");
  }
  return state;
}

int List(Session& session, const ParsedArguments&) {
  v1::ListConnectorsRequest request;
  request.set_expand_status(true);
  request.set_expand_info(session.json());
  auto response = Call(session.client.connectors(), &ConnectorStub::ListConnectors, request);
  if (session.json()) {
    PrintJson(session.out, response);
    return kExitOk;
  }
  Table table({"NAME", "TYPE", "STATE", "TASKS"});
  for (const auto& connector : response.connectors()) {
    table.AddRow({connector.name(), TypeName(connector.status().type()),
                  StateName(connector.status().connector().state()),
                  TaskSummary(connector.status())});
  }
  table.Print(session.out);
  return kExitOk;
}

int Create(Session& session, const ParsedArguments& args) {
  const std::string& path = args.positionals()[0];
  auto file = sluice::config::LoadConnectorFile(path);
  if (!file.ok()) throw CommandFailure(kExitUsage, file.status().message());

  v1::CreateConnectorRequest request;
  request.set_name(args.Value("--name").value_or(file->name));
  if (request.name().empty()) {
    throw UsageError(path + " does not name the connector: add \"name\" or use --name");
  }
  request.mutable_config()->insert(file->config.begin(), file->config.end());
  const std::string initial_state = args.Value("--initial-state").value_or(file->initial_state);
  if (!initial_state.empty()) request.set_initial_state(ParseInitialState(initial_state));

  auto info = Call(session.client.connectors(), &ConnectorStub::CreateConnector, request);
  if (session.json()) {
    PrintJson(session.out, info);
  } else {
    session.out << "Created connector " << info.name() << '\n';
  }
  return kExitOk;
}

int Describe(Session& session, const ParsedArguments& args) {
  v1::GetConnectorRequest request;
  request.set_name(args.positionals()[0]);
  auto info = Call(session.client.connectors(), &ConnectorStub::GetConnector, request);
  if (session.json()) {
    PrintJson(session.out, info);
    return kExitOk;
  }
  std::string tasks;
  for (const auto& task : info.tasks()) {
    tasks += (tasks.empty() ? "" : ", ") + std::to_string(task.task());
  }
  PrintFields(session.out, {{"Name", info.name()},
                            {"Type", TypeName(info.type())},
                            {"Tasks", tasks.empty() ? "-" : tasks}});
  session.out << '\n';
  PrintConfig(session.out, info.config());
  return kExitOk;
}

int Config(Session& session, const ParsedArguments& args) {
  v1::GetConnectorConfigRequest request;
  request.set_name(args.positionals()[0]);
  auto config = Call(session.client.connectors(), &ConnectorStub::GetConnectorConfig, request);
  if (session.json()) {
    PrintJson(session.out, config);
  } else {
    PrintConfig(session.out, config.config());
  }
  return kExitOk;
}

int Status(Session& session, const ParsedArguments& args) {
  v1::GetConnectorStatusRequest request;
  request.set_name(args.positionals()[0]);
  auto status = Call(session.client.connectors(), &ConnectorStub::GetConnectorStatus, request);
  if (session.json()) {
    PrintJson(session.out, status);
  } else {
    PrintStatus(session.out, status);
  }
  return kExitOk;
}

int Tasks(Session& session, const ParsedArguments& args) {
  v1::ListTasksRequest request;
  request.set_name(args.positionals()[0]);
  auto tasks = Call(session.client.connectors(), &ConnectorStub::ListTasks, request);
  if (session.json()) {
    PrintJson(session.out, tasks);
    return kExitOk;
  }
  Table table({"TASK", "KEY", "VALUE"});
  for (const auto& task : tasks.tasks()) {
    std::map<std::string, std::string> config(task.config().begin(), task.config().end());
    for (const auto& [key, value] : config) {
      table.AddRow({std::to_string(task.id().task()), key, value});
    }
  }
  table.Print(session.out);
  return kExitOk;
}

// pause, resume, stop and delete: a name in, nothing but success out.
template <typename Request, typename Response>
Command LifecycleCommand(std::string name, std::string summary, std::string done,
                         grpc::Status (ConnectorStub::*method)(grpc::ClientContext*, const Request&,
                                                               Response*)) {
  Command command{name, "<name>", std::move(summary), "", {}, 1, 1, nullptr};
  command.run = [method, done = std::move(done)](Session& session, const ParsedArguments& args) {
    Request request;
    request.set_name(args.positionals()[0]);
    Response response = Call(session.client.connectors(), method, request);
    if (session.json()) {
      PrintJson(session.out, response);
    } else {
      session.out << done << " connector " << request.name() << '\n';
    }
    return static_cast<int>(kExitOk);
  };
  return command;
}

int Restart(Session& session, const ParsedArguments& args) {
  const std::string& name = args.positionals()[0];
  const bool include_tasks = args.Has("--include-tasks");
  const bool only_failed = args.Has("--only-failed");
  if (auto task = args.Integer("--task", 0, INT32_MAX)) {
    if (include_tasks || only_failed) {
      throw UsageError(
          "--task restarts one task; it cannot be combined with --include-tasks "
          "or --only-failed");
    }
    v1::RestartTaskRequest request;
    request.set_name(name);
    request.set_task(static_cast<int32_t>(*task));
    auto response = Call(session.client.connectors(), &ConnectorStub::RestartTask, request);
    if (session.json()) {
      PrintJson(session.out, response);
    } else {
      session.out << "Restarted task " << *task << " of connector " << name << '\n';
    }
    return kExitOk;
  }

  v1::RestartConnectorRequest request;
  request.set_name(name);
  request.set_include_tasks(include_tasks);
  request.set_only_failed(only_failed);
  auto response = Call(session.client.connectors(), &ConnectorStub::RestartConnector, request);
  if (session.json()) {
    PrintJson(session.out, response);
  } else if (response.has_status()) {
    session.out << "Restarting connector " << name << "\n\n";
    PrintStatus(session.out, response.status());
  } else {
    session.out << "Restarted connector " << name << '\n';
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> ConnectorCommands() {
  std::vector<Command> commands;
  commands.push_back(
      {"list", "", "List the connectors with their type and state", "", {}, 0, 0, List});
  commands.push_back(
      {"create",
       "<file>",
       "Create a connector from a .properties or .json file",
       "The file holds the connector's config: Kafka's .properties format, a flat JSON object,\n"
       "or the body of Kafka Connect's POST /connectors: {\"name\", \"config\", "
       "\"initial_state\"}.",
       {kNameOption, {"--initial-state", "", "STATE", "RUNNING (default), PAUSED or STOPPED"}},
       1,
       1,
       Create});
  commands.push_back(
      {"describe", "<name>", "Show a connector's type, tasks and config", "", {}, 1, 1, Describe});
  commands.push_back({"config", "<name>", "Show a connector's config", "", {}, 1, 1, Config});
  commands.push_back(
      {"status", "<name>", "Show the state of a connector and its tasks", "", {}, 1, 1, Status});
  commands.push_back(
      {"tasks", "<name>", "Show the config of each of a connector's tasks", "", {}, 1, 1, Tasks});
  commands.push_back(LifecycleCommand("pause", "Pause a connector and its tasks", "Paused",
                                      &ConnectorStub::PauseConnector));
  commands.push_back(LifecycleCommand("resume", "Resume a paused or stopped connector", "Resumed",
                                      &ConnectorStub::ResumeConnector));
  commands.push_back(LifecycleCommand("stop", "Stop a connector and shut its tasks down", "Stopped",
                                      &ConnectorStub::StopConnector));
  commands.push_back({"restart",
                      "<name>",
                      "Restart a connector, some of its tasks, or one task",
                      "Without options only the connector instance restarts.",
                      {{"--include-tasks", "", "", "restart the tasks too"},
                       {"--only-failed", "", "", "restart only the instances that FAILED"},
                       {"--task", "", "N", "restart only task N"}},
                      1,
                      1,
                      Restart});
  commands.push_back(
      LifecycleCommand("delete", "Delete a connector", "Deleted", &ConnectorStub::DeleteConnector));
  return commands;
}

}  // namespace sluicectl
