// The log.dirs folder as a whole: created if missing, locked so that only one process uses it
// at a time (an flock on `.lock`, as Kafka does), and identified by a cluster id generated once
// and kept in `meta.properties` (Kafka's cluster.id).
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "transport/embedded/posix_file.h"

namespace sluice::embedded {

class DataDirectory {
 public:
  // kFailedPrecondition when another process (or another open in this one) holds the folder.
  static Result<std::unique_ptr<DataDirectory>> Open(const std::string& path);

  const std::string& path() const { return path_; }  // absolute
  const std::string& cluster_id() const { return cluster_id_; }

 private:
  DataDirectory(std::string path, UniqueFd lock) : path_(std::move(path)), lock_(std::move(lock)) {}
  Status LoadOrCreateClusterId();

  const std::string path_;
  UniqueFd lock_;  // closing it releases the flock
  std::string cluster_id_;
};

// 22 characters of URL-safe base64 over 16 random bytes, the shape of Kafka's cluster ids.
std::string NewClusterId();

}  // namespace sluice::embedded
