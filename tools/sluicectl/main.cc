// sluicectl: the command-line client of a Sluice worker's gRPC API.
//
//   sluicectl [--server HOST:PORT] [-o table|json] <command> [arguments]
//
// Exit codes: 0 ok, 1 the worker refused or failed the request (its message on stderr), 2 a usage
// error, 3 the worker cannot be reached.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"

namespace sluicectl {
namespace {

constexpr const char* kDefaultServer = "127.0.0.1:18083";

const std::vector<OptionSpec>& GlobalOptions() {
  static const std::vector<OptionSpec> options = {
      {"--server", "", "HOST:PORT",
       std::string("the worker's gRPC address (default: $SLUICE_SERVER, else ") + kDefaultServer +
           ")"},
      {"--output", "-o", "FORMAT", "table (default) or json"},
      {"--help", "-h", "", "show help"},
  };
  return options;
}

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto group : {ConnectorCommands(), OffsetCommands(), PluginCommands(), TopicCommands(),
                     WorkerCommands()}) {
    for (auto& command : group) all.push_back(std::move(command));
  }
  return all;
}

void PrintOptions(std::ostream& out, const std::vector<OptionSpec>& options) {
  Table table({});
  for (const OptionSpec& option : options) {
    std::string names = option.short_name.empty() ? "    " : option.short_name + ", ";
    names += option.name;
    if (option.takes_value()) names += " " + option.value_name;
    table.AddRow({"  " + names, option.help});
  }
  table.Print(out);
}

void PrintOverview(std::ostream& out, const std::vector<Command>& commands,
                   const std::string& prefix = "") {
  out << "Usage: sluicectl [--server HOST:PORT] [-o table|json] "
      << (prefix.empty() ? "" : prefix + " ") << "<command> [arguments]\n\nCommands:\n";
  Table table({});
  for (const Command& command : commands) {
    if (command.name.rfind(prefix, 0) != 0) continue;
    std::string usage = command.name + (command.arguments.empty() ? "" : " " + command.arguments);
    table.AddRow({"  " + usage, command.summary});
  }
  table.Print(out);
  out << "\nGlobal options:\n";
  PrintOptions(out, GlobalOptions());
  out << "\nRun 'sluicectl <command> --help' for a command's options.\n"
         "Exit codes: 0 ok, 1 the worker refused or failed the request, 2 usage error, 3 the\n"
         "worker cannot be reached.\n";
}

std::string UsageLine(const Command& command) {
  std::string line = "sluicectl " + command.name;
  if (!command.options.empty()) line += " [options]";
  if (!command.arguments.empty()) line += " " + command.arguments;
  return line;
}

void PrintCommandHelp(std::ostream& out, const Command& command) {
  out << "Usage: " << UsageLine(command) << "\n\n" << command.summary << ".\n";
  if (!command.details.empty()) out << '\n' << command.details << '\n';
  if (!command.options.empty()) {
    out << "\nOptions:\n";
    PrintOptions(out, command.options);
  }
  out << "\nGlobal options:\n";
  PrintOptions(out, GlobalOptions());
}

// The command named by the first words of `words` ("topics consume t" -> "topics consume"), or
// nullptr.
const Command* FindCommand(const std::vector<Command>& commands,
                           const std::vector<std::string>& words, size_t* word_count) {
  for (const Command& command : commands) {
    const bool two_words = command.name.find(' ') != std::string::npos;
    const size_t count = two_words ? 2 : 1;
    if (words.size() < count) continue;
    const std::string name = two_words ? words[0] + " " + words[1] : words[0];
    if (name == command.name) {
      *word_count = count;
      return &command;
    }
  }
  return nullptr;
}

bool IsCommandGroup(const std::vector<Command>& commands, const std::string& word) {
  for (const Command& command : commands) {
    if (command.name.rfind(word + " ", 0) == 0) return true;
  }
  return false;
}

