#include "webhdfs_test_server.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace sluice::hdfs_test {
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

const std::map<std::string, std::string>& JavaClasses() {
  static const std::map<std::string, std::string> classes = {
      {"FileNotFoundException", "java.io.FileNotFoundException"},
      {"IOException", "java.io.IOException"},
      {"IllegalArgumentException", "java.lang.IllegalArgumentException"},
      {"RuntimeException", "java.lang.RuntimeException"},
      {"AccessControlException", "org.apache.hadoop.security.AccessControlException"},
      {"FileAlreadyExistsException", "org.apache.hadoop.fs.FileAlreadyExistsException"},
      {"ParentNotDirectoryException", "org.apache.hadoop.fs.ParentNotDirectoryException"},
      {"PathIsNotEmptyDirectoryException", "org.apache.hadoop.fs.PathIsNotEmptyDirectoryException"},
      {"AlreadyBeingCreatedException",
       "org.apache.hadoop.hdfs.protocol.AlreadyBeingCreatedException"},
      {"RecoveryInProgressException",
       "org.apache.hadoop.hdfs.protocol.RecoveryInProgressException"},
      {"LeaseExpiredException", "org.apache.hadoop.hdfs.server.namenode.LeaseExpiredException"},
      {"SafeModeException", "org.apache.hadoop.hdfs.server.namenode.SafeModeException"},
      {"StandbyException", "org.apache.hadoop.ipc.StandbyException"},
      {"RetriableException", "org.apache.hadoop.ipc.RetriableException"},
  };
  return classes;
}

void Error(httplib::Response& res, int status, const std::string& exception,
           const std::string& message) {
  res.status = status;
  Json body = {{"exception", exception}, {"message", message}};
  auto it = JavaClasses().find(exception);
  if (it != JavaClasses().end()) body["javaClassName"] = it->second;
  res.set_content(Json{{"RemoteException", body}}.dump(), "application/json");
}

void Boolean(httplib::Response& res, bool value) {
  res.status = 200;
  res.set_content(Json{{"boolean", value}}.dump(), "application/json");
}

std::string Escape(const std::string& text, bool keep_slashes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_slashes && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 0xF]};
    }
  }
  return out;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

bool ParamTrue(const httplib::Request& req, const std::string& key, bool fallback) {
  if (!req.has_param(key.c_str())) return fallback;
  return req.get_param_value(key.c_str()) == "true";
}

Json FileStatusJson(const fs::path& local, const std::string& suffix) {
  std::error_code ec;
  const bool dir = fs::is_directory(local, ec);
  const auto mtime = fs::last_write_time(local, ec);
  const int64_t mtime_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::file_clock::to_sys(mtime).time_since_epoch())
                               .count();
  int64_t children = 0;
  if (dir) {
    for (auto it = fs::directory_iterator(local, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
      ++children;
    }
  }
  return Json{{"accessTime", dir ? 0 : mtime_ms},
              {"blockSize", dir ? 0 : 134217728},
              {"childrenNum", children},
              {"fileId", 16386},
              {"group", "supergroup"},
              {"length", dir ? 0 : static_cast<int64_t>(fs::file_size(local, ec))},
              {"modificationTime", mtime_ms},
              {"owner", "hdfs"},
              {"pathSuffix", suffix},
              {"permission", dir ? "755" : "644"},
              {"replication", dir ? 0 : 1},
              {"storagePolicy", 0},
              {"type", dir ? "DIRECTORY" : "FILE"}};
}

}  // namespace

struct WebHdfsTestServer::Listener {
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  int port = 0;

  ~Listener() {
    server->stop();
    if (thread.joinable()) thread.join();
  }
};

WebHdfsTestServer::WebHdfsTestServer(fs::path root, Options options)
    : root_(std::move(root)), options_(options) {
  fs::create_directories(root_);
  datanode_ = Listen(Node::kDatanode, 0);
  datanode_port_ = datanode_->port;
  namenode_ = Listen(Node::kNamenode, 0);
  namenode_port_ = namenode_->port;
}

WebHdfsTestServer::~WebHdfsTestServer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutting_down_ = true;
  }
  shutdown_cv_.notify_all();
  namenode_.reset();
  datanode_.reset();
}

