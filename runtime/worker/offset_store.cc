#include "worker/offset_store.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/atomic_file.h"
#include "common/log.h"
#include "common/properties.h"

namespace sluice::worker {

std::string CanonicalJson(const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  return j.is_discarded() ? std::string() : j.dump();  // nlohmann::json keeps keys sorted
}

Result<std::unique_ptr<FileOffsetStore>> FileOffsetStore::Open(const std::string& path) {
  std::unique_ptr<FileOffsetStore> store(new FileOffsetStore(path));
  if (!std::filesystem::exists(path)) return store;
  SLUICE_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Corruption("offset file " + path + " is not the JSON object Sluice writes");
  }
  for (const auto& [connector, partitions] : j.items()) {
    for (const auto& [partition, offset] : partitions.items()) {
      store->offsets_[connector][partition] = offset.dump();
    }
  }
  return store;
}

std::optional<std::string> FileOffsetStore::Get(const std::string& connector,
                                                const std::string& partition_json) {
  std::lock_guard<std::mutex> lock(mu_);
  auto c = offsets_.find(connector);
  if (c == offsets_.end()) return std::nullopt;
  auto p = c->second.find(CanonicalJson(partition_json));
  if (p == c->second.end()) return std::nullopt;
  return p->second;
}

std::map<std::string, std::string> FileOffsetStore::GetAll(const std::string& connector) {
  std::lock_guard<std::mutex> lock(mu_);
  auto c = offsets_.find(connector);
  return c == offsets_.end() ? std::map<std::string, std::string>{} : c->second;
}

Status FileOffsetStore::Put(const std::string& connector,
                            const std::map<std::string, std::optional<std::string>>& offsets) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& partitions = offsets_[connector];
  for (const auto& [partition, offset] : offsets) {
    std::string key = CanonicalJson(partition);
    if (offset) {
      partitions[key] = *offset;
    } else {
      partitions.erase(key);
    }
  }
  if (partitions.empty()) offsets_.erase(connector);
  return Save();
}

Status FileOffsetStore::DeleteConnector(const std::string& connector) {
  std::lock_guard<std::mutex> lock(mu_);
  if (offsets_.erase(connector) == 0) return Status::OK();
  return Save();
}

Status FileOffsetStore::Save() {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [connector, partitions] : offsets_) {
    for (const auto& [partition, offset] : partitions) {
      j[connector][partition] = nlohmann::json::parse(offset, nullptr, false);
    }
  }
  return WriteFileAtomically(path_, j.dump(2) + "\n");
}

}  // namespace sluice::worker
