#include "transport/embedded/data_directory.h"

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>
#include <filesystem>
#include <random>
#include <system_error>

#include "common/properties.h"
#include "common/atomic_file.h"

namespace sluice::embedded {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMetaFile = "meta.properties";
constexpr const char* kLockFile = ".lock";

}  // namespace

std::string NewClusterId() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::random_device random;
  unsigned char bytes[16];
  for (auto& b : bytes) b = static_cast<unsigned char>(random());
  std::string id;
  uint32_t bits = 0;
  int bit_count = 0;
  for (unsigned char b : bytes) {
    bits = (bits << 8) | b;
    bit_count += 8;
    while (bit_count >= 6) {
      bit_count -= 6;
      id += kAlphabet[(bits >> bit_count) & 0x3F];
    }
  }
  if (bit_count > 0) id += kAlphabet[(bits << (6 - bit_count)) & 0x3F];
  return id;  // 128 bits -> 22 characters, no padding
}

Result<std::unique_ptr<DataDirectory>> DataDirectory::Open(const std::string& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  if (ec) return Status::IoError("cannot resolve " + path + ": " + ec.message());
  fs::create_directories(absolute, ec);
  if (ec)
    return Status::IoError("cannot create log.dirs " + absolute.string() + ": " + ec.message());

  const std::string lock_path = (absolute / kLockFile).string();
  SLUICE_ASSIGN_OR_RETURN(UniqueFd lock, OpenFile(lock_path, O_RDWR | O_CREAT));
  if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return Status::FailedPrecondition("log.dirs " + absolute.string() +
                                        " is in use by another Sluice worker (locked " + lock_path +
                                        ")");
    }
    return ErrnoStatus("cannot lock", lock_path, errno);
  }
  std::unique_ptr<DataDirectory> dir(new DataDirectory(absolute.string(), std::move(lock)));
  SLUICE_RETURN_IF_ERROR(dir->LoadOrCreateClusterId());
  return dir;
}

Status DataDirectory::LoadOrCreateClusterId() {
  const std::string meta_path = path_ + "/" + kMetaFile;
  std::error_code ec;
  if (fs::exists(meta_path, ec)) {
    SLUICE_ASSIGN_OR_RETURN(StringMap meta, LoadPropertiesFile(meta_path));
    auto it = meta.find("cluster.id");
    if (it == meta.end() || it->second.empty()) {
      return Status::Corruption(meta_path + " has no cluster.id");
    }
    cluster_id_ = it->second;
    return Status::OK();
  }
  cluster_id_ = NewClusterId();
  return WriteFileAtomically(meta_path,
                             "# Written once when this log directory was created.\n"
                             "version=1\ncluster.id=" +
                                 cluster_id_ + "\n");
}

}  // namespace sluice::embedded