OutputFormat ParseFormat(const std::optional<std::string>& value) {
  if (!value || *value == "table") return OutputFormat::kTable;
  if (*value == "json") return OutputFormat::kJson;
  throw UsageError("--output must be table or json, not '" + *value + "'");
}

// The global options before the command, and the words from the command on.
struct CommandLine {
  std::vector<std::string> leading;
  std::vector<std::string> words;
};

CommandLine SplitAtCommand(const std::vector<std::string>& args) {
  const auto& globals = GlobalOptions();
  size_t first_word = 0;
  while (first_word < args.size() && args[first_word].size() > 1 && args[first_word][0] == '-') {
    const std::string name = args[first_word].substr(0, args[first_word].find('='));
    auto option = std::find_if(globals.begin(), globals.end(), [&](const OptionSpec& o) {
      return o.name == name || o.short_name == name;
    });
    if (option == globals.end()) throw UsageError("unknown option " + name + " before the command");
    first_word += option->takes_value() && name == args[first_word] ? 2 : 1;
  }
  const auto split = args.begin() + std::min(first_word, args.size());
  return {{args.begin(), split}, {split, args.end()}};
}

// No command matched: help for sluicectl or for a command group, else a usage error.
int HelpWithoutCommand(const std::vector<Command>& commands, const CommandLine& line) {
  const std::vector<std::string>& words = line.words;
  if (words.empty()) {
    if (ParseArguments(GlobalOptions(), line.leading).Has("--help")) {
      PrintOverview(std::cout, commands);
      return kExitOk;
    }
    PrintOverview(std::cerr, commands);
    throw UsageError("no command given");
  }
  if (!IsCommandGroup(commands, words[0])) {
    throw UsageError("unknown command '" + words[0] +
                     "'; run 'sluicectl --help' for the list of commands");
  }
  if (words.size() == 1 || words[1] == "--help" || words[1] == "-h") {
    PrintOverview(std::cout, commands, words[0]);
    return kExitOk;
  }
  throw UsageError("unknown command '" + words[0] + " " + words[1] + "'; run 'sluicectl " +
                   words[0] + " --help' for its commands");
}

// Global options may come before the command; the command's own options come after its name,
// mixed with the global ones and its arguments.
int Run(const std::vector<std::string>& args) {
  const std::vector<Command> commands = AllCommands();
  const CommandLine line = SplitAtCommand(args);
  size_t word_count = 0;
  const Command* command = FindCommand(commands, line.words, &word_count);
  if (command == nullptr) return HelpWithoutCommand(commands, line);

  std::vector<OptionSpec> options = command->options;
  options.insert(options.end(), GlobalOptions().begin(), GlobalOptions().end());
  std::vector<std::string> rest = line.leading;
  rest.insert(rest.end(), line.words.begin() + word_count, line.words.end());
  const ParsedArguments parsed = ParseArguments(options, rest);
  if (parsed.Has("--help")) {
    PrintCommandHelp(std::cout, *command);
    return kExitOk;
  }
  const size_t count = parsed.positionals().size();
  if (count < command->min_positionals || count > command->max_positionals) {
    throw UsageError("usage: " + UsageLine(*command) + "\nRun 'sluicectl " + command->name +
                     " --help' for more.");
  }

  const char* env_server = std::getenv("SLUICE_SERVER");
  std::string server =
      parsed.Value("--server")
          .value_or(env_server != nullptr && *env_server != '\0' ? env_server : kDefaultServer);
  Client client(server);
  Session session{client, ParseFormat(parsed.Value("--output")), std::cin, std::cout};
  return command->run(session, parsed);
}

}  // namespace
}  // namespace sluicectl

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return sluicectl::Run(args);
  } catch (const sluicectl::UsageError& e) {
    std::cerr << "sluicectl: " << e.what() << '\n';
    return sluicectl::kExitUsage;
  } catch (const sluicectl::CommandFailure& e) {
    std::cerr << "sluicectl: " << e.what() << '\n';
    return e.exit_code();
  }
}
