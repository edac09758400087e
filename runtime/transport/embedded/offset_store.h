// Consumer groups' committed offsets, one JSON file per group under
// `<log.dirs>/__consumer_offsets/`, replaced atomically (temporary file, fsync, rename) on every
// commit: after a crash or power loss a group has either its previous or its new offsets.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "transport/transport.h"

namespace sluice::embedded {

class OffsetStore {
 public:
  // Loads every group's offsets from `dir` (created if missing).
  static Result<std::shared_ptr<OffsetStore>> Open(const std::string& dir);

  // Merges `offsets` into the group's committed offsets; durable when this returns.
  Status Commit(const std::string& group, const transport::OffsetMap& offsets);
  // The group's committed offsets (empty when it has none).
  transport::OffsetMap Committed(const std::string& group) const;
  // Forgets the given partitions' offsets, or all of the group's when `partitions` is empty.
  Status Delete(const std::string& group, const std::vector<transport::TopicPartition>& partitions);
  std::vector<std::string> Groups() const;

 private:
  explicit OffsetStore(std::string dir) : dir_(std::move(dir)) {}
  Status Load();
  Status Write(const std::string& group, const transport::OffsetMap& offsets);
  std::string PathOf(const std::string& group) const;

  const std::string dir_;
  // One lock for all groups: commits are rare (every offset.flush.interval.ms per task).
  mutable std::mutex mu_;
  std::map<std::string, transport::OffsetMap> groups_;
};

// Group names may hold any character; file names keep [A-Za-z0-9._-] and %-escape the rest.
std::string GroupFileStem(const std::string& group);

}  // namespace sluice::embedded
