// Storage on the local file system (hdfs.url=file:///path), with HDFS's semantics: Create makes
// parent directories, Rename never replaces and reports refusal as false, a listing of a file is
// the file itself. Every write is fsync'ed before it returns and every rename is followed by an
// fsync of the directories involved, so what a call reported done survives a power loss.
#pragma once

#include <string>

#include "hdfs-sink/storage.h"

namespace sluice::hdfs_sink {

class LocalStorage : public Storage {
 public:
  std::string Describe() const override { return "file:///"; }
  void Create(const std::string& path, std::string_view data, bool overwrite) override;
  void Append(const std::string& path, std::string_view data) override;
  bool Rename(const std::string& from, const std::string& to) override;
  void MakeDirectories(const std::string& path) override;
  bool Delete(const std::string& path, bool recursive) override;
  std::optional<FileStatus> GetFileStatus(const std::string& path) override;
  std::vector<FileStatus> ListStatus(const std::string& path) override;
  std::string Read(const std::string& path) override;
};

}  // namespace sluice::hdfs_sink
