// One plugin `.so`, loaded with Boost.DLL (RTLD_NOW | RTLD_LOCAL) and initialised through its
// single entry point. Every object created from a plugin holds a shared_ptr to its library, so
// the library stays loaded until the last of them is gone.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include "common/status.h"
#include "sluice/config_def.h"
#include "sluice/plugin_abi.h"

namespace sluice::plugin_host {

class PluginLibrary;

// What every class a library provides declares the same way: its names, version and config
// definition, and the library it comes from.
struct ClassDeclaration {
  std::string class_name;
  std::vector<std::string> aliases;
  std::string version;
  ConfigDef definition;
  std::string library_path;
};

// What a connector class declares about itself: enough to list it, resolve its names and
// validate a config against its definition, with or without its library loaded.
struct ConnectorClassInfo : ClassDeclaration {
  sluice_plugin_type type = SLUICE_PLUGIN_SOURCE;
};

// One connector class of a loaded library, checked and ready to use.
struct ConnectorClass : ConnectorClassInfo {
  sluice_connector_class table{};  // zero-filled past the plugin's struct_size
};

// One component class (ABI 1.1: a converter, header converter, transformation or predicate) a
// library provides, checked and ready to use.
struct ComponentClass : ClassDeclaration {
  sluice_component_type type = SLUICE_COMPONENT_CONVERTER;
  sluice_component_class table{};  // zero-filled past the plugin's struct_size
};

// "source" or "sink".
const char* PluginTypeName(sluice_plugin_type type);
// "converter", "header_converter", "transformation" or "predicate": Kafka's plugin type names.
const char* ComponentTypeName(sluice_component_type type);

class PluginLibrary : public std::enable_shared_from_this<PluginLibrary> {
 public:
  // Loads and initialises the library at `path`. Errors name the file and what is wrong: not a
  // plugin, another ABI major, a failing init, a class missing a required hook.
  static Result<std::shared_ptr<PluginLibrary>> Load(const std::string& path);

  const std::string& path() const { return path_; }
  const std::string& name() const { return name_; }
  // The library's classes. Each pointer shares ownership of the library, which stays loaded
  // while any of them (or anything created from them) lives.
  std::vector<std::shared_ptr<const ConnectorClass>> classes() const;
  // The library's component classes, sharing ownership of the library likewise.
  std::vector<std::shared_ptr<const ComponentClass>> components() const;

 private:
  PluginLibrary() = default;
  Status Initialise();
  Status AddConnectorClass(const sluice_connector_class* given, size_t index);
  Status AddComponentClass(const sluice_component_class* given, size_t index);

  std::string path_;
  std::string name_;
  boost::dll::shared_library library_;
  std::vector<ConnectorClass> classes_;
  std::vector<ComponentClass> components_;
};

}  // namespace sluice::plugin_host
