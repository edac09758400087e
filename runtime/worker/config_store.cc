#include "worker/config_store.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/properties.h"

namespace sluice::worker {

Result<std::unique_ptr<FileConfigStore>> FileConfigStore::Open(const std::string& path) {
  std::unique_ptr<FileConfigStore> store(new FileConfigStore(path));
  if (!std::filesystem::exists(path)) return store;
  SLUICE_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("connectors")) {
    return Status::Corruption("connector config file " + path + " is not the JSON Sluice writes");
  }
  for (const auto& [name, entry] : j["connectors"].items()) {
    StoredConnector c;
    c.config = entry.value("config", StringMap{});
    std::string state = entry.value("target_state", "STARTED");
    c.target_state = state == "PAUSED"    ? TargetState::kPaused
                     : state == "STOPPED" ? TargetState::kStopped
                                          : TargetState::kStarted;
    store->connectors_[name] = std::move(c);
  }
  return store;
}

std::map<std::string, StoredConnector> FileConfigStore::LoadAll() {
  std::lock_guard<std::mutex> lock(mu_);
  return connectors_;
}

Status FileConfigStore::Put(const std::string& name, const StoredConnector& connector) {
  std::lock_guard<std::mutex> lock(mu_);
  connectors_[name] = connector;
  return Save();
}

Status FileConfigStore::Remove(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  connectors_.erase(name);
  return Save();
}

Status FileConfigStore::Save() {
  nlohmann::json connectors = nlohmann::json::object();
  for (const auto& [name, c] : connectors_) {
    connectors[name] = {{"config", c.config}, {"target_state", TargetStateName(c.target_state)}};
  }
  return WriteFileAtomically(path_, nlohmann::json{{"connectors", connectors}}.dump(2) + "\n");
}

}  // namespace sluice::worker
