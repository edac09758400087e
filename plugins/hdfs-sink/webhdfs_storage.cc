#include "hdfs-sink/webhdfs_storage.h"

#include <nlohmann/json.hpp>

#include "hdfs-sink/remote_exception.h"

namespace sluice::hdfs_sink {
namespace {

using Json = nlohmann::json;

bool IsSuccess(long status) {
  return status >= 200 && status < 300;
}

StorageError Unexpected(const std::string& op, const std::string& path, const HttpResponse& r,
                        const std::string& why) {
  // A garbled answer is most likely a proxy or a node in trouble: let it be retried.
  return StorageError(StorageErrorKind::kTransient, op + " " + path + ": " + why + " (HTTP " +
                                                        std::to_string(r.status) + ": " +
                                                        r.body.substr(0, 200) + ")");
}

Json ParseBody(const std::string& op, const std::string& path, const HttpResponse& r) {
  Json json = Json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) throw Unexpected(op, path, r, "the answer is not JSON");
  return json;
}

FileStatus ToFileStatus(const Json& j) {
  FileStatus status;
  status.name = j.value("pathSuffix", "");
  status.is_directory = j.value("type", "") == "DIRECTORY";
  status.length = j.value("length", uint64_t{0});
  return status;
}

}  // namespace

WebHdfsStorage::WebHdfsStorage(WebHdfsOptions options)
    : options_(std::move(options)), http_(std::make_unique<HttpClient>(options_.timeouts)) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/') {
    options_.base_url.pop_back();
  }
}

std::string WebHdfsStorage::Url(const std::string& path, const std::string& op,
                                const std::string& extra) const {
  std::string url = options_.base_url + "/webhdfs/v1" + HttpClient::Escape(path, true);
  url += "?op=" + op;
  if (!options_.user.empty()) url += "&user.name=" + HttpClient::Escape(options_.user, false);
  return url + extra;
}

HttpResponse WebHdfsStorage::Call(const std::string& op, const std::string& path,
                                  const std::string& method, const std::string& url,
                                  std::optional<std::string_view> body) {
  std::function<bool()> abort;
  if (options_.fence) {
    StorageFence::Ticket ticket = options_.fence->Admit(op + " " + path);
    abort = [fence = options_.fence, ticket] { return fence->ShouldAbort(ticket); };
  }
  try {
    return http_->Send(method, url, body, abort);
  } catch (const HttpAborted& e) {
    // Sent data may have arrived: the server may still carry the request out.
    throw StorageError(StorageErrorKind::kCancelled,
                       op + " " + path + ": aborted, the task is being stopped: " + e.what(),
                       body.has_value());
  } catch (const HttpTransportError& e) {
    // Without an answer, a request that carried data may have been applied.
    throw StorageError(StorageErrorKind::kTransient,
                       op + " " + path + ": no answer: " + std::string(e.what()), body.has_value());
  }
}

void WebHdfsStorage::Upload(const std::string& op, const std::string& method,
                            const std::string& path, const std::string& extra,
                            std::string_view data) {
  if (options_.httpfs) {
    HttpResponse r = Call(op, path, method, Url(path, op, extra + "&data=true"), data);
    if (!IsSuccess(r.status)) throw RemoteError(op, path, r.status, r.body, /*data_sent=*/true);
    return;
  }
  HttpResponse step1 = Call(op, path, method, Url(path, op, extra));
  if (!IsSuccess(step1.status) && step1.status != 307) {
    throw RemoteError(op, path, step1.status, step1.body);
  }
  if (step1.status != 307 || step1.location.empty()) {
    throw Unexpected(op, path, step1, "expected a 307 redirect to a datanode");
  }
  HttpResponse step2 = Call(op, path, method, step1.location, data);
  // CREATE answers 201 and APPEND 200; any 2xx means the data is in.
  if (!IsSuccess(step2.status)) {
    throw RemoteError(op + " (datanode)", path, step2.status, step2.body, /*data_sent=*/true);
  }
}

