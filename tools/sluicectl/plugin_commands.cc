// plugins and validate: what the worker can run, and whether a config suits it.
#include <iostream>

#include "commands.h"
#include "config/connector_file.h"

namespace sluicectl {
namespace v1 = sluice::v1;

namespace {

int Plugins(Session& session, const ParsedArguments& args) {
  v1::ListPluginsRequest request;
  request.set_connectors_only(!args.Has("--all"));
  auto response = Call(session.client.connectors(), &ConnectorStub::ListPlugins, request);
  if (session.json()) {
    PrintJson(session.out, response);
    return kExitOk;
  }
  Table table({"CLASS", "TYPE", "VERSION"});
  for (const auto& plugin : response.plugins()) {
    table.AddRow({plugin.class_name(),
                  EnumName(v1::PluginType_Name(plugin.type()), "PLUGIN_TYPE_", /*lower=*/true),
                  plugin.version().empty() ? "-" : plugin.version()});
  }
  table.Print(session.out);
  return kExitOk;
}

int Validate(Session& session, const ParsedArguments& args) {
  const std::string& path = args.positionals()[1];
  auto file = sluice::config::LoadConnectorFile(path);
  if (!file.ok()) throw CommandFailure(kExitUsage, file.status().message());
  v1::ValidateConfigRequest request;
  request.set_plugin(args.positionals()[0]);
  request.mutable_config()->insert(file->config.begin(), file->config.end());
  auto infos = Call(session.client.connectors(), &ConnectorStub::ValidateConfig, request);

  if (session.json()) {
    PrintJson(session.out, infos);
  } else if (infos.error_count() == 0) {
    session.out << "The config is valid for " << infos.name() << '\n';
  } else {
    Table table({"KEY", "VALUE", "ERROR"});
    for (const auto& config : infos.configs()) {
      const auto& value = config.value();
      for (const auto& error : value.errors()) {
        table.AddRow({value.name(), value.has_value() ? value.value() : "(none)", error});
      }
    }
    table.Print(session.out);
  }
  if (infos.error_count() > 0) {
    throw CommandFailure(kExitServerError, "the config has " + std::to_string(infos.error_count()) +
                                               " error(s) for " + infos.name());
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> PluginCommands() {
  return {
      {"plugins",
       "",
       "List the connector plugins the worker has",
       "",
       {{"--all", "", "", "also list converters, transformations and predicates"}},
       0,
       0,
       Plugins},
      {"validate",
       "<plugin> <file>",
       "Check a connector config against a plugin's definition",
       "The file is read as for 'create'. Exits with 1 when the config has errors.",
       {},
       2,
       2,
       Validate},
  };
}

}  // namespace sluicectl
