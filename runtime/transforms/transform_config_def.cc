// TransformConfigDefinition: the prefixed definitions of a connector's transform and predicate
// keys (Kafka's ConnectorConfig.enrich).
#include <algorithm>

#include "transforms/catalog.h"
#include "transforms/transform_chain.h"

namespace sluice::transforms {
namespace {

// Adds `key` as `prefix + key` in `group`, unless the name is already defined.
void AddPrefixed(ConfigDef& out, ConfigKey key, const std::string& prefix, const std::string& group,
                 int& order) {
  key.name = prefix + key.name;
  if (out.Find(key.name) != nullptr) return;
  key.group = group;
  key.order = order++;
  out.Add(std::move(key));
}

std::vector<std::string> UniqueAliases(const std::map<std::string, std::string>& config,
                                       const std::string& key) {
  std::vector<std::string> out;
  auto it = config.find(key);
  if (it == config.end()) return out;
  for (std::string& alias : SplitList(it->second)) {
    if (std::find(out.begin(), out.end(), alias) == out.end()) out.push_back(std::move(alias));
  }
  return out;
}

}  // namespace

ConfigDef TransformConfigDefinition(const std::map<std::string, std::string>& connector_config) {
  ConfigDef out;
  for (const std::string& alias : UniqueAliases(connector_config, "transforms")) {
    const std::string prefix = "transforms." + alias + ".";
    const std::string group = "Transforms: " + alias;
    int order = 0;
    ConfigDef own;
    own.DefineRequired("type", ConfigType::kClass, {}, Importance::kHigh,
                       "Class for the '" + alias + "' transformation.", group, 0, Width::kLong,
                       "Transformation type for " + alias);
    own.Define("predicate", ConfigType::kString, "", {}, Importance::kMedium,
               "The alias of a predicate used to determine whether to apply this "
               "transformation.");
    own.Define("negate", ConfigType::kBoolean, "false", {}, Importance::kMedium,
               "Whether the configured predicate should be negated.");
    if (auto type = connector_config.find(prefix + "type"); type != connector_config.end()) {
      std::string why_not;
      if (auto transformation = MakeTransformation(type->second, why_not)) {
        own.Merge(transformation->definition());  // the implicit keys win, as in Kafka
      }
    }
    for (const ConfigKey& key : own.keys()) AddPrefixed(out, key, prefix, group, order);
  }
  for (const std::string& alias : UniqueAliases(connector_config, "predicates")) {
    const std::string prefix = "predicates." + alias + ".";
    const std::string group = "Predicates: " + alias;
    int order = 0;
    ConfigDef own;
    own.DefineRequired("type", ConfigType::kClass, {}, Importance::kHigh,
                       "Class for the '" + alias + "' predicate.", group, 0, Width::kLong,
                       "Predicate type for " + alias);
    if (auto type = connector_config.find(prefix + "type"); type != connector_config.end()) {
      std::string why_not;
      if (auto predicate = MakePredicate(type->second, why_not)) {
        own.Merge(predicate->definition());
      }
    }
    for (const ConfigKey& key : own.keys()) AddPrefixed(out, key, prefix, group, order);
  }
  return out;
}

}  // namespace sluice::transforms
