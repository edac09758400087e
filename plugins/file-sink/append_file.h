// Where the sink's lines go: a file opened for appending, or standard output.
//
// Several tasks (of one or several connectors) may append to the same file. Each Append is one
// write(2) with O_APPEND, under a lock per file shared by the whole process, so the batches of
// different writers never interleave: every line lands whole.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace sluice::file_sink {

class AppendFile {
 public:
  virtual ~AppendFile() = default;
  // Appends `bytes` (whole lines) at the end of the file, in one piece. Throws std::system_error
  // naming the file when it cannot.
  virtual void Append(std::string_view bytes) = 0;
  // Returns once everything appended so far is on stable storage. Throws std::system_error.
  virtual void Sync() = 0;
  virtual const std::string& name() const = 0;
};

// Opens (creating it when needed, mode 0644) `path` for appending; an empty path is standard
// output. Throws std::system_error naming the file when it cannot be opened.
std::unique_ptr<AppendFile> OpenAppendFile(const std::string& path);

}  // namespace sluice::file_sink