bool WebHdfsStorage::BooleanAnswer(const std::string& op, const std::string& path,
                                   const HttpResponse& r) {
  if (!IsSuccess(r.status)) throw RemoteError(op, path, r.status, r.body);
  Json json = ParseBody(op, path, r);
  if (!json.is_object() || !json.contains("boolean") || !json["boolean"].is_boolean()) {
    throw Unexpected(op, path, r, "expected {\"boolean\": ...}");
  }
  return json["boolean"].get<bool>();
}

void WebHdfsStorage::Create(const std::string& path, std::string_view data, bool overwrite) {
  Upload("CREATE", "PUT", path, std::string("&overwrite=") + (overwrite ? "true" : "false"), data);
}

void WebHdfsStorage::Append(const std::string& path, std::string_view data) {
  Upload("APPEND", "POST", path, "", data);
}

bool WebHdfsStorage::Rename(const std::string& from, const std::string& to) {
  HttpResponse r = Call("RENAME", from, "PUT",
                        Url(from, "RENAME", "&destination=" + HttpClient::Escape(to, false)));
  return BooleanAnswer("RENAME", from, r);
}

void WebHdfsStorage::MakeDirectories(const std::string& path) {
  HttpResponse r = Call("MKDIRS", path, "PUT", Url(path, "MKDIRS", ""));
  if (!BooleanAnswer("MKDIRS", path, r)) {
    throw StorageError(StorageErrorKind::kInvalid, "MKDIRS " + path + ": the namenode refused");
  }
}

bool WebHdfsStorage::Delete(const std::string& path, bool recursive) {
  HttpResponse r = Call("DELETE", path, "DELETE",
                        Url(path, "DELETE", recursive ? "&recursive=true" : "&recursive=false"));
  return BooleanAnswer("DELETE", path, r);
}

std::optional<FileStatus> WebHdfsStorage::GetFileStatus(const std::string& path) {
  HttpResponse r = Call("GETFILESTATUS", path, "GET", Url(path, "GETFILESTATUS", ""));
  if (!IsSuccess(r.status)) {
    StorageError error = RemoteError("GETFILESTATUS", path, r.status, r.body);
    if (error.kind() == StorageErrorKind::kNotFound) return std::nullopt;
    throw error;
  }
  Json json = ParseBody("GETFILESTATUS", path, r);
  if (!json.is_object() || !json.contains("FileStatus") || !json["FileStatus"].is_object()) {
    throw Unexpected("GETFILESTATUS", path, r, "expected {\"FileStatus\": {...}}");
  }
  FileStatus status = ToFileStatus(json["FileStatus"]);
  size_t slash = path.find_last_of('/');
  status.name = slash == std::string::npos ? path : path.substr(slash + 1);
  return status;
}

std::vector<FileStatus> WebHdfsStorage::ListStatus(const std::string& path) {
  HttpResponse r = Call("LISTSTATUS", path, "GET", Url(path, "LISTSTATUS", ""));
  if (!IsSuccess(r.status)) throw RemoteError("LISTSTATUS", path, r.status, r.body);
  Json json = ParseBody("LISTSTATUS", path, r);
  const Json* list = nullptr;
  if (json.is_object() && json.contains("FileStatuses") && json["FileStatuses"].is_object()) {
    auto it = json["FileStatuses"].find("FileStatus");
    if (it != json["FileStatuses"].end() && it->is_array()) list = &*it;
  }
  if (list == nullptr) {
    throw Unexpected("LISTSTATUS", path, r, "expected {\"FileStatuses\":{\"FileStatus\":[...]}}");
  }
  std::vector<FileStatus> entries;
  for (const Json& entry : *list) {
    if (entry.is_object()) entries.push_back(ToFileStatus(entry));
  }
  return entries;
}

std::string WebHdfsStorage::Read(const std::string& path) {
  HttpResponse r = Call("OPEN", path, "GET", Url(path, "OPEN", ""));
  if (r.status == 307 && !r.location.empty()) r = Call("OPEN (datanode)", path, "GET", r.location);
  if (!IsSuccess(r.status)) throw RemoteError("OPEN", path, r.status, r.body);
  return std::move(r.body);
}

}  // namespace sluice::hdfs_sink