std::unique_ptr<WebHdfsTestServer::Listener> WebHdfsTestServer::Listen(Node node, int port) {
  auto listener = std::make_unique<Listener>();
  listener->server = std::make_unique<httplib::Server>();
  httplib::Server& server = *listener->server;
  auto handler = [this, node](const httplib::Request& req, httplib::Response& res) {
    Handle(node, req, res);
  };
  const char* pattern = R"(/webhdfs/v1(/.*)?)";
  server.Get(pattern, handler);
  server.Put(pattern, handler);
  server.Post(pattern, handler);
  server.Delete(pattern, handler);
  // One request per connection: an idle keep-alive connection would hold stop() for seconds.
  server.set_keep_alive_max_count(1);
  if (port == 0) {
    listener->port = server.bind_to_any_port("127.0.0.1");
  } else {
    // Debian's httplib sets SO_REUSEPORT, so the namenode gets its old port back at once.
    listener->port = server.bind_to_port("127.0.0.1", port) ? port : -1;
  }
  if (listener->port <= 0) throw std::runtime_error("test WebHDFS server: cannot bind a port");
  // The socket listens already: connections wait in its backlog until the loop runs.
  listener->thread = std::thread([s = listener->server.get()] { s->listen_after_bind(); });
  // stop() is a no-op until the loop runs; wait for it so that a Listener can always be stopped.
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return listener;
}

std::string WebHdfsTestServer::url() const {
  return "http://127.0.0.1:" + std::to_string(namenode_port_);
}

void WebHdfsTestServer::AddFault(Fault fault) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.push_back(std::move(fault));
}

void WebHdfsTestServer::FailNext(const std::string& op, int times, int status,
                                 const std::string& exception) {
  Fault f;
  f.op = op;
  f.times = times;
  f.status = status;
  f.exception = exception;
  AddFault(std::move(f));
}

void WebHdfsTestServer::DenyWrites(const std::string& prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  denied_prefixes_.push_back(prefix);
}

void WebHdfsTestServer::StopNamenode() {
  namenode_.reset();
}

void WebHdfsTestServer::StartNamenode() {
  if (!namenode_) namenode_ = Listen(Node::kNamenode, namenode_port_);
}

std::vector<std::string> WebHdfsTestServer::Requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

int WebHdfsTestServer::CountRequests(const std::string& op, Node node) const {
  const std::string needle = " " + op + " ";
  const std::string where = node == Node::kNamenode ? " namenode" : " datanode";
  int n = 0;
  for (const auto& line : Requests()) {
    if (line.find(needle) != std::string::npos && line.find(where) != std::string::npos) ++n;
  }
  return n;
}

fs::path WebHdfsTestServer::Local(const std::string& hdfs_path) const {
  fs::path p = root_;
  for (const auto& part : fs::path(hdfs_path).relative_path()) p /= part;
  return p;
}

std::string WebHdfsTestServer::Redirect(Node to, const httplib::Request& req,
                                        const std::string& path, const std::string& extra) const {
  const int port = to == Node::kNamenode ? namenode_port_ : datanode_port_;
  std::string url =
      "http://127.0.0.1:" + std::to_string(port) + "/webhdfs/v1" + Escape(path, true) + "?";
  bool first = true;
  for (const auto& [key, value] : req.params) {
    url += (first ? "" : "&") + Escape(key, false) + "=" + Escape(value, false);
    first = false;
  }
  return url + extra;
}

std::optional<Fault> WebHdfsTestServer::TakeFault(Node node, const std::string& op) {
  std::unique_lock<std::mutex> lock(mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->node != node || it->times <= 0 || (!it->op.empty() && it->op != op)) continue;
    if (it->skip > 0) {
      --it->skip;
      return std::nullopt;
    }
    Fault fault = *it;
    if (--it->times == 0) faults_.erase(it);
    if (fault.delay.count() > 0) {
      shutdown_cv_.wait_for(lock, fault.delay, [&] { return shutting_down_; });
    }
    return fault;
  }
  return std::nullopt;
}

