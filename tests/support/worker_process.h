// Runs the real `sluice` executable as a child process for end-to-end tests: writes its config,
// starts it, waits until REST answers, talks HTTP to it, and stops it with SIGTERM or SIGKILL.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sluice::testing {

// A fresh folder under the system temp dir, removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A port nobody listens on right now.
int FreePort();
// `count` distinct such ports.
std::vector<int> FreePorts(int count);

struct HttpResponse {
  int status = 0;  // 0: no answer
  std::string body;
  nlohmann::json json() const;
};

HttpResponse HttpRequest(int port, const std::string& method, const std::string& path,
                         const std::string& body = "",
                         const std::string& content_type = "application/json");

class WorkerProcess {
 public:
  // `worker_config` is written to <dir>/worker.properties; listeners, offsets and (for the
  // embedded log) log.dirs point into `dir` unless given.
  WorkerProcess(const std::filesystem::path& dir, std::map<std::string, std::string> worker_config,
                std::vector<std::string> extra_args = {});
  ~WorkerProcess();

  // Starts the process and waits for REST to answer (false on timeout or early exit).
  bool Start(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // SIGTERM and wait; returns the exit code (-1 if it had to be killed).
  int Stop(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void Kill();  // SIGKILL and reap
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

  int port() const { return port_; }
  int grpc_port() const { return grpc_port_; }
  HttpResponse Request(const std::string& method, const std::string& path,
                       const std::string& body = "") const {
    return HttpRequest(port_, method, path, body);
  }
  // Polls GET /connectors/{name}/status until every task is in `state` (and there is at least
  // one task when `state` is RUNNING).
  bool WaitForTasks(const std::string& connector, const std::string& state,
                    std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;
  std::string log() const;  // what the worker printed

 private:
  std::filesystem::path dir_;
  std::map<std::string, std::string> config_;
  std::vector<std::string> extra_args_;
  int port_ = 0;
  int grpc_port_ = 0;
  pid_t pid_ = -1;
};

// Polls `predicate` every 20 ms until it is true or `timeout` passes.
template <typename Predicate>
bool Eventually(Predicate predicate, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    ::usleep(20 * 1000);
  }
  return predicate();
}

std::string ReadFile(const std::string& path);
std::vector<std::string> ReadLines(const std::string& path);
void AppendToFile(const std::string& path, const std::string& text);

}  // namespace sluice::testing
