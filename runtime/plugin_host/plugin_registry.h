// Every connector and component class found on `plugin.path`, by class name and alias.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "plugin_host/plugin_library.h"

namespace sluice::plugin_host {

// The names a component class answers to besides its class name, as Kafka's PluginUtils gives
// them: its declared aliases, its simple name (after the last '.') and that name without its
// type's suffix ("Converter", "HeaderConverter").
std::vector<std::string> ComponentAliases(const ComponentClass& cls);

struct PluginLoadError {
  std::string path;
  std::string message;
};

class PluginRegistry {
 public:
  // Loads every `*.so` in each directory of `plugin_path` and in their direct subfolders (a
  // plugin may ship as a folder with its own libraries), or the file itself when an entry names
  // a `.so`. A library that fails to load is logged and recorded; the others load regardless.
  static std::unique_ptr<PluginRegistry> Scan(const std::vector<std::string>& plugin_path);

  // Loads one library and registers its classes.
  Status AddLibrary(const std::string& path);

  // Finds a class by its name, one of its aliases, its simple name (after the last '.') or that
  // name without the "Connector" suffix, as Kafka Connect accepts. nullptr when unknown.
  std::shared_ptr<const ConnectorClass> Find(const std::string& name) const;

  std::vector<std::shared_ptr<const ConnectorClass>> Connectors() const;

  // Component classes (converters, header converters, transformations, predicates), in the
  // order they were loaded. A class is found by type and by its name, an alias, its simple name,
  // or that name without its type's suffix ("Converter", "HeaderConverter").
  std::shared_ptr<const ComponentClass> FindComponent(sluice_component_type type,
                                                      const std::string& name) const;
  std::vector<std::shared_ptr<const ComponentClass>> Components() const { return components_; }

  const std::vector<PluginLoadError>& errors() const { return errors_; }

 private:
  void Register(const std::shared_ptr<const ConnectorClass>& cls);
  void Register(const std::shared_ptr<const ComponentClass>& cls);

  std::vector<std::shared_ptr<const ConnectorClass>> classes_;
  std::map<std::string, std::shared_ptr<const ConnectorClass>> by_name_;
  std::vector<std::shared_ptr<const ComponentClass>> components_;
  std::map<std::pair<sluice_component_type, std::string>, std::shared_ptr<const ComponentClass>>
      components_by_name_;
  std::vector<PluginLoadError> errors_;
};

}  // namespace sluice::plugin_host
