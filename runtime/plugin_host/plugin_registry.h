// Every connector and component class found on `plugin.path`, by class name and alias.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "plugin_host/plugin_library.h"
#include "plugin_host/plugin_scan.h"

namespace sluice::plugin_host {

// The names a component class answers to besides its class name, as Kafka's PluginUtils gives
// them: its declared aliases, its simple name (after the last '.') and that name without its
// type's suffix ("Converter", "HeaderConverter").
std::vector<std::string> ComponentAliases(const ComponentClass& cls);

struct PluginLoadError {
  std::string path;
  std::string message;
};

// Connector classes are known from the scan, but their library is loaded into the worker only
// when a class of it is first needed (a connector created or validated), and then stays loaded.
// Libraries that declare component classes are loaded at the scan: the worker registers those
// classes with its converters and transformations. Thread-safe.
class PluginRegistry {
 public:
  // Scans every `*.so` in each directory of `plugin_path` and in their direct subfolders (a
  // plugin may ship as a folder with its own libraries), or the file itself when an entry names
  // a `.so`, loading each in a child process (plugin_scan.h). A library that fails to load, or
  // crashes or hangs while loading, is logged and recorded; the others load regardless.
  static std::unique_ptr<PluginRegistry> Scan(const std::vector<std::string>& plugin_path,
                                              const ScanOptions& options = {});

  // Loads one library into this process now and registers its classes.
  Status AddLibrary(const std::string& path);

  // Finds a class by its name, one of its aliases, its simple name (after the last '.') or that
  // name without the "Connector" suffix, as Kafka Connect accepts, and loads its library if it
  // is not loaded yet. nullptr when unknown, or when its library no longer loads (that is
  // logged, recorded in errors(), and the class is no longer listed).
  std::shared_ptr<const ConnectorClass> Find(const std::string& name) const;

  // Find, saying why: NotFound for a name no class answers to, InvalidArgument naming the
  // library and its error when the library does not load.
  Result<std::shared_ptr<const ConnectorClass>> Load(const std::string& name) const;

  // The same lookup without loading anything.
  std::shared_ptr<const ConnectorClassInfo> Describe(const std::string& name) const;

  std::vector<std::shared_ptr<const ConnectorClassInfo>> Connectors() const;

  // Component classes (converters, header converters, transformations, predicates), in the
  // order they were loaded. A class is found by type and by its name, an alias, its simple name,
  // or that name without its type's suffix ("Converter", "HeaderConverter").
  std::shared_ptr<const ComponentClass> FindComponent(sluice_component_type type,
                                                      const std::string& name) const;
  std::vector<std::shared_ptr<const ComponentClass>> Components() const;

  std::vector<PluginLoadError> errors() const;

  // Whether the library at `path` is loaded into this process.
  bool IsLoaded(const std::string& path) const;

 private:
  void RegisterLibrary(const std::shared_ptr<PluginLibrary>& library);
  void Register(std::shared_ptr<const ConnectorClassInfo> cls);
  void Register(const std::shared_ptr<const ComponentClass>& cls);
  std::shared_ptr<const ConnectorClassInfo> DescribeLocked(const std::string& name) const;

  mutable std::mutex mu_;
  std::vector<std::shared_ptr<const ConnectorClassInfo>> classes_;
  std::map<std::string, std::shared_ptr<const ConnectorClassInfo>> by_name_;
  // Loaded libraries by path; a library whose load failed after the scan maps to nullptr.
  mutable std::map<std::string, std::shared_ptr<PluginLibrary>> loaded_;
  std::vector<std::shared_ptr<const ComponentClass>> components_;
  std::map<std::pair<sluice_component_type, std::string>, std::shared_ptr<const ComponentClass>>
      components_by_name_;
  mutable std::vector<PluginLoadError> errors_;
};

}  // namespace sluice::plugin_host
