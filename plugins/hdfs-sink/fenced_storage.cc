#include "hdfs-sink/fenced_storage.h"

namespace sluice::hdfs_sink {

void FencedStorage::Create(const std::string& path, std::string_view data, bool overwrite) {
  fence_->Admit("CREATE " + path);
  inner_->Create(path, data, overwrite);
}

void FencedStorage::Append(const std::string& path, std::string_view data) {
  fence_->Admit("APPEND " + path);
  inner_->Append(path, data);
}

bool FencedStorage::Rename(const std::string& from, const std::string& to) {
  fence_->Admit("RENAME " + from + " to " + to);
  return inner_->Rename(from, to);
}

void FencedStorage::MakeDirectories(const std::string& path) {
  fence_->Admit("MKDIRS " + path);
  inner_->MakeDirectories(path);
}

bool FencedStorage::Delete(const std::string& path, bool recursive) {
  fence_->Admit("DELETE " + path);
  return inner_->Delete(path, recursive);
}

std::optional<FileStatus> FencedStorage::GetFileStatus(const std::string& path) {
  fence_->Admit("GETFILESTATUS " + path);
  return inner_->GetFileStatus(path);
}

std::vector<FileStatus> FencedStorage::ListStatus(const std::string& path) {
  fence_->Admit("LISTSTATUS " + path);
  return inner_->ListStatus(path);
}

std::string FencedStorage::Read(const std::string& path) {
  fence_->Admit("OPEN " + path);
  return inner_->Read(path);
}

}  // namespace sluice::hdfs_sink
