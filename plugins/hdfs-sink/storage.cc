#include "hdfs-sink/storage.h"

namespace sluice::hdfs_sink {

const char* StorageErrorKindName(StorageErrorKind kind) {
  switch (kind) {
    case StorageErrorKind::kNotFound:
      return "not found";
    case StorageErrorKind::kAlreadyExists:
      return "already exists";
    case StorageErrorKind::kPermissionDenied:
      return "permission denied";
    case StorageErrorKind::kInvalid:
      return "invalid request";
    case StorageErrorKind::kTransient:
      return "transient";
    case StorageErrorKind::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

std::string JoinPath(std::string_view base, std::string_view child) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  while (!child.empty() && child.front() == '/') child.remove_prefix(1);
  std::string out(base);
  out += '/';
  out += child;
  return out;
}

std::string ParentPath(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

}  // namespace sluice::hdfs_sink
