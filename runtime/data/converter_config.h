// Config handling shared by the built-in converters: Kafka's ConverterConfig (converter.type) and
// validation of a converter's keys against its ConfigDef.
#pragma once

#include <string>

#include "common/status.h"
#include "data/converter.h"
#include "sluice/config_def.h"

namespace sluice::data {

inline constexpr const char* kConverterTypeConfig = "converter.type";

// How an instance is used; Configure() sets converter.type from it, as Kafka does.
enum class ConverterRole { kKey, kValue, kHeader };
const char* ConverterRoleName(ConverterRole role);  // "key" | "value" | "header"

// Kafka's ConverterConfig.newConfigDef(): the definition every converter's starts from.
ConfigDef NewConverterConfigDef();

// Validates `config` (with converter.type set for `role`) against `definition`. On success
// `*out` holds the config with defaults applied; otherwise InvalidArgument of the form
// "Invalid configuration for <class_name>: <Kafka's message for each bad key>".
Status ValidateConverterConfig(const std::string& class_name, const ConfigDef& definition,
                               const ConverterConfig& config, ConverterRole role, Config* out);

}  // namespace sluice::data
