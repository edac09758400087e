#include "hdfs-sink/remote_exception.h"

#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sluice::hdfs_sink {
namespace {

// Hadoop's names for failures that pass: lease recovery, an HA namenode that is not active, a
// namenode still in safe mode, a block pipeline being rebuilt.
constexpr std::array<std::string_view, 9> kTransient = {"AlreadyBeingCreatedException",
                                                        "LeaseExpiredException",
                                                        "RecoveryInProgressException",
                                                        "StandbyException",
                                                        "SafeModeException",
                                                        "RetriableException",
                                                        "NotReplicatedYetException",
                                                        "ObserverRetryOnActiveException",
                                                        "ConnectException"};

// Failures that come back the same however often the request is repeated.
constexpr std::array<std::string_view, 11> kPermissionDenied = {"AccessControlException",
                                                                "SecurityException",
                                                                "AuthorizationException",
                                                                "AuthenticationException",
                                                                "InvalidToken",
                                                                "DSQuotaExceededException",
                                                                "NSQuotaExceededException",
                                                                "QuotaExceededException",
                                                                "SnapshotAccessControlException",
                                                                "ReadOnlyFileSystemException",
                                                                "UnsupportedFileSystemException"};

constexpr std::array<std::string_view, 5> kInvalid = {
    "IllegalArgumentException", "UnsupportedOperationException", "InvalidPathException",
    "ParentNotDirectoryException", "PathIsNotEmptyDirectoryException"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& names, const std::string& name) {
  for (std::string_view n : names) {
    if (n == name) return true;
  }
  return false;
}

// The simple name, from `exception` or else the last part of `javaClassName`.
std::string SimpleName(const RemoteException& e) {
  if (!e.exception.empty()) return e.exception;
  size_t dot = e.java_class_name.rfind('.');
  return dot == std::string::npos ? e.java_class_name : e.java_class_name.substr(dot + 1);
}

}  // namespace

RemoteException ParseRemoteException(const std::string& body) {
  RemoteException out;
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("RemoteException")) return out;
  const auto& re = json["RemoteException"];
  if (!re.is_object()) return out;
  auto text = [&](const char* key) {
    auto it = re.find(key);
    return it != re.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  out.exception = text("exception");
  out.java_class_name = text("javaClassName");
  out.message = text("message");
  return out;
}

StorageErrorKind ClassifyRemoteException(const RemoteException& e, long http_status) {
  const std::string name = SimpleName(e);
  if (name == "FileNotFoundException") return StorageErrorKind::kNotFound;
  if (name == "FileAlreadyExistsException") return StorageErrorKind::kAlreadyExists;
  if (Contains(kTransient, name)) return StorageErrorKind::kTransient;
  if (Contains(kPermissionDenied, name)) return StorageErrorKind::kPermissionDenied;
  if (Contains(kInvalid, name)) return StorageErrorKind::kInvalid;
  if (name.empty()) {
    // No RemoteException: judge by status alone.
    if (http_status == 404) return StorageErrorKind::kNotFound;
    if (http_status == 401 || http_status == 403) return StorageErrorKind::kPermissionDenied;
    if (http_status == 400 || http_status == 405) return StorageErrorKind::kInvalid;
  }
  if (http_status == 400) return StorageErrorKind::kInvalid;
  // Any other IOException (403) or RuntimeException (500): the cluster's trouble, which may pass.
  return StorageErrorKind::kTransient;
}

StorageError RemoteError(const std::string& op, const std::string& path, long http_status,
                         const std::string& body, bool data_sent) {
  RemoteException e = ParseRemoteException(body);
  std::string message = op + " " + path + ": HTTP " + std::to_string(http_status);
  const std::string name = SimpleName(e);
  if (!name.empty()) message += " " + name;
  if (!e.message.empty()) {
    message += ": " + e.message;
  } else if (name.empty() && !body.empty()) {
    message += ": " + body.substr(0, 200);
  }
  return StorageError(ClassifyRemoteException(e, http_status), message, data_sent);
}

}  // namespace sluice::hdfs_sink
