// Validating a connector config before anything is created: the framework's keys (Kafka
// Connect's ConnectorConfig, SourceConnectorConfig and SinkConnectorConfig) and the plugin's own
// declared keys, reported as Kafka's ConfigInfos.
#pragma once

#include <memory>
#include <string>

#include "plugin_host/plugin_library.h"
#include "plugin_host/plugin_registry.h"
#include "sluice/config_def.h"
#include "worker/herder.h"

namespace sluice::worker {

// The framework's keys for a connector of this type, in Kafka's groups and order.
const ConfigDef& FrameworkDefinition(ConnectorType type);
std::vector<std::string> FrameworkGroups(ConnectorType type);

ConnectorType TypeOf(const plugin_host::ConnectorClassInfo& cls);

// Validates `config` for `cls` (null when connector.class names no known plugin). Never fails:
// problems are counted in error_count, as Kafka's validate endpoint does.
ConfigInfos ValidateConnectorConfig(
    const std::shared_ptr<const plugin_host::ConnectorClassInfo>& cls, const StringMap& config,
    const plugin_host::PluginRegistry& registry);

// Kafka's 400 text for an invalid connector config, listing every error.
std::string InvalidConfigMessage(const ConfigInfos& infos);

// The message for a connector.class that names no loaded plugin.
std::string UnknownClassMessage(const std::string& class_name,
                                const plugin_host::PluginRegistry& registry);

}  // namespace sluice::worker
