#include "plugin_host/plugin_library.h"

#include <algorithm>
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

}  // namespace

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
    const sluice_connector_class* given = api.connector_classes[i];
    if (given == nullptr) {
      return Status::InvalidArgument("plugin " + path_ + ": connector class " + std::to_string(i) +
                                     " is null");
    }
    auto cls = std::make_unique<ConnectorClass>();
    // Read only what the plugin declared; fields added by later minors stay null.
    std::memcpy(&cls->table, given,
                std::min<size_t>(given->struct_size, sizeof(sluice_connector_class)));
    cls->table.struct_size = sizeof(sluice_connector_class);
    auto missing = MissingHooks(cls->table);
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
      return Status::InvalidArgument("plugin " + path_ + ": class " +
                                     (cls->table.class_name ? cls->table.class_name : "?") +
                                     " lacks required hooks: " + list);
    }
    cls->class_name = cls->table.class_name;
    cls->type = cls->table.type;
    cls->version = cls->table.version ? cls->table.version : "";
    for (const char* const* a = cls->table.aliases; a && *a; ++a) cls->aliases.emplace_back(*a);
    if (cls->table.config_def_json) {
      auto def = nlohmann::json::parse(cls->table.config_def_json, nullptr, false);
      if (def.is_discarded()) {
        return Status::InvalidArgument("plugin " + path_ + ": class " + cls->class_name +
                                       " declares a config definition that is not JSON");
      }
      try {
        cls->definition = ConfigDef::FromJson(def);
      } catch (const std::exception& e) {
        return Status::InvalidArgument("plugin " + path_ + ": class " + cls->class_name +
                                       " declares a malformed config definition: " + e.what());
      }
    }
    classes_.push_back(std::move(*cls));
  }
  return Status::OK();
}

std::vector<std::shared_ptr<const ConnectorClass>> PluginLibrary::classes() const {
  std::vector<std::shared_ptr<const ConnectorClass>> out;
  auto self = shared_from_this();
  for (const auto& cls : classes_) out.emplace_back(self, &cls);
  return out;
}

}  // namespace sluice::plugin_host
