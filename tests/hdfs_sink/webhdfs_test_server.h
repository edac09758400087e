// A WebHDFS server for tests, written to the Hadoop REST spec (WebHDFS.md) and backed by a local
// folder: HDFS path /a/b is <root>/a/b.
//
// Two listeners on 127.0.0.1, each on a port of its own: the "namenode" answers every operation
// and redirects CREATE, APPEND and OPEN with a 307 to the "datanode", which takes and gives the
// data, as HDFS does. In HttpFS mode the namenode redirects to itself with data=true instead and
// takes the data there (then demanding Content-Type application/octet-stream, as HttpFS does).
// The first step of a two-step CREATE or APPEND must come without a body, as the spec says.
// Errors are RemoteException bodies with Hadoop's exception names and statuses.
//
// Faults for tests: failing the next N requests of an operation with a given status and
// exception (lease errors, 500s), answering slowly, denying writes under a path
// (AccessControlException), and stopping and restarting the namenode (connection refused).
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace sluice::hdfs_test {

enum class Node { kNamenode, kDatanode };

struct Fault {
  std::string op;  // "CREATE", "RENAME" ...; empty: any operation
  Node node = Node::kNamenode;
  int skip = 0;                        // matching requests let through first
  int times = 1;                       // requests it hits
  std::chrono::milliseconds delay{0};  // wait before answering
  int status = 0;                      // 0: after the delay, answer normally
  std::string exception;               // RemoteException name; empty: no body
  std::string message = "injected fault";
  bool apply_then_fail = false;  // carry the request out, then answer the error
};

class WebHdfsTestServer {
 public:
  struct Options {
    bool httpfs = false;
  };

  explicit WebHdfsTestServer(std::filesystem::path root, Options options);
  explicit WebHdfsTestServer(std::filesystem::path root)
      : WebHdfsTestServer(std::move(root), Options{}) {}
  ~WebHdfsTestServer();
  WebHdfsTestServer(const WebHdfsTestServer&) = delete;
  WebHdfsTestServer& operator=(const WebHdfsTestServer&) = delete;

  // http://127.0.0.1:<namenode port>
  std::string url() const;
  int namenode_port() const { return namenode_port_; }
  int datanode_port() const { return datanode_port_; }

  void AddFault(Fault fault);
  // Shorthand: the next `times` requests of `op` fail with 403 and `exception`.
  void FailNext(const std::string& op, int times, int status, const std::string& exception);
  // Every write under `prefix` (an HDFS path) is denied with AccessControlException.
  void DenyWrites(const std::string& prefix);

  // The namenode stops listening (clients get "connection refused") and comes back on its port.
  void StopNamenode();
  void StartNamenode();

  // One line per request: "PUT CREATE /topics/t/f.json namenode user=alice".
  std::vector<std::string> Requests() const;
  // How many requests of `op` reached `node`.
  int CountRequests(const std::string& op, Node node) const;

 private:
  struct Listener;

  std::unique_ptr<Listener> Listen(Node node, int port);
  void Handle(Node node, const httplib::Request& req, httplib::Response& res);
  // The fault that hits this request, if any, after its delay.
  std::optional<Fault> TakeFault(Node node, const std::string& op);
  void Namenode(const std::string& method, const std::string& op, const std::string& path,
                const httplib::Request& req, httplib::Response& res);
  void Datanode(const std::string& method, const std::string& op, const std::string& path,
                const httplib::Request& req, httplib::Response& res);
  std::string Redirect(Node to, const httplib::Request& req, const std::string& path,
                       const std::string& extra) const;
  std::filesystem::path Local(const std::string& hdfs_path) const;

  std::filesystem::path root_;
  Options options_;
  int namenode_port_ = 0;
  int datanode_port_ = 0;
  std::unique_ptr<Listener> namenode_;
  std::unique_ptr<Listener> datanode_;

  mutable std::mutex mu_;  // the folder, the faults and the log
  std::condition_variable shutdown_cv_;
  bool shutting_down_ = false;
  std::vector<Fault> faults_;
  std::vector<std::string> denied_prefixes_;
  std::vector<std::string> requests_;
};

}  // namespace sluice::hdfs_test
