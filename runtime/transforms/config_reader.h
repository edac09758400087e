// Reads the keys of one transform or predicate against its ConfigDef and collects every problem,
// named as the connector config names the key (`transforms.<alias>.<key>`), so that a chain can
// report all of them at once and config/validate can attach each one to its key.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "sluice/config_def.h"

namespace sluice::transforms {

struct ConfigProblem {
  std::string key;      // with the prefix, e.g. "transforms.cast.spec"
  std::string message;  // Kafka's text, e.g. "Invalid value x for configuration ...: ..."
};

class ConfigReader {
 public:
  // Validates `props` (the keys without `prefix`) against `definition` at once: types, required
  // keys and the declarative validators.
  ConfigReader(const ConfigDef& definition, const std::map<std::string, std::string>& props,
               std::string prefix = "");

  // Typed values with the definition's defaults applied. Only call them for defined keys.
  std::optional<std::string> String(const std::string& key) const;  // nullopt: null
  std::vector<std::string> List(const std::string& key) const;      // null reads as empty
  bool Bool(const std::string& key) const;
  std::optional<int64_t> Long(const std::string& key) const;  // nullopt: null or not a number
  bool IsSet(const std::string& key) const { return props_.count(key) != 0; }

  // Records "Invalid value <value> for configuration <prefix><key>: <why>".
  void Invalid(const std::string& key, const std::string& why);
  // Records a problem with `key` whose message is given whole.
  void Problem(const std::string& key, std::string message);

  // Kafka's NonEmptyListValidator: "Invalid value ... for configuration <key>: Empty list".
  void CheckNonEmptyList(const std::string& key);

  // Records a problem of the transform as a whole (no one key is wrong), reported against its
  // `type` key in a connector config.
  void General(std::string message);

  // True while no problem was recorded against `key`: later checks of a key build on earlier ones.
  bool Valid(const std::string& key) const;
  bool ok() const { return problems_.empty(); }
  const std::vector<ConfigProblem>& problems() const { return problems_; }
  std::string Prefixed(const std::string& key) const { return prefix_ + key; }
  // The keys as given (without the prefix), for a class that hands them on whole (a plugin's).
  const std::map<std::string, std::string>& props() const { return props_; }

  // All problems as one InvalidArgument status ("; "-separated); OK when there are none.
  Status ToStatus() const;

 private:
  std::optional<std::string> Raw(const std::string& key) const;

  const ConfigDef& definition_;
  std::map<std::string, std::string> props_;
  std::string prefix_;
  std::vector<ConfigProblem> problems_;
};

// One problem as a line of text that names its key.
std::string DescribeProblem(const ConfigProblem& problem);

}  // namespace sluice::transforms
