#include "worker_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

#include <httplib.h>

namespace sluice::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("sluice-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::vector<int> FreePorts(int count) {
  // Every socket stays bound until all ports are known, so the kernel cannot hand out one port
  // twice (two listeners of one worker on the same port would fail to start).
  std::vector<int> fds;
  std::vector<int> ports;
  for (int i = 0; i < count; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    fds.push_back(fd);
    ports.push_back(ntohs(addr.sin_port));
  }
  for (int fd : fds) ::close(fd);
  return ports;
}

int FreePort() {
  return FreePorts(1).front();
}

nlohmann::json HttpResponse::json() const {
  return nlohmann::json::parse(body, nullptr, false);
}

HttpResponse HttpRequest(int port, const std::string& method, const std::string& path,
                         const std::string& body, const std::string& content_type) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(30, 0);
  auto send = [&]() -> httplib::Result {
    if (method == "GET") return client.Get(path.c_str());
    if (method == "DELETE") return client.Delete(path.c_str());
    if (method == "POST") return client.Post(path.c_str(), body, content_type.c_str());
    if (method == "PUT") return client.Put(path.c_str(), body, content_type.c_str());
    return client.Patch(path.c_str(), body, content_type.c_str());
  };
  httplib::Result r = send();
  HttpResponse out;
  if (r) {
    out.status = r->status;
    out.body = r->body;
  }
  return out;
}

WorkerProcess::WorkerProcess(const std::filesystem::path& dir,
                             std::map<std::string, std::string> worker_config,
                             std::vector<std::string> extra_args)
    : dir_(dir), config_(std::move(worker_config)), extra_args_(std::move(extra_args)) {
  const std::vector<int> ports = FreePorts(2);
  port_ = ports[0];
  grpc_port_ = ports[1];
  config_.emplace("listeners", "http://127.0.0.1:" + std::to_string(port_));
  config_.emplace("grpc.listeners", "127.0.0.1:" + std::to_string(grpc_port_));
  config_.emplace("offset.storage.file.filename", (dir_ / "connect.offsets").string());
  config_.emplace("offset.flush.interval.ms", "1000");
  if (!config_.count("bootstrap.servers"))
    config_.emplace("log.dirs", (dir_ / "sluice-data").string());
  config_.emplace("plugin.path", std::string(SLUICE_PLUGIN_DIR) + "," + SLUICE_TEST_PLUGIN_DIR);
}

WorkerProcess::~WorkerProcess() {
  if (pid_ > 0) Kill();
}

bool WorkerProcess::Start(std::chrono::milliseconds timeout) {
  std::ofstream props(dir_ / "worker.properties");
  for (const auto& [k, v] : config_) props << k << "=" << v << "\n";
  props.close();
  std::string binary = std::string(SLUICE_BUILD_DIR) + "/bin/sluice";
  std::vector<std::string> args = {binary, "standalone", (dir_ / "worker.properties").string()};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  std::string log_path = (dir_ / "worker.log").string();

  pid_ = ::fork();
  if (pid_ == 0) {
    int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::chdir(dir_.c_str());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  return Eventually(
             [&] {
               int status = 0;
               if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                 pid_ = -1;
                 return true;  // exited: stop waiting
               }
               return Request("GET", "/").status == 200;
             },
             timeout) &&
         pid_ > 0;
}

int WorkerProcess::Stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    ::usleep(10 * 1000);
  }
  Kill();
  return -1;
}

void WorkerProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool WorkerProcess::WaitForTasks(const std::string& connector, const std::string& state,
                                 std::chrono::milliseconds timeout) const {
  return Eventually(
      [&] {
        auto r = Request("GET", "/connectors/" + connector + "/status");
        if (r.status != 200) return false;
        auto j = r.json();
        if (!j.contains("tasks") || (state == "RUNNING" && j["tasks"].empty())) return false;
        for (const auto& t : j["tasks"]) {
          if (t.value("state", "") != state) return false;
        }
        return true;
      },
      timeout);
}

std::string WorkerProcess::log() const {
  return ReadFile((dir_ / "worker.log").string());
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

void AppendToFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << text;
}

}  // namespace sluice::testing
