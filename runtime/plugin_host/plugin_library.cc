#include "plugin_host/plugin_library.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <mutex>

#include <boost/dll/runtime_symbol_info.hpp>
#include <nlohmann/json.hpp>

#include "common/log.h"
#include "plugin_host/host_calls.h"

namespace sluice::plugin_host {
namespace {

// Boost.DLL documents that concurrent loads and unloads are not safe: serialise them.
std::mutex& LoaderMutex() {
  static std::mutex mu;
  return mu;
}

// Names the required hooks a class lacks, within the part of the table the plugin declared.
std::vector<std::string> MissingHooks(const sluice_connector_class& c) {
  std::vector<std::string> missing;
  auto need = [&](const void* fn, const char* name) {
    if (fn == nullptr) missing.push_back(name);
  };
  need(reinterpret_cast<const void*>(c.connector_create), "connector_create");
  need(reinterpret_cast<const void*>(c.connector_task_configs), "connector_task_configs");
  need(reinterpret_cast<const void*>(c.connector_destroy), "connector_destroy");
  need(reinterpret_cast<const void*>(c.task_destroy), "task_destroy");
  if (c.type == SLUICE_PLUGIN_SOURCE) {
    need(reinterpret_cast<const void*>(c.source_task_create), "source_task_create");
    need(reinterpret_cast<const void*>(c.source_task_poll), "source_task_poll");
  } else {
    need(reinterpret_cast<const void*>(c.sink_task_create), "sink_task_create");
    need(reinterpret_cast<const void*>(c.sink_task_put), "sink_task_put");
  }
  if (c.class_name == nullptr) missing.push_back("class_name");
  return missing;
}

std::vector<std::string> MissingHooks(const sluice_component_class& c) {
  std::vector<std::string> missing;
  auto need = [&](const void* fn, const char* name) {
    if (fn == nullptr) missing.push_back(name);
  };
  need(reinterpret_cast<const void*>(c.create), "create");
  need(reinterpret_cast<const void*>(c.destroy), "destroy");
  switch (c.type) {
    case SLUICE_COMPONENT_CONVERTER:
    case SLUICE_COMPONENT_HEADER_CONVERTER:
      need(reinterpret_cast<const void*>(c.from_connect), "from_connect");
      need(reinterpret_cast<const void*>(c.to_connect), "to_connect");
      break;
    case SLUICE_COMPONENT_TRANSFORMATION:
      need(reinterpret_cast<const void*>(c.transformation_apply), "transformation_apply");
      break;
    case SLUICE_COMPONENT_PREDICATE:
      need(reinterpret_cast<const void*>(c.predicate_test), "predicate_test");
      break;
  }
  if (c.class_name == nullptr) missing.push_back("class_name");
  return missing;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return list;
}

Result<ConfigDef> ParseDefinition(const char* json, const std::string& path,
                                  const std::string& class_name) {
  if (json == nullptr) return ConfigDef();
  auto def = nlohmann::json::parse(json, nullptr, false);
  if (def.is_discarded()) {
    return Status::InvalidArgument("plugin " + path + ": class " + class_name +
                                   " declares a config definition that is not JSON");
  }
  try {
    return ConfigDef::FromJson(def);
  } catch (const std::exception& e) {
    return Status::InvalidArgument("plugin " + path + ": class " + class_name +
                                   " declares a malformed config definition: " + e.what());
  }
}

}  // namespace

const char* ComponentTypeName(sluice_component_type type) {
  switch (type) {
    case SLUICE_COMPONENT_CONVERTER:
      return "converter";
    case SLUICE_COMPONENT_HEADER_CONVERTER:
      return "header_converter";
    case SLUICE_COMPONENT_TRANSFORMATION:
      return "transformation";
    case SLUICE_COMPONENT_PREDICATE:
      return "predicate";
  }
  return "unknown";
}

Result<std::shared_ptr<PluginLibrary>> PluginLibrary::Load(const std::string& path) {
  std::shared_ptr<PluginLibrary> lib(new PluginLibrary());
  lib->path_ = path;
  {
    std::lock_guard<std::mutex> lock(LoaderMutex());
    boost::system::error_code ec;
    lib->library_.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
                       ec);
    if (ec) {
      const char* detail = dlerror();
      return Status::InvalidArgument("cannot load plugin " + path + ": " +
                                     (detail ? std::string(detail) : ec.message()));
    }
  }
  SLUICE_RETURN_IF_ERROR(lib->Initialise());
  return lib;
}

