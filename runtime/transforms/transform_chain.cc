#include "transforms/transform_chain.h"

#include <algorithm>
#include <optional>

#include "common/log.h"
#include "transforms/builtin_transforms.h"
#include "transforms/catalog.h"

namespace sluice::transforms {

struct TransformChain::Stage {
  std::string alias;
  std::string type;  // as configured: the class name or alias
  std::unique_ptr<DeclaredTransformation> transformation;
  std::shared_ptr<const DeclaredPredicate> predicate;  // null: always applies
  bool negate = false;
};

TransformChain::~TransformChain() = default;
bool TransformChain::empty() const {
  return stages_.empty();
}
size_t TransformChain::size() const {
  return stages_.size();
}

namespace {

constexpr const char* kTransforms = "transforms";
constexpr const char* kPredicates = "predicates";
constexpr const char* kType = "type";
constexpr const char* kPredicate = "predicate";
constexpr const char* kNegate = "negate";

struct Built {
  std::vector<TransformChain::Stage> stages;
  std::vector<ConfigProblem> problems;
};

std::string Invalid(const std::string& value, const std::string& key, const std::string& why) {
  return "Invalid value " + value + " for configuration " + key + ": " + why;
}

// The aliases listed under `key`, each once, in order; a repeated alias is a problem.
std::vector<std::string> Aliases(const std::map<std::string, std::string>& config,
                                 const std::string& key, std::vector<ConfigProblem>& problems) {
  auto it = config.find(key);
  if (it == config.end()) return {};
  std::vector<std::string> unique;
  bool duplicate = false;
  for (std::string& alias : SplitList(it->second)) {
    if (std::find(unique.begin(), unique.end(), alias) != unique.end()) {
      duplicate = true;
    } else {
      unique.push_back(std::move(alias));
    }
  }
  if (duplicate) problems.push_back({key, Invalid(it->second, key, "Duplicate alias provided.")});
  return unique;
}

// The keys under `prefix`, without it (Kafka's originalsWithPrefix).
std::map<std::string, std::string> WithPrefix(const std::map<std::string, std::string>& config,
                                              const std::string& prefix) {
  std::map<std::string, std::string> out;
  for (auto it = config.lower_bound(prefix); it != config.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.emplace(it->first.substr(prefix.size()), it->second);
  }
  return out;
}

std::string MissingRequired(const std::string& key) {
  return "Missing required configuration \"" + key + "\" which has no default value.";
}

// Creates and configures one predicate; nullptr when any of its keys is wrong.
std::shared_ptr<const DeclaredPredicate> BuildPredicate(
    const std::map<std::string, std::string>& config, const std::string& alias,
    std::vector<ConfigProblem>& problems) {
  const std::string prefix = std::string(kPredicates) + "." + alias + ".";
  const std::string type_key = prefix + kType;
  auto props = WithPrefix(config, prefix);
  auto type = props.find(kType);
  if (type == props.end()) {
    problems.push_back({type_key, MissingRequired(type_key)});
    return nullptr;
  }
  std::string why_not;
  std::shared_ptr<DeclaredPredicate> predicate = MakePredicate(type->second, why_not);
  if (!predicate) {
    problems.push_back({type_key, Invalid(type->second, type_key, why_not)});
    return nullptr;
  }
  ConfigReader reader(predicate->definition(), props, prefix);
  predicate->ReadConfig(reader);
  if (!reader.ok()) {
    problems.insert(problems.end(), reader.problems().begin(), reader.problems().end());
    return nullptr;
  }
  return predicate;
}

using Predicates = std::map<std::string, std::shared_ptr<const DeclaredPredicate>>;

// Reads the keys every transform has implicitly, `predicate` and `negate`, into `stage` and
// removes them from `props`. False when they are wrong (the problems are recorded).
bool ReadPredicateKeys(const std::map<std::string, std::string>& config, const std::string& prefix,
                       const Predicates& predicates, std::map<std::string, std::string>& props,
                       TransformChain::Stage& stage, std::vector<ConfigProblem>& problems) {
  const std::string predicate_key = prefix + kPredicate;
  const std::string negate_key = prefix + kNegate;
  const size_t problems_before = problems.size();
  if (auto it = props.find(kNegate); it != props.end()) {
    const std::string negate = config_detail::Lower(config_detail::Trim(it->second));
    if (negate != "true" && negate != "false") {
      problems.push_back({negate_key, Invalid(it->second, negate_key,
                                              "Expected value to be either true or false")});
    } else if (!config.count(predicate_key)) {
      problems.push_back({negate_key, "Config '" + negate_key +
                                          "' was provided but there is no config '" +
                                          predicate_key + "' defining a predicate to be negated."});
    }
    stage.negate = negate == "true";
    props.erase(it);
  }
  if (auto it = props.find(kPredicate); it != props.end()) {
    const std::string alias = config_detail::Trim(it->second);
    props.erase(it);
    if (!alias.empty()) {
      auto predicate = predicates.find(alias);
      if (predicate == predicates.end()) {
        problems.push_back(
            {predicate_key,
             Invalid(alias, predicate_key,
                     "Predicate " + alias + " is not defined: list it in '" + kPredicates +
                         "' and set its class in '" + kPredicates + "." + alias + ".type'")});
      } else if (!predicate->second) {
        return false;  // the predicate's own problems are already recorded
      } else {
        stage.predicate = predicate->second;
      }
    }
  }
  return problems.size() == problems_before;
}

// Creates and configures one transform with its predicate; nullopt when anything is wrong.
std::optional<TransformChain::Stage> BuildStage(const std::map<std::string, std::string>& config,
                                                const std::string& alias,
                                                const Predicates& predicates,
                                                std::vector<ConfigProblem>& problems) {
  const std::string prefix = std::string(kTransforms) + "." + alias + ".";
  auto props = WithPrefix(config, prefix);
  TransformChain::Stage stage;
  stage.alias = alias;
  const bool predicate_ok = ReadPredicateKeys(config, prefix, predicates, props, stage, problems);

  const std::string type_key = prefix + kType;
  auto type = props.find(kType);
  if (type == props.end()) {
    problems.push_back({type_key, MissingRequired(type_key)});
    return std::nullopt;
  }
  std::string why_not;
  stage.type = type->second;
  stage.transformation = MakeTransformation(type->second, why_not);
  if (!stage.transformation) {
    problems.push_back({type_key, Invalid(type->second, type_key, why_not)});
    return std::nullopt;
  }
  ConfigReader reader(stage.transformation->definition(), props, prefix);
  stage.transformation->ReadConfig(reader);
  problems.insert(problems.end(), reader.problems().begin(), reader.problems().end());
  if (!reader.ok() || !predicate_ok) return std::nullopt;
  return stage;
}

// Every stage of the chain, or every problem of its config.
Built Build(const std::map<std::string, std::string>& config) {
  Built built;
  const std::vector<std::string> transform_aliases = Aliases(config, kTransforms, built.problems);
  const std::vector<std::string> predicate_aliases = Aliases(config, kPredicates, built.problems);
  Predicates predicates;
  for (const std::string& alias : predicate_aliases) {
    predicates[alias] = BuildPredicate(config, alias, built.problems);
  }
  for (const std::string& alias : transform_aliases) {
    if (auto stage = BuildStage(config, alias, predicates, built.problems)) {
      built.stages.push_back(std::move(*stage));
    }
  }
  return built;
}

}  // namespace

Result<std::unique_ptr<TransformChain>> TransformChain::Create(
    const std::map<std::string, std::string>& connector_config) {
  Built built = Build(connector_config);
  if (!built.problems.empty()) {
    std::string message;
    for (const ConfigProblem& p : built.problems) {
      if (!message.empty()) message += "; ";
      message += DescribeProblem(p);
    }
    return Status::InvalidArgument(std::move(message));
  }
  std::unique_ptr<TransformChain> chain(new TransformChain());
  chain->stages_ = std::move(built.stages);
  for (const Stage& stage : chain->stages_) {
    SLUICE_LOG_DEBUG("transforms", "transform " << stage.alias << " (" << stage.type << ")"
                                                << (stage.predicate ? " with a predicate" : "")
                                                << (stage.negate ? ", negated" : ""));
  }
  return chain;
}

Result<std::optional<ConnectRecord>> TransformChain::Apply(ConnectRecord record,
                                                           std::string* failed_class) {
  for (Stage& stage : stages_) {
    // Kafka's TransformationStage: apply when there is no predicate or negate ^ test.
    if (stage.predicate && stage.predicate->Test(record) == stage.negate) continue;
    auto result = stage.transformation->Apply(std::move(record));
    if (!result.ok()) {
      if (failed_class) *failed_class = TransformClassName(stage.type);
      return Status(result.status().code(), std::string(kTransforms) + "." + stage.alias + " (" +
                                                stage.type + "): " + result.status().message());
    }
    if (!result->has_value()) return std::optional<ConnectRecord>();
    record = std::move(**result);
  }
  return std::optional<ConnectRecord>(std::move(record));
}

std::vector<std::pair<std::string, std::string>> ValidateTransformConfig(
    const std::map<std::string, std::string>& connector_config) {
  std::vector<std::pair<std::string, std::string>> out;
  for (ConfigProblem& p : Build(connector_config).problems) {
    out.emplace_back(std::move(p.key), std::move(p.message));
  }
  return out;
}

}  // namespace sluice::transforms