void WebHdfsTestServer::Handle(Node node, const httplib::Request& req, httplib::Response& res) {
  std::string path = req.matches.size() > 1 ? req.matches[1].str() : "";
  if (path.empty()) path = "/";
  const std::string op = Upper(req.get_param_value("op"));
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::string line =
        req.method + " " + op + " " + path + (node == Node::kNamenode ? " namenode" : " datanode");
    if (req.has_param("user.name")) line += " user=" + req.get_param_value("user.name");
    if (ParamTrue(req, "data", false)) line += " data=true";
    requests_.push_back(std::move(line));
  }
  std::optional<Fault> fault = TakeFault(node, op);
  if (fault && fault->status != 0 && !fault->apply_then_fail) {
    if (fault->exception.empty()) {
      res.status = fault->status;
    } else {
      Error(res, fault->status, fault->exception, fault->message);
    }
    return;
  }
  for (const auto& part : fs::path(path)) {
    if (part == "..") return Error(res, 400, "IllegalArgumentException", "Invalid path " + path);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (fault && fault->apply_then_fail) {
    // The request is carried out, but its answer says it failed (a lost or garbled answer).
    httplib::Response ignored;
    node == Node::kNamenode ? Namenode(req.method, op, path, req, ignored)
                            : Datanode(req.method, op, path, req, ignored);
    if (fault->exception.empty()) {
      res.status = fault->status;
    } else {
      Error(res, fault->status, fault->exception, fault->message);
    }
    return;
  }
  static const char* kWrites[] = {"CREATE", "APPEND", "RENAME", "MKDIRS", "DELETE"};
  if (std::find(std::begin(kWrites), std::end(kWrites), op) != std::end(kWrites)) {
    for (const auto& prefix : denied_prefixes_) {
      if (path.rfind(prefix, 0) == 0) {
        return Error(res, 403, "AccessControlException",
                     "Permission denied: user=" + req.get_param_value("user.name") +
                         ", access=WRITE, inode=\"" + path + "\":hdfs:supergroup:drwxr-xr-x");
      }
    }
  }
  if (node == Node::kNamenode) {
    Namenode(req.method, op, path, req, res);
  } else {
    Datanode(req.method, op, path, req, res);
  }
}

void WebHdfsTestServer::Namenode(const std::string& method, const std::string& op,
                                 const std::string& path, const httplib::Request& req,
                                 httplib::Response& res) {
  const fs::path local = Local(path);
  std::error_code ec;
  auto wrong_method = [&] {
    Error(
        res, 400, "IllegalArgumentException",
        "Invalid value for webhdfs parameter \"op\": " + op + " is not a " + method + " operation");
  };
  if (op == "CREATE" || op == "APPEND") {
    if (method != (op == "CREATE" ? "PUT" : "POST")) return wrong_method();
    const bool data_here = options_.httpfs && ParamTrue(req, "data", false);
    if (!data_here && !req.body.empty()) {
      // Step 1 carries no data (WebHDFS.md): a client that sends it here sends it twice.
      return Error(res, 400, "IllegalArgumentException",
                   "Step 1 of " + op + " has no body: send the data to the Location it answers (" +
                       std::to_string(req.body.size()) + " bytes received)");
    }
    if (options_.httpfs) {
      if (!ParamTrue(req, "data", false)) {
        // HttpFS sends the client back to itself, asking for the data this time.
        res.status = 307;
        res.set_header("Location", Redirect(Node::kNamenode, req, path, "&data=true"));
        return;
      }
      if (req.get_header_value("Content-Type") != "application/octet-stream") {
        return Error(res, 400, "IllegalArgumentException",
                     "Data upload requests must have content-type set to "
                     "'application/octet-stream'");
      }
      return Datanode(method, op, path, req, res);
    }
    res.status = 307;
    res.set_header("Location",
                   Redirect(Node::kDatanode, req, path, "&namenoderpcaddress=127.0.0.1:8020"));
    return;
  }
  if (op == "OPEN") {
    if (method != "GET") return wrong_method();
    if (!fs::is_regular_file(local, ec)) {
      return Error(res, 404, "FileNotFoundException", "File does not exist: " + path);
    }
    if (options_.httpfs) return Datanode(method, op, path, req, res);
    res.status = 307;
    res.set_header("Location", Redirect(Node::kDatanode, req, path, ""));
    return;
  }
  if (op == "MKDIRS") {
    if (method != "PUT") return wrong_method();
    for (fs::path p = local; p != root_ && p.has_relative_path(); p = p.parent_path()) {
      if (fs::exists(p, ec) && !fs::is_directory(p, ec)) {
        return Error(res, 403, "FileAlreadyExistsException",
                     "Path is not a directory: " + p.string());
      }
    }
    fs::create_directories(local, ec);
    return Boolean(res, !ec);
  }
  if (op == "RENAME") {
    if (method != "PUT") return wrong_method();
    const std::string destination = req.get_param_value("destination");
    if (destination.empty() || destination.front() != '/') {
      return Error(res, 400, "IllegalArgumentException",
                   "Invalid value for webhdfs parameter \"destination\": " + destination);
    }
    fs::path to = Local(destination);
    // FileSystem.rename: into an existing directory; false when the source is missing, the
    // destination exists or its parent does not.
    if (fs::is_directory(to, ec)) to /= local.filename();
    if (!fs::exists(local, ec) || fs::exists(to, ec) || !fs::is_directory(to.parent_path(), ec)) {
      return Boolean(res, false);
    }
    fs::rename(local, to, ec);
    return Boolean(res, !ec);
  }
  if (op == "DELETE") {
    if (method != "DELETE") return wrong_method();
    if (!fs::exists(local, ec) || local == root_) return Boolean(res, false);
    if (fs::is_directory(local, ec) && !fs::is_empty(local, ec) &&
        !ParamTrue(req, "recursive", false)) {
      return Error(res, 403, "PathIsNotEmptyDirectoryException",
                   "`" + path + " is non empty': Directory is not empty");
    }
    fs::remove_all(local, ec);
    return Boolean(res, !ec);
  }
  if (op == "GETFILESTATUS") {
    if (method != "GET") return wrong_method();
    if (!fs::exists(local, ec)) {
      return Error(res, 404, "FileNotFoundException", "File does not exist: " + path);
    }
    res.set_content(Json{{"FileStatus", FileStatusJson(local, "")}}.dump(), "application/json");
    return;
  }
  if (op == "LISTSTATUS") {
    if (method != "GET") return wrong_method();
    if (!fs::exists(local, ec)) {
      return Error(res, 404, "FileNotFoundException", "File " + path + " does not exist.");
    }
    Json list = Json::array();
    if (fs::is_directory(local, ec)) {
      std::vector<fs::path> children;
      for (const auto& entry : fs::directory_iterator(local, ec)) children.push_back(entry.path());
      std::sort(children.begin(), children.end());
      for (const auto& child : children) {
        list.push_back(FileStatusJson(child, child.filename().string()));
      }
    } else {
      list.push_back(FileStatusJson(local, ""));
    }
    res.set_content(Json{{"FileStatuses", {{"FileStatus", list}}}}.dump(), "application/json");
    return;
  }
  Error(res, 400, "IllegalArgumentException",
        "Invalid value for webhdfs parameter \"op\": No enum constant " + op);
}

