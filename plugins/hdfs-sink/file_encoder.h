// The byte stream of a file from the lines written to it (`format.compression`): as they are
// (none), or one gzip stream for the whole file (gzip, extension .gz added), which zcat, Hadoop's
// GzipCodec and Hive read.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace sluice::hdfs_sink {

enum class Compression { kNone, kGzip };

// "none" or "gzip"; throws std::invalid_argument otherwise.
Compression ParseCompression(const std::string& name);
const char* CompressionExtension(Compression c);  // "" or ".gz"

class FileEncoder {
 public:
  virtual ~FileEncoder() = default;
  // Appends the encoded form of `data` to `out` (a compressor may hold some back until Finish).
  virtual void Write(std::string_view data, std::string& out) = 0;
  // Appends whatever remains and the stream's trailer; no Write may follow.
  virtual void Finish(std::string& out) = 0;
};

std::unique_ptr<FileEncoder> MakeFileEncoder(Compression compression);

}  // namespace sluice::hdfs_sink
