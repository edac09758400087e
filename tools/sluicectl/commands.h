// The sluicectl commands: what each accepts, its help, and what it does.
#pragma once

#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "arguments.h"
#include "client.h"
#include "output.h"

namespace sluicectl {

// What a running command works with.
struct Session {
  Client& client;
  OutputFormat format;
  std::istream& in;
  std::ostream& out;

  bool json() const { return format == OutputFormat::kJson; }
};

struct Command {
  std::string name;       // "status", or "topics consume" for a subcommand
  std::string arguments;  // positional arguments for the usage line: "<name>"
  std::string summary;    // one line for the command list
  std::string details;    // more help, may be empty
  std::vector<OptionSpec> options;
  size_t min_positionals = 0;
  size_t max_positionals = 0;
  // Returns the exit code; throws UsageError or CommandFailure.
  std::function<int(Session&, const ParsedArguments&)> run;
};

std::vector<Command> ConnectorCommands();  // list, create, describe, status, pause, ...
std::vector<Command> OffsetCommands();     // offsets get|alter|reset
std::vector<Command> PluginCommands();     // plugins, validate
std::vector<Command> TopicCommands();      // topics list|describe|create|delete|produce|consume
std::vector<Command> WorkerCommands();     // info

}  // namespace sluicectl