void WebHdfsTestServer::Datanode(const std::string& method, const std::string& op,
                                 const std::string& path, const httplib::Request& req,
                                 httplib::Response& res) {
  const fs::path local = Local(path);
  std::error_code ec;
  if (op == "CREATE" && method == "PUT") {
    if (fs::is_directory(local, ec)) {
      return Error(res, 403, "FileAlreadyExistsException", path + " already exists as a directory");
    }
    if (fs::exists(local, ec) && !ParamTrue(req, "overwrite", false)) {
      return Error(res, 403, "FileAlreadyExistsException", path + " for client already exists");
    }
    fs::path parent = local.parent_path();
    if (fs::exists(parent, ec) && !fs::is_directory(parent, ec)) {
      return Error(res, 403, "ParentNotDirectoryException", "Parent path is not a directory");
    }
    fs::create_directories(parent, ec);
    std::ofstream(local, std::ios::binary | std::ios::trunc) << req.body;
    res.status = 201;
    res.set_header("Location", "webhdfs://127.0.0.1:" + std::to_string(namenode_port_) + path);
    return;
  }
  if (op == "APPEND" && method == "POST") {
    if (!fs::is_regular_file(local, ec)) {
      return Error(res, 404, "FileNotFoundException", "File does not exist: " + path);
    }
    std::ofstream(local, std::ios::binary | std::ios::app) << req.body;
    res.status = 200;
    return;
  }
  if (op == "OPEN" && method == "GET") {
    std::ifstream in(local, std::ios::binary);
    if (!in) return Error(res, 404, "FileNotFoundException", "File does not exist: " + path);
    std::stringstream content;
    content << in.rdbuf();
    res.set_content(content.str(), "application/octet-stream");
    return;
  }
  Error(res, 400, "IllegalArgumentException", "Invalid datanode operation " + method + " " + op);
}

}  // namespace sluice::hdfs_test
