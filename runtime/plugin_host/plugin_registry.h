// Every connector class found on `plugin.path`, by class name and alias.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "plugin_host/plugin_library.h"

namespace sluice::plugin_host {

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
  const std::vector<PluginLoadError>& errors() const { return errors_; }

 private:
  void Register(const std::shared_ptr<const ConnectorClass>& cls);

  std::vector<std::shared_ptr<const ConnectorClass>> classes_;
  std::map<std::string, std::shared_ptr<const ConnectorClass>> by_name_;
  std::vector<PluginLoadError> errors_;
};

}  // namespace sluice::plugin_host
