#include "data/converter_config.h"

namespace sluice::data {

const char* ConverterRoleName(ConverterRole role) {
  switch (role) {
    case ConverterRole::kKey:
      return "key";
    case ConverterRole::kValue:
      return "value";
    case ConverterRole::kHeader:
      return "header";
  }
  return "value";
}

ConfigDef NewConverterConfigDef() {
  ConfigDef def;
  def.DefineRequired(kConverterTypeConfig, ConfigType::kString,
                     ConfigValidator::OneOf({"key", "value", "header"}), Importance::kLow,
                     "How this converter will be used.");
  return def;
}

Status ValidateConverterConfig(const std::string& class_name, const ConfigDef& definition,
                               const ConverterConfig& config, ConverterRole role, Config* out) {
  ConverterConfig props = config;
  props[kConverterTypeConfig] = ConverterRoleName(role);
  std::string errors;
  for (const auto& result : definition.Validate(props)) {
    for (const auto& error : result.errors) errors += (errors.empty() ? "" : "; ") + error;
  }
  if (!errors.empty()) {
    return Status::InvalidArgument("Invalid configuration for " + class_name + ": " + errors);
  }
  *out = Config(definition, std::move(props));
  return Status::OK();
}

}  // namespace sluice::data
