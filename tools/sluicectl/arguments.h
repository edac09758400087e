// The command line of one sluicectl command: options (`--name value`, `--name=value`, `-o json`,
// flags) in any order among the positional arguments, `--` ending the options.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sluicectl {

// A mistake on the command line (exit code 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct OptionSpec {
  std::string name;        // "--partitions"
  std::string short_name;  // "-o", or empty
  std::string value_name;  // "N"; empty for a flag
  std::string help;
  bool repeatable = false;  // may be given more than once (a list of values)

  bool takes_value() const { return !value_name.empty(); }
};

class ParsedArguments {
 public:
  const std::vector<std::string>& positionals() const { return positionals_; }

  bool Has(const std::string& option) const { return values_.count(option) > 0; }
  // The value of an option that takes one (the last, if it was repeated).
  std::optional<std::string> Value(const std::string& option) const;
  std::vector<std::string> Values(const std::string& option) const;
  // The value as a decimal integer in [min, max]; UsageError naming the option otherwise.
  std::optional<int64_t> Integer(const std::string& option, int64_t min, int64_t max) const;

 private:
  friend ParsedArguments ParseArguments(const std::vector<OptionSpec>&,
                                        const std::vector<std::string>&);
  std::vector<std::string> positionals_;
  std::map<std::string, std::vector<std::string>> values_;  // flags hold one empty value
};

// Throws UsageError for an unknown option, a missing value, a value given to a flag, or a
// non-repeatable option given twice.
ParsedArguments ParseArguments(const std::vector<OptionSpec>& options,
                               const std::vector<std::string>& args);

// A decimal integer in [min, max], or UsageError naming `what`.
int64_t ParseInteger(const std::string& text, const std::string& what, int64_t min, int64_t max);

}  // namespace sluicectl
