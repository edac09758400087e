#include "transforms/config_reader.h"

namespace sluice::transforms {

ConfigReader::ConfigReader(const ConfigDef& definition,
                           const std::map<std::string, std::string>& props, std::string prefix)
    : definition_(definition), props_(props), prefix_(std::move(prefix)) {
  for (const ConfigKey& key : definition_.keys()) {
    auto it = props_.find(key.name);
    if (it == props_.end() && key.has_default) continue;
    // Validating a renamed copy makes ConfigDef's messages name the prefixed key.
    ConfigKey named = key;
    named.name = prefix_ + key.name;
    std::optional<std::string> value;
    if (it != props_.end()) value = it->second;
    for (std::string& message : ConfigDef::ValidateValue(named, value)) {
      problems_.push_back({named.name, std::move(message)});
    }
  }
}

std::optional<std::string> ConfigReader::Raw(const std::string& key) const {
  if (auto it = props_.find(key); it != props_.end()) return it->second;
  if (const ConfigKey* def = definition_.Find(key); def && def->has_default) {
    return def->default_value;
  }
  return std::nullopt;
}

std::optional<std::string> ConfigReader::String(const std::string& key) const {
  return Raw(key);
}

std::vector<std::string> ConfigReader::List(const std::string& key) const {
  auto raw = Raw(key);
  return raw ? SplitList(*raw) : std::vector<std::string>{};
}

bool ConfigReader::Bool(const std::string& key) const {
  auto raw = Raw(key);
  return raw && config_detail::Lower(config_detail::Trim(*raw)) == "true";
}

std::optional<int64_t> ConfigReader::Long(const std::string& key) const {
  auto raw = Raw(key);
  int64_t out = 0;
  if (!raw || !config_detail::ParseInteger(*raw, INT64_MIN, INT64_MAX, out)) return std::nullopt;
  return out;
}

void ConfigReader::Invalid(const std::string& key, const std::string& why) {
  auto raw = Raw(key);
  Problem(key, "Invalid value " + (raw ? *raw : std::string("null")) + " for configuration " +
                   Prefixed(key) + ": " + why);
}

void ConfigReader::Problem(const std::string& key, std::string message) {
  problems_.push_back({Prefixed(key), std::move(message)});
}

void ConfigReader::CheckNonEmptyList(const std::string& key) {
  if (Valid(key) && IsSet(key) && List(key).empty()) Invalid(key, "Empty list");
}

void ConfigReader::General(std::string message) {
  problems_.push_back({prefix_.empty() ? std::string() : prefix_ + "type", std::move(message)});
}

bool ConfigReader::Valid(const std::string& key) const {
  const std::string name = Prefixed(key);
  for (const auto& p : problems_) {
    if (p.key == name) return false;
  }
  return true;
}

Status ConfigReader::ToStatus() const {
  if (problems_.empty()) return Status::OK();
  std::string text;
  for (const auto& p : problems_) {
    if (!text.empty()) text += "; ";
    text += DescribeProblem(p);
  }
  return Status::InvalidArgument(std::move(text));
}

std::string DescribeProblem(const ConfigProblem& problem) {
  if (problem.key.empty()) return problem.message;
  if (problem.message.find(problem.key) != std::string::npos) return problem.message;
  return problem.key + ": " + problem.message;
}

}  // namespace sluice::transforms
