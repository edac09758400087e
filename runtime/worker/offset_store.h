// Source offsets: for each connector, the last committed offset of each source partition. Both
// are JSON objects defined by the connector; partitions are keyed by their canonical JSON text.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/status.h"

namespace sluice::worker {

class OffsetStore {
 public:
  virtual ~OffsetStore() = default;
  virtual std::optional<std::string> Get(const std::string& connector,
                                         const std::string& partition_json) = 0;
  virtual std::map<std::string, std::string> GetAll(const std::string& connector) = 0;
  // Durable before it returns. A nullopt offset removes the partition.
  virtual Status Put(const std::string& connector,
                     const std::map<std::string, std::optional<std::string>>& offsets) = 0;
  virtual Status DeleteConnector(const std::string& connector) = 0;
};

// Canonical text of a partition or offset: keys sorted, no spaces. Empty on malformed input.
std::string CanonicalJson(const std::string& json);

// Standalone mode: one JSON file (offset.storage.file.filename), rewritten atomically.
class FileOffsetStore : public OffsetStore {
 public:
  static Result<std::unique_ptr<FileOffsetStore>> Open(const std::string& path);

  std::optional<std::string> Get(const std::string& connector,
                                 const std::string& partition_json) override;
  std::map<std::string, std::string> GetAll(const std::string& connector) override;
  Status Put(const std::string& connector,
             const std::map<std::string, std::optional<std::string>>& offsets) override;
  Status DeleteConnector(const std::string& connector) override;

 private:
  explicit FileOffsetStore(std::string path) : path_(std::move(path)) {}
  Status Save();

  std::string path_;
  std::mutex mu_;
  std::map<std::string, std::map<std::string, std::string>> offsets_;
};

}  // namespace sluice::worker
