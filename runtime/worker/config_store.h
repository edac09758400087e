// Connector configs and target states, kept so that connectors created through REST survive a
// restart of the worker (standalone mode: one JSON file beside the offsets).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "worker/herder.h"

namespace sluice::worker {

struct StoredConnector {
  StringMap config;
  TargetState target_state = TargetState::kStarted;
};

class ConfigStore {
 public:
  virtual ~ConfigStore() = default;
  virtual std::map<std::string, StoredConnector> LoadAll() = 0;
  // Durable before it returns.
  virtual Status Put(const std::string& name, const StoredConnector& connector) = 0;
  virtual Status Remove(const std::string& name) = 0;
};

class FileConfigStore : public ConfigStore {
 public:
  static Result<std::unique_ptr<FileConfigStore>> Open(const std::string& path);

  std::map<std::string, StoredConnector> LoadAll() override;
  Status Put(const std::string& name, const StoredConnector& connector) override;
  Status Remove(const std::string& name) override;

 private:
  explicit FileConfigStore(std::string path) : path_(std::move(path)) {}
  Status Save();

  std::string path_;
  std::mutex mu_;
  std::map<std::string, StoredConnector> connectors_;
};

}  // namespace sluice::worker
