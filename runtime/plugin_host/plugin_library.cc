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

// Copies what the plugin declared into `table`; fields added by later minors stay zero.
template <typename Table>
void CopyTable(const Table& given, Table& table) {
  std::memcpy(&table, &given, std::min<size_t>(given.struct_size, sizeof(table)));
  table.struct_size = sizeof(table);
}

template <typename Table>
std::string DeclaredName(const Table& table) {
  return table.class_name ? table.class_name : "?";
}

template <typename Table>
Status CheckHooks(const Table& table, const std::string& path) {
  auto missing = MissingHooks(table);
  if (missing.empty()) return Status::OK();
  return Status::InvalidArgument("plugin " + path + ": class " + DeclaredName(table) +
                                 " lacks required hooks: " + JoinNames(missing));
}

// The names, version and definition that connector and component tables declare alike (the
// class name is checked by CheckHooks).
template <typename Table>
Status ReadDeclaration(const Table& table, const std::string& path, ClassDeclaration& cls) {
  cls.class_name = table.class_name;
  cls.version = table.version ? table.version : "";
  cls.library_path = path;
  for (const char* const* a = table.aliases; a && *a; ++a) cls.aliases.emplace_back(*a);
  SLUICE_ASSIGN_OR_RETURN(cls.definition,
                          ParseDefinition(table.config_def_json, path, cls.class_name));
  return Status::OK();
}

// Pointers to each of `classes` that keep their owner, the loaded library, alive.
template <typename Class>
std::vector<std::shared_ptr<const Class>> SharingOwner(
    const std::shared_ptr<const PluginLibrary>& owner, const std::vector<Class>& classes) {
  std::vector<std::shared_ptr<const Class>> out;
  out.reserve(classes.size());
  for (const Class& cls : classes) out.emplace_back(owner, &cls);
  return out;
}

}  // namespace

const char* PluginTypeName(sluice_plugin_type type) {
  return type == SLUICE_PLUGIN_SOURCE ? "source" : "sink";
}

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
  CopyTable(*given, cls.table);
  SLUICE_RETURN_IF_ERROR(CheckHooks(cls.table, path_));
  cls.type = cls.table.type;
  SLUICE_RETURN_IF_ERROR(ReadDeclaration(cls.table, path_, cls));
  classes_.push_back(std::move(cls));
  return Status::OK();
}

Status PluginLibrary::AddComponentClass(const sluice_component_class* given, size_t index) {
  if (given == nullptr) {
    return Status::InvalidArgument("plugin " + path_ + ": component class " +
                                   std::to_string(index) + " is null");
  }
  ComponentClass cls;
  CopyTable(*given, cls.table);
  if (cls.table.type < SLUICE_COMPONENT_CONVERTER || cls.table.type > SLUICE_COMPONENT_PREDICATE) {
    return Status::InvalidArgument("plugin " + path_ + ": class " + DeclaredName(cls.table) +
                                   " has an unknown component type " +
                                   std::to_string(static_cast<int>(cls.table.type)));
  }
  SLUICE_RETURN_IF_ERROR(CheckHooks(cls.table, path_));
  cls.type = cls.table.type;
  SLUICE_RETURN_IF_ERROR(ReadDeclaration(cls.table, path_, cls));
  components_.push_back(std::move(cls));
  return Status::OK();
}

std::vector<std::shared_ptr<const ConnectorClass>> PluginLibrary::classes() const {
  return SharingOwner(shared_from_this(), classes_);
}

std::vector<std::shared_ptr<const ComponentClass>> PluginLibrary::components() const {
  return SharingOwner(shared_from_this(), components_);
}

}  // namespace sluice::plugin_host
