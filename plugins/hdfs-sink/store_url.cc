#include "hdfs-sink/store_url.h"

#include <curl/curl.h>

#include <memory>
#include <stdexcept>

namespace sluice::hdfs_sink {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

// One part of a parsed URL, "" when absent.
std::string Part(CURLU* url, CURLUPart part, unsigned flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, flags) != CURLUE_OK || text == nullptr) return "";
  std::string out(text);
  curl_free(text);
  return out;
}

std::string NormalizedRoot(std::string path) {
  if (path.empty() || path.front() != '/') path.insert(0, "/");
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

StoreUrl ParseStoreUrl(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return std::invalid_argument("hdfs.url " + text + ": " + why);
  };
  std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
  if (!url) throw std::bad_alloc();
  const CURLUcode rc =
      curl_url_set(url.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) {
    throw bad(std::string(curl_url_strerror(rc)) +
              " (expected webhdfs://namenode:9870 or file:///path)");
  }
  const std::string scheme = Part(url.get(), CURLUPART_SCHEME);
  const std::string path = Part(url.get(), CURLUPART_PATH, CURLU_URLDECODE);
  StoreUrl out;
  out.root = NormalizedRoot(path);
  if (scheme == "file") {
    const std::string host = Part(url.get(), CURLUPART_HOST);
    if (!host.empty() && host != "localhost") throw bad("a file URL names no host: file:///path");
    out.kind = StoreUrl::Kind::kLocal;
    return out;
  }
  if (scheme == "hdfs") {
    throw bad(
        "hdfs:// is Hadoop's RPC protocol, which Sluice does not speak; use the namenode's "
        "WebHDFS address, webhdfs://namenode:9870");
  }
  std::string http_scheme;
  if (scheme == "webhdfs" || scheme == "http") {
    http_scheme = "http";
  } else if (scheme == "swebhdfs" || scheme == "https") {
    http_scheme = "https";
  } else {
    throw bad("unknown scheme " + scheme + " (webhdfs, swebhdfs, http, https or file)");
  }
  const std::string host = Part(url.get(), CURLUPART_HOST);
  if (host.empty()) throw bad("no namenode host");
  std::string port = Part(url.get(), CURLUPART_PORT);
  if (port.empty()) port = http_scheme == "https" ? "9871" : "9870";  // Hadoop 3's defaults
  out.kind = StoreUrl::Kind::kWebHdfs;
  out.base_url = http_scheme + "://" + host + ":" + port;
  return out;
}

}  // namespace sluice::hdfs_sink
