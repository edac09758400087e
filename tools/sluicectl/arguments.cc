#include "arguments.h"

#include <charconv>

namespace sluicectl {
namespace {

const OptionSpec* FindOption(const std::vector<OptionSpec>& options, const std::string& name) {
  for (const OptionSpec& option : options) {
    if (option.name == name || (!option.short_name.empty() && option.short_name == name)) {
      return &option;
    }
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> ParsedArguments::Value(const std::string& option) const {
  auto found = values_.find(option);
  if (found == values_.end()) return std::nullopt;
  return found->second.back();
}

std::vector<std::string> ParsedArguments::Values(const std::string& option) const {
  auto found = values_.find(option);
  if (found == values_.end()) return {};
  return found->second;
}

std::optional<int64_t> ParsedArguments::Integer(const std::string& option, int64_t min,
                                                int64_t max) const {
  std::optional<std::string> value = Value(option);
  if (!value) return std::nullopt;
  return ParseInteger(*value, option, min, max);
}

int64_t ParseInteger(const std::string& text, const std::string& what, int64_t min, int64_t max) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [parsed_to, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || parsed_to != end) {
    throw UsageError(what + " needs a whole number, not '" + text + "'");
  }
  if (value < min || value > max) {
    throw UsageError(what + " must be between " + std::to_string(min) + " and " +
                     std::to_string(max) + ", not " + text);
  }
  return value;
}

ParsedArguments ParseArguments(const std::vector<OptionSpec>& options,
                               const std::vector<std::string>& args) {
  ParsedArguments parsed;
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_ended || arg.size() < 2 || arg[0] != '-') {
      parsed.positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    // "--name=value" carries its value; "-o" and "--name" may take the next argument.
    const size_t equals = arg.rfind("--", 0) == 0 ? arg.find('=') : std::string::npos;
    const std::string name = arg.substr(0, equals);
    const OptionSpec* option = FindOption(options, name);
    if (option == nullptr) throw UsageError("unknown option " + name);

    std::string value;
    if (equals != std::string::npos) {
      if (!option->takes_value()) throw UsageError(option->name + " does not take a value");
      value = arg.substr(equals + 1);
    } else if (option->takes_value()) {
      if (i + 1 >= args.size()) {
        throw UsageError(option->name + " needs a value (" + option->value_name + ")");
      }
      value = args[++i];
    }
    std::vector<std::string>& values = parsed.values_[option->name];
    if (!values.empty() && !option->repeatable) {
      throw UsageError(option->name + " is given more than once");
    }
    values.push_back(std::move(value));
  }
  return parsed;
}

}  // namespace sluicectl
