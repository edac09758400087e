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

// The short names a class answers to beside its full name: "org.x.FileStreamSourceConnector" is
// also "FileStreamSourceConnector" and, without the `suffix` of its kind, "FileStreamSource".
std::vector<std::string> SimpleNames(const std::string& class_name, std::string_view suffix) {
  const std::string simple = class_name.substr(class_name.rfind('.') + 1);
  std::vector<std::string> names = {simple};
  if (!suffix.empty() && simple.size() > suffix.size() && simple.ends_with(suffix)) {
    names.push_back(simple.substr(0, simple.size() - suffix.size()));
  }
  return names;
}

}  // namespace

std::vector<std::string> ComponentAliases(const ComponentClass& cls) {
  std::vector<std::string> names = cls.aliases;
  const std::string_view suffix = cls.type == SLUICE_COMPONENT_CONVERTER ? "Converter"
                                  : cls.type == SLUICE_COMPONENT_HEADER_CONVERTER
                                      ? "HeaderConverter"
                                      : "";
  for (auto& name : SimpleNames(cls.class_name, suffix)) {
    if (name != cls.class_name && std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(std::move(name));
    }
  }
  return names;
}

std::unique_ptr<PluginRegistry> PluginRegistry::Scan(const std::vector<std::string>& plugin_path,
                                                     const ScanOptions& options) {
  auto registry = std::make_unique<PluginRegistry>();
  std::vector<std::string> libraries;
  for (const auto& entry : plugin_path) {
    for (auto& lib : LibrariesIn(entry)) libraries.push_back(std::move(lib));
  }
  for (auto& manifest : ScanLibraries(libraries, options)) {
    if (!manifest.error.empty()) {
      SLUICE_LOG_ERROR(kLogger, manifest.error);
      registry->errors_.push_back({manifest.path, manifest.error});
      continue;
    }
    if (manifest.component_count > 0) {
      Status st = registry->AddLibrary(manifest.path);
      if (!st.ok()) {
        SLUICE_LOG_ERROR(kLogger, st.message());
        registry->errors_.push_back({manifest.path, st.message()});
      }
      continue;
    }
    for (auto& cls : manifest.connectors) {
      SLUICE_LOG_INFO(kLogger, "found " << PluginTypeName(cls.type) << " connector "
                                        << cls.class_name << " " << cls.version << " in "
                                        << manifest.path);
      registry->Register(std::make_shared<const ConnectorClassInfo>(std::move(cls)));
    }
  }
  return registry;
}

Status PluginRegistry::AddLibrary(const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(auto library, PluginLibrary::Load(path));
  RegisterLibrary(library);
  return Status::OK();
}

void PluginRegistry::RegisterLibrary(const std::shared_ptr<PluginLibrary>& library) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    loaded_[library->path()] = library;
  }
  for (const auto& cls : library->classes()) {
    SLUICE_LOG_INFO(kLogger, "loaded " << PluginTypeName(cls->type) << " connector "
                                       << cls->class_name << " " << cls->version << " from "
                                       << library->path());
    Register(std::make_shared<const ConnectorClassInfo>(*cls));
  }
  for (const auto& cls : library->components()) {
    Register(cls);
    SLUICE_LOG_INFO(kLogger, "loaded " << ComponentTypeName(cls->type) << " " << cls->class_name
                                       << " " << cls->version << " from " << library->path());
  }
}

void PluginRegistry::Register(const std::shared_ptr<const ComponentClass>& cls) {
  std::lock_guard<std::mutex> lock(mu_);
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
  std::lock_guard<std::mutex> lock(mu_);
  auto it = components_by_name_.find({type, name});
  return it == components_by_name_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const ComponentClass>> PluginRegistry::Components() const {
  std::lock_guard<std::mutex> lock(mu_);
  return components_;
}

void PluginRegistry::Register(std::shared_ptr<const ConnectorClassInfo> cls) {
  std::lock_guard<std::mutex> lock(mu_);
  if (by_name_.count(cls->class_name)) {
    SLUICE_LOG_WARN(
        kLogger, "connector class " << cls->class_name << " is provided twice; keeping the first");
    return;
  }
  classes_.push_back(cls);
  std::vector<std::string> names = cls->aliases;
  names.push_back(cls->class_name);
  for (auto& name : SimpleNames(cls->class_name, "Connector")) names.push_back(std::move(name));
  for (const auto& n : names) by_name_.emplace(n, cls);  // an existing alias is kept
}

std::shared_ptr<const ConnectorClassInfo> PluginRegistry::DescribeLocked(
    const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) return nullptr;
  auto lib = loaded_.find(it->second->library_path);
  if (lib != loaded_.end() && lib->second == nullptr) return nullptr;  // failed to load since
  return it->second;
}

std::shared_ptr<const ConnectorClassInfo> PluginRegistry::Describe(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  return DescribeLocked(name);
}

std::shared_ptr<const ConnectorClass> PluginRegistry::Find(const std::string& name) const {
  auto cls = Load(name);
  return cls.ok() ? *cls : nullptr;
}

Result<std::shared_ptr<const ConnectorClass>> PluginRegistry::Load(const std::string& name) const {
  // Held across the load: two first uses of a library must not load it twice.
  std::lock_guard<std::mutex> lock(mu_);
  auto info = DescribeLocked(name);
  if (!info) return Status::NotFound("no connector class " + name);
  auto& library = loaded_[info->library_path];
  std::string failure;
  if (!library) {
    auto loaded = PluginLibrary::Load(info->library_path);
    if (loaded.ok()) {
      library = *loaded;
      SLUICE_LOG_INFO(kLogger, "loaded " << info->library_path << " for " << info->class_name);
    } else {
      failure = loaded.status().message();
    }
  }
  if (library) {
    for (auto& cls : library->classes()) {
      if (cls->class_name == info->class_name) return cls;
    }
    library.reset();
    failure = "plugin " + info->library_path + " no longer provides " + info->class_name +
              ", which it declared when the worker started";
  }
  // The library changed on disk or fails now: stop offering its classes, and say why once.
  SLUICE_LOG_ERROR(kLogger, failure);
  errors_.push_back({info->library_path, failure});
  return Status::InvalidArgument(failure);
}

std::vector<std::shared_ptr<const ConnectorClassInfo>> PluginRegistry::Connectors() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::shared_ptr<const ConnectorClassInfo>> out;
  for (const auto& cls : classes_) {
    if (DescribeLocked(cls->class_name) == cls) out.push_back(cls);
  }
  return out;
}

std::vector<PluginLoadError> PluginRegistry::errors() const {
  std::lock_guard<std::mutex> lock(mu_);
  return errors_;
}

bool PluginRegistry::IsLoaded(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = loaded_.find(path);
  return it != loaded_.end() && it->second != nullptr;
}

}  // namespace sluice::plugin_host
