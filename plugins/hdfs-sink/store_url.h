// Reads `hdfs.url` (or Confluent's newer `store.url`): which storage, and the directory all the
// sink's paths are under.
//   webhdfs://host:9870[/dir]   WebHDFS over HTTP (http:// is the same)
//   swebhdfs://host:9871[/dir]  WebHDFS over HTTPS (https:// is the same)
//   file:///dir                 the local file system
// hdfs:// is refused with a hint: it is Hadoop's RPC protocol, which Sluice does not speak.
#pragma once

#include <string>

namespace sluice::hdfs_sink {

struct StoreUrl {
  enum class Kind { kWebHdfs, kLocal };
  Kind kind = Kind::kLocal;
  std::string base_url;  // WebHDFS: "http://host:port"
  std::string root;      // absolute, no trailing '/' (but "/" itself)
};

// Throws std::invalid_argument naming the URL and what is wrong with it.
StoreUrl ParseStoreUrl(const std::string& url);

}  // namespace sluice::hdfs_sink
