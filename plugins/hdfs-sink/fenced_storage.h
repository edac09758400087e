// A Storage that asks a StorageFence before every operation, so that a task being stopped
// sends nothing once its grace is over, whichever store it writes to. (WebHDFS requests are
// also aborted in flight: see WebHdfsOptions::fence.)
#pragma once

#include <memory>
#include <string>

#include "hdfs-sink/storage.h"
#include "hdfs-sink/storage_fence.h"

namespace sluice::hdfs_sink {

class FencedStorage : public Storage {
 public:
  FencedStorage(std::unique_ptr<Storage> inner, std::shared_ptr<const StorageFence> fence)
      : inner_(std::move(inner)), fence_(std::move(fence)) {}

  std::string Describe() const override { return inner_->Describe(); }
  void Create(const std::string& path, std::string_view data, bool overwrite) override;
  void Append(const std::string& path, std::string_view data) override;
  bool Rename(const std::string& from, const std::string& to) override;
  void MakeDirectories(const std::string& path) override;
  bool Delete(const std::string& path, bool recursive) override;
  std::optional<FileStatus> GetFileStatus(const std::string& path) override;
  std::vector<FileStatus> ListStatus(const std::string& path) override;
  std::string Read(const std::string& path) override;

 private:
  std::unique_ptr<Storage> inner_;
  std::shared_ptr<const StorageFence> fence_;
};

}  // namespace sluice::hdfs_sink
