// Plugins' components (ABI 1.1) behind the worker's own interfaces: a plugin's converter is a
// data::Converter, its transformation a transforms::DeclaredTransformation, and so on. At start
// the worker registers them in the converter and transform catalogs, so that configs name them
// as they name the built-ins and GET /connector-plugins lists them.
#pragma once

#include "plugin_host/plugin_registry.h"

namespace sluice::plugin_host {

// Adds every component class of `registry` to the catalogs. A class named like a built-in or an
// earlier class is skipped with a warning (the first keeps the name), as Kafka Connect does.
void RegisterComponents(const PluginRegistry& registry);

}  // namespace sluice::plugin_host
