#include "hdfs-sink/file_encoder.h"

#include <zlib.h>

#include <stdexcept>

namespace sluice::hdfs_sink {
namespace {

class PlainEncoder : public FileEncoder {
 public:
  void Write(std::string_view data, std::string& out) override { out.append(data); }
  void Finish(std::string&) override {}
};

class GzipEncoder : public FileEncoder {
 public:
  GzipEncoder() {
    // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
    if (deflateInit2(&stream_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      throw std::runtime_error("gzip: deflateInit2 failed");
    }
  }
  ~GzipEncoder() override { deflateEnd(&stream_); }
  GzipEncoder(const GzipEncoder&) = delete;
  GzipEncoder& operator=(const GzipEncoder&) = delete;

  void Write(std::string_view data, std::string& out) override { Deflate(data, Z_NO_FLUSH, out); }
  void Finish(std::string& out) override { Deflate({}, Z_FINISH, out); }

 private:
  void Deflate(std::string_view data, int flush, std::string& out) {
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(data.size());
    unsigned char buf[16384];
    int rc = Z_OK;
    do {
      stream_.next_out = buf;
      stream_.avail_out = sizeof buf;
      rc = deflate(&stream_, flush);
      if (rc == Z_STREAM_ERROR) throw std::runtime_error("gzip: deflate failed");
      out.append(reinterpret_cast<const char*>(buf), sizeof buf - stream_.avail_out);
    } while (stream_.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
  }

  z_stream stream_{};
};

}  // namespace

Compression ParseCompression(const std::string& name) {
  if (name == "none" || name.empty()) return Compression::kNone;
  if (name == "gzip") return Compression::kGzip;
  throw std::invalid_argument("format.compression: unknown compression \"" + name +
                              "\" (none or gzip)");
}

const char* CompressionExtension(Compression c) {
  return c == Compression::kGzip ? ".gz" : "";
}

std::unique_ptr<FileEncoder> MakeFileEncoder(Compression compression) {
  if (compression == Compression::kGzip) return std::make_unique<GzipEncoder>();
  return std::make_unique<PlainEncoder>();
}

}  // namespace sluice::hdfs_sink
