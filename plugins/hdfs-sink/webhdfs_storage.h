// Storage on HDFS through its REST API, WebHDFS (hdfs.url=webhdfs://namenode:9870), or through
// an HttpFS gateway (port 14000), which speaks the same API.
//
// Writes take WebHDFS's two steps: the namenode answers CREATE/APPEND with a 307 whose Location
// names a datanode, and the data goes there. An HttpFS gateway redirects to itself with
// data=true, which the same two steps follow; with `httpfs` set the data goes in the first
// request (data=true), saving the round trip. Errors are read from the RemoteException body.
// Nothing is retried here: see RetryingStorage.
#pragma once

#include <memory>
#include <string>

#include "hdfs-sink/http_client.h"
#include "hdfs-sink/storage.h"
#include "hdfs-sink/storage_fence.h"

namespace sluice::hdfs_sink {

struct WebHdfsOptions {
  std::string base_url;  // "http://namenode:9870": scheme, host and port only
  std::string user;      // sent as user.name (pseudo authentication); empty: not sent
  bool httpfs = false;   // upload in one request with data=true
  HttpTimeouts timeouts;
  // Asked before every request, and while it is under way: a stopping task sends nothing more
  // and aborts what is in flight. Optional.
  std::shared_ptr<const StorageFence> fence;
};

class WebHdfsStorage : public Storage {
 public:
  explicit WebHdfsStorage(WebHdfsOptions options);

  std::string Describe() const override { return options_.base_url; }
  void Create(const std::string& path, std::string_view data, bool overwrite) override;
  void Append(const std::string& path, std::string_view data) override;
  bool Rename(const std::string& from, const std::string& to) override;
  void MakeDirectories(const std::string& path) override;
  bool Delete(const std::string& path, bool recursive) override;
  std::optional<FileStatus> GetFileStatus(const std::string& path) override;
  std::vector<FileStatus> ListStatus(const std::string& path) override;
  std::string Read(const std::string& path) override;

 private:
  // The namenode URL of an operation: /webhdfs/v1<path>?op=<op>[&user.name=..]<extra>.
  std::string Url(const std::string& path, const std::string& op, const std::string& extra) const;
  // Sends one request, turning a transport failure into a transient StorageError.
  HttpResponse Call(const std::string& op, const std::string& path, const std::string& method,
                    const std::string& url, std::optional<std::string_view> body = std::nullopt);
  // CREATE and APPEND: both steps, or one with data=true.
  void Upload(const std::string& op, const std::string& method, const std::string& path,
              const std::string& extra, std::string_view data);
  // The {"boolean": b} answer of RENAME, MKDIRS and DELETE.
  bool BooleanAnswer(const std::string& op, const std::string& path, const HttpResponse& r);

  WebHdfsOptions options_;
  std::unique_ptr<HttpClient> http_;
};

}  // namespace sluice::hdfs_sink