Status PluginLibrary::Initialise() {
  if (!library_.has(SLUICE_PLUGIN_ENTRY_SYMBOL)) {
    return Status::InvalidArgument(path_ + " is not a Sluice plugin: it exports no " +
                                   SLUICE_PLUGIN_ENTRY_SYMBOL);
  }
  auto& init =
      library_.get<std::remove_pointer_t<sluice_plugin_init_fn>>(SLUICE_PLUGIN_ENTRY_SYMBOL);

  sluice_plugin_api api{};
  api.struct_size = sizeof(sluice_plugin_api);
  char error[512] = {0};
  sluice_status st = init(HostApi(), &api, error, sizeof(error));
  if (st != SLUICE_OK) {
    return Status::InvalidArgument(
        "plugin " + path_ + " failed to initialise: " +
        (error[0] ? std::string(error) : std::string("no reason given")));
  }
  if (api.abi_major != SLUICE_ABI_MAJOR) {
    return Status::InvalidArgument(
        "plugin " + path_ + " was built for plugin ABI " + std::to_string(api.abi_major) + "." +
        std::to_string(api.abi_minor) + "; this worker speaks " + std::to_string(SLUICE_ABI_MAJOR) +
        "." + std::to_string(SLUICE_ABI_MINOR));
  }
  if (api.abi_minor > SLUICE_ABI_MINOR) {
    return Status::InvalidArgument(
        "plugin " + path_ + " needs plugin ABI " + std::to_string(api.abi_major) + "." +
        std::to_string(api.abi_minor) + ", newer than this worker's " +
        std::to_string(SLUICE_ABI_MAJOR) + "." + std::to_string(SLUICE_ABI_MINOR));
  }
  name_ = api.plugin_name ? api.plugin_name : path_;
  if (api.connector_class_count > 0 && api.connector_classes == nullptr) {
    return Status::InvalidArgument("plugin " + path_ + " declares classes but gives no table");
  }
  for (size_t i = 0; i < api.connector_class_count; ++i) {
    SLUICE_RETURN_IF_ERROR(AddConnectorClass(api.connector_classes[i], i));
  }
  // A 1.0 plugin's table ends before the component list (and the host zeroed it).
  const bool has_components =
      api.abi_minor >= 1 &&
      api.struct_size >= offsetof(sluice_plugin_api, component_class_count) + sizeof(size_t);
  if (has_components) {
    if (api.component_class_count > 0 && api.component_classes == nullptr) {
      return Status::InvalidArgument("plugin " + path_ +
                                     " declares component classes but gives no table");
    }
    for (size_t i = 0; i < api.component_class_count; ++i) {
      SLUICE_RETURN_IF_ERROR(AddComponentClass(api.component_classes[i], i));
    }
  }
  return Status::OK();
}

Status PluginLibrary::AddConnectorClass(const sluice_connector_class* given, size_t index) {
  if (given == nullptr) {
    return Status::InvalidArgument("plugin " + path_ + ": connector class " +
                                   std::to_string(index) + " is null");
  }
  ConnectorClass cls;
  // Read only what the plugin declared; fields added by later minors stay null.
  std::memcpy(&cls.table, given, std::min<size_t>(given->struct_size, sizeof(cls.table)));
  cls.table.struct_size = sizeof(cls.table);
  auto missing = MissingHooks(cls.table);
  if (!missing.empty()) {
    return Status::InvalidArgument("plugin " + path_ + ": class " +
                                   (cls.table.class_name ? cls.table.class_name : "?") +
                                   " lacks required hooks: " + JoinNames(missing));
  }
  cls.class_name = cls.table.class_name;
  cls.type = cls.table.type;
  cls.version = cls.table.version ? cls.table.version : "";
  cls.library_path = path_;
  for (const char* const* a = cls.table.aliases; a && *a; ++a) cls.aliases.emplace_back(*a);
  SLUICE_ASSIGN_OR_RETURN(cls.definition,
                          ParseDefinition(cls.table.config_def_json, path_, cls.class_name));
  classes_.push_back(std::move(cls));
  return Status::OK();
}

Status PluginLibrary::AddComponentClass(const sluice_component_class* given, size_t index) {
  if (given == nullptr) {
    return Status::InvalidArgument("plugin " + path_ + ": component class " +
                                   std::to_string(index) + " is null");
  }
  ComponentClass cls;
  std::memcpy(&cls.table, given, std::min<size_t>(given->struct_size, sizeof(cls.table)));
  cls.table.struct_size = sizeof(cls.table);
  const std::string name = cls.table.class_name ? cls.table.class_name : "?";
  if (cls.table.type < SLUICE_COMPONENT_CONVERTER || cls.table.type > SLUICE_COMPONENT_PREDICATE) {
    return Status::InvalidArgument("plugin " + path_ + ": class " + name +
                                   " has an unknown component type " +
                                   std::to_string(static_cast<int>(cls.table.type)));
  }
  auto missing = MissingHooks(cls.table);
  if (!missing.empty()) {
    return Status::InvalidArgument("plugin " + path_ + ": class " + name +
                                   " lacks required hooks: " + JoinNames(missing));
  }
  cls.class_name = name;
  cls.type = cls.table.type;
  cls.version = cls.table.version ? cls.table.version : "";
  cls.library_path = path_;
  for (const char* const* a = cls.table.aliases; a && *a; ++a) cls.aliases.emplace_back(*a);
  SLUICE_ASSIGN_OR_RETURN(cls.definition,
                          ParseDefinition(cls.table.config_def_json, path_, cls.class_name));
  components_.push_back(std::move(cls));
  return Status::OK();
}

std::vector<std::shared_ptr<const ConnectorClass>> PluginLibrary::classes() const {
  std::vector<std::shared_ptr<const ConnectorClass>> out;
  auto self = shared_from_this();
  for (const auto& cls : classes_) out.emplace_back(self, &cls);
  return out;
}

std::vector<std::shared_ptr<const ComponentClass>> PluginLibrary::components() const {
  std::vector<std::shared_ptr<const ComponentClass>> out;
  auto self = shared_from_this();
  for (const auto& cls : components_) out.emplace_back(self, &cls);
  return out;
}

}  // namespace sluice::plugin_host
