// A file being written: lines are encoded (FileEncoder) into a buffer that is uploaded in
// chunks, the first with Create and the rest with Append, so a file of any size needs only about
// `buffer_bytes` of memory.
//
// Uploads can be repeated after a failure. Create overwrites, so repeating it is harmless. An
// Append that failed after sending its data may or may not have landed; the next Flush settles
// that from the file's length before going on. When the length matches neither outcome the
// file's content is unknown and Flush throws TempFileLost.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "hdfs-sink/file_encoder.h"
#include "hdfs-sink/storage.h"

namespace sluice::hdfs_sink {

// The temporary file no longer holds what was written to it (deleted, or cut short by a failed
// append): its records must be written again.
class TempFileLost : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TempFile {
 public:
  TempFile(std::string path, std::unique_ptr<FileEncoder> encoder, size_t buffer_bytes);

  const std::string& path() const { return path_; }

  // Encodes `bytes` into the buffer; no I/O.
  void Add(std::string_view bytes);
  // Ends the encoding (a compressor's trailer); no I/O, and no Add after it.
  void Close();
  // Whether the buffer has reached the upload size.
  bool ShouldFlush() const { return pending_.size() >= buffer_bytes_; }
  // Uploads the buffer (creating the file on the first call, even when empty).
  void Flush(Storage& storage);

  // The file's length so far: uploaded plus buffered, encoded.
  uint64_t size() const { return uploaded_ + pending_.size(); }
  // Whether the file may exist on the storage.
  bool created() const { return create_attempted_; }

 private:
  void SettleDoubtfulAppend(Storage& storage);

  std::string path_;
  std::unique_ptr<FileEncoder> encoder_;
  size_t buffer_bytes_;
  std::string pending_;
  uint64_t uploaded_ = 0;
  bool create_attempted_ = false;
  bool created_ = false;
  size_t doubtful_bytes_ = 0;  // the front of pending_ sent by an append whose fate is unknown
};

}  // namespace sluice::hdfs_sink
