// WebHDFS error answers: {"RemoteException":{"exception":..,"javaClassName":..,"message":..}},
// told apart by exception name rather than HTTP status (every IOException subclass, from a lease
// conflict to a permission denial, comes back as 403).
#pragma once

#include <string>

#include "hdfs-sink/storage.h"

namespace sluice::hdfs_sink {

struct RemoteException {
  std::string exception;  // simple name, e.g. "FileNotFoundException"; may be empty
  std::string java_class_name;
  std::string message;
};

// Reads the RemoteException of an error body; fields stay empty when the body is not one
// (a proxy's HTML page, an empty 500).
RemoteException ParseRemoteException(const std::string& body);

// The kind of failure an exception name stands for. Lease conflicts
// (AlreadyBeingCreatedException, LeaseExpiredException, RecoveryInProgressException), HA standby
// (StandbyException) and safe mode (SafeModeException, RetriableException) are transient; so is
// an unknown name with a 5xx status. Permission and argument errors are permanent.
StorageErrorKind ClassifyRemoteException(const RemoteException& e, long http_status);

// The error to throw for a failed WebHDFS call: "<op> <path>: HTTP 403 AccessControlException:
// Permission denied: ...". `data_sent`: the request carried data, which a server error does not
// prove unwritten.
StorageError RemoteError(const std::string& op, const std::string& path, long http_status,
                         const std::string& body, bool data_sent = false);

}  // namespace sluice::hdfs_sink
