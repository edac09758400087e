// The file system the HDFS sink writes to: HDFS through WebHDFS, or the local file system. Both
// implement the same operations with HDFS's semantics, so the sink above them cannot tell which
// one it has.
//
// Paths are absolute ("/topics/t/partition=0/f.json"), '/'-separated, with no scheme. Failures
// throw StorageError; outcomes a caller expects (a missing file, a refused rename) are return
// values.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::hdfs_sink {

enum class StorageErrorKind {
  kNotFound,          // FileNotFoundException
  kAlreadyExists,     // FileAlreadyExistsException
  kPermissionDenied,  // AccessControlException and the like: retrying will not help
  kInvalid,           // a request the file system refuses as malformed: retrying will not help
  kTransient,         // lease held, standby, safe mode, 5xx, unreachable: retrying may help
  kCancelled,         // not sent or aborted: the task is being stopped (see StorageFence)
};

const char* StorageErrorKindName(StorageErrorKind kind);

class StorageError : public std::runtime_error {
 public:
  StorageError(StorageErrorKind kind, const std::string& message, bool may_have_applied = false)
      : std::runtime_error(message), kind_(kind), may_have_applied_(may_have_applied) {}
  StorageErrorKind kind() const { return kind_; }
  bool transient() const { return kind_ == StorageErrorKind::kTransient; }
  bool cancelled() const { return kind_ == StorageErrorKind::kCancelled; }
  // The request failed after its data started on its way (a write cut short, an answer lost):
  // the file may or may not have changed. Matters for Append, which is not idempotent.
  bool may_have_applied() const { return may_have_applied_; }

 private:
  StorageErrorKind kind_;
  bool may_have_applied_;
};

struct FileStatus {
  std::string name;  // the last path component (WebHDFS's pathSuffix in a listing)
  bool is_directory = false;
  uint64_t length = 0;
};

class Storage {
 public:
  virtual ~Storage() = default;

  // Where the store is, for messages: "webhdfs://nn:9870" or "file:///data".
  virtual std::string Describe() const = 0;

  // Writes a new file holding `data`, creating missing parent directories. With `overwrite` an
  // existing file is replaced, otherwise it is an kAlreadyExists error.
  virtual void Create(const std::string& path, std::string_view data, bool overwrite) = 0;

  // Appends `data` to an existing file (kNotFound when there is none).
  virtual void Append(const std::string& path, std::string_view data) = 0;

  // Renames as HDFS does: false (and nothing changed) when the source is missing, the
  // destination exists or the destination's parent directory does not exist.
  virtual bool Rename(const std::string& from, const std::string& to) = 0;

  // Creates the directory and its missing parents; an existing directory is fine.
  virtual void MakeDirectories(const std::string& path) = 0;

  // Deletes a file or directory; false when there was nothing to delete. A non-empty directory
  // needs `recursive`.
  virtual bool Delete(const std::string& path, bool recursive) = 0;

  // The status of a file or directory, nullopt when it does not exist.
  virtual std::optional<FileStatus> GetFileStatus(const std::string& path) = 0;

  // The entries of a directory (a file lists as itself); kNotFound when it does not exist.
  virtual std::vector<FileStatus> ListStatus(const std::string& path) = 0;

  // The whole content of a file; kNotFound when it does not exist.
  virtual std::string Read(const std::string& path) = 0;
};

// Joins path components with single '/' separators: JoinPath("/a/", "b") is "/a/b".
std::string JoinPath(std::string_view base, std::string_view child);

// The parent directory of an absolute path: "/a/b" -> "/a", "/a" -> "/".
std::string ParentPath(std::string_view path);

}  // namespace sluice::hdfs_sink
