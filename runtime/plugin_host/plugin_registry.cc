#include "plugin_host/plugin_registry.h"

#include <algorithm>
#include <filesystem>

#include "common/log.h"

namespace sluice::plugin_host {
namespace {

constexpr const char* kLogger = "plugins";

bool IsSharedLibrary(const std::filesystem::path& p) {
  return p.extension() == ".so" && std::filesystem::is_regular_file(p);
}

std::vector<std::string> LibrariesIn(const std::string& entry) {
  namespace fs = std::filesystem;
  std::vector<std::string> found;
  std::error_code ec;
  if (IsSharedLibrary(entry)) return {entry};
  if (!fs::is_directory(entry, ec)) {
    SLUICE_LOG_WARN(kLogger,
                    "plugin.path entry " << entry << " is neither a folder nor a .so; skipped");
    return found;
  }
  for (const auto& item : fs::directory_iterator(entry, ec)) {
    if (IsSharedLibrary(item.path())) {
      found.push_back(item.path().string());
    } else if (item.is_directory()) {
      for (const auto& inner : fs::directory_iterator(item.path(), ec)) {
        if (IsSharedLibrary(inner.path())) found.push_back(inner.path().string());
      }
    }
  }
  std::sort(found.begin(), found.end());  // deterministic: the first of two duplicates wins
  return found;
}

}  // namespace

std::vector<std::string> ComponentAliases(const ComponentClass& cls) {
  std::vector<std::string> names = cls.aliases;
  auto add = [&](std::string name) {
    if (name != cls.class_name && std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(std::move(name));
    }
  };
  const std::string simple = cls.class_name.substr(cls.class_name.rfind('.') + 1);
  add(simple);
  const std::string_view suffix = cls.type == SLUICE_COMPONENT_CONVERTER ? "Converter"
                                  : cls.type == SLUICE_COMPONENT_HEADER_CONVERTER
                                      ? "HeaderConverter"
                                      : "";
  if (!suffix.empty() && simple.size() > suffix.size() && simple.ends_with(suffix)) {
    add(simple.substr(0, simple.size() - suffix.size()));
  }
  return names;
}

std::unique_ptr<PluginRegistry> PluginRegistry::Scan(const std::vector<std::string>& plugin_path) {
  auto registry = std::make_unique<PluginRegistry>();
  for (const auto& entry : plugin_path) {
    for (const auto& lib : LibrariesIn(entry)) {
      Status st = registry->AddLibrary(lib);
      if (!st.ok()) {
        SLUICE_LOG_ERROR(kLogger, st.message());
        registry->errors_.push_back({lib, st.message()});
      }
    }
  }
  return registry;
}

Status PluginRegistry::AddLibrary(const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(auto library, PluginLibrary::Load(path));
  for (const auto& cls : library->classes()) {
    Register(cls);
    SLUICE_LOG_INFO(kLogger, "loaded " << (cls->type == SLUICE_PLUGIN_SOURCE ? "source" : "sink")
                                       << " connector " << cls->class_name << " " << cls->version
                                       << " from " << path);
  }
  for (const auto& cls : library->components()) {
    Register(cls);
    SLUICE_LOG_INFO(kLogger, "loaded " << ComponentTypeName(cls->type) << " " << cls->class_name
                                       << " " << cls->version << " from " << path);
  }
  return Status::OK();
}

void PluginRegistry::Register(const std::shared_ptr<const ComponentClass>& cls) {
  if (components_by_name_.count({cls->type, cls->class_name})) {
    SLUICE_LOG_WARN(kLogger, ComponentTypeName(cls->type)
                                 << " " << cls->class_name
                                 << " is provided twice; keeping the first");
    return;
  }
  components_.push_back(cls);
  components_by_name_.emplace(std::pair{cls->type, cls->class_name}, cls);
  for (const auto& n : ComponentAliases(*cls))
    components_by_name_.emplace(std::pair{cls->type, n}, cls);
}

std::shared_ptr<const ComponentClass> PluginRegistry::FindComponent(sluice_component_type type,
                                                                    const std::string& name) const {
  auto it = components_by_name_.find({type, name});
  return it == components_by_name_.end() ? nullptr : it->second;
}

void PluginRegistry::Register(const std::shared_ptr<const ConnectorClass>& cls) {
  if (by_name_.count(cls->class_name)) {
    SLUICE_LOG_WARN(
        kLogger, "connector class " << cls->class_name << " is provided twice; keeping the first");
    return;
  }
  classes_.push_back(cls);
  std::vector<std::string> names = cls->aliases;
  names.push_back(cls->class_name);
  std::string simple = cls->class_name.substr(cls->class_name.rfind('.') + 1);
  names.push_back(simple);
  const std::string suffix = "Connector";
  if (simple.size() > suffix.size() && simple.ends_with(suffix)) {
    names.push_back(simple.substr(0, simple.size() - suffix.size()));
  }
  for (const auto& n : names) by_name_.emplace(n, cls);  // an existing alias is kept
}

std::shared_ptr<const ConnectorClass> PluginRegistry::Find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const ConnectorClass>> PluginRegistry::Connectors() const {
  return classes_;
}

}  // namespace sluice::plugin_host
