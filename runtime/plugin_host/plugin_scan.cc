#include "plugin_host/plugin_scan.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/thread_name.h"

namespace sluice::plugin_host {
namespace {

// One JSON object per line, child to parent. Only this file writes and reads it, and only
// between a worker and its own fork, so it needs no version.
nlohmann::json ManifestToJson(const LibraryManifest& manifest) {
  nlohmann::json connectors = nlohmann::json::array();
  for (const auto& cls : manifest.connectors) {
    connectors.push_back({{"class", cls.class_name},
                          {"aliases", cls.aliases},
                          {"type", PluginTypeName(cls.type)},
                          {"version", cls.version},
                          {"definition", cls.definition.ToJson()}});
  }
  return {{"path", manifest.path},
          {"error", manifest.error},
          {"components", manifest.component_count},
          {"connectors", std::move(connectors)}};
}

// Throws std::exception on a line that is not a manifest.
LibraryManifest ManifestFromJson(const nlohmann::json& j) {
  LibraryManifest manifest;
  manifest.path = j.at("path").get<std::string>();
  manifest.error = j.at("error").get<std::string>();
  manifest.component_count = j.at("components").get<size_t>();
  for (const auto& c : j.at("connectors")) {
    ConnectorClassInfo cls;
    cls.class_name = c.at("class").get<std::string>();
    cls.aliases = c.at("aliases").get<std::vector<std::string>>();
    cls.type =
        c.at("type").get<std::string>() == "source" ? SLUICE_PLUGIN_SOURCE : SLUICE_PLUGIN_SINK;
    cls.version = c.at("version").get<std::string>();
    cls.definition = ConfigDef::FromJson(c.at("definition"));
    cls.library_path = manifest.path;
    manifest.connectors.push_back(std::move(cls));
  }
  return manifest;
}

LibraryManifest Failed(const std::string& path, std::string error) {
  LibraryManifest manifest;
  manifest.path = path;
  manifest.error = std::move(error);
  return manifest;
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// The child: describes libraries [first, end) one line each, then exits without running the
// parent's atexit handlers or destructors (they belong to the parent's state).
[[noreturn]] void RunChild(int fd, const std::vector<std::string>& libraries, size_t first) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the worker
  SetCurrentThreadName("plugin-scan");
  sigset_t none;
  sigemptyset(&none);
  pthread_sigmask(SIG_SETMASK, &none, nullptr);
  for (size_t i = first; i < libraries.size(); ++i) {
    const std::string line = ManifestToJson(DescribeLibrary(libraries[i])).dump() + "\n";
    if (!WriteAll(fd, line)) _exit(1);
  }
  _exit(0);
}

enum class ChildEnd { kFinished, kTimedOut };

// Reads the child's manifests into `out` until it closes the pipe, or until one library takes
// longer than `timeout`.
ChildEnd ReadManifests(int fd, std::chrono::milliseconds timeout,
                       std::vector<LibraryManifest>& out) {
  using Clock = std::chrono::steady_clock;
  std::string pending;
  auto deadline = Clock::now() + timeout;
  char chunk[64 * 1024];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return ChildEnd::kTimedOut;
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) return ChildEnd::kTimedOut;
    ssize_t n = read(fd, chunk, sizeof(chunk));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ChildEnd::kFinished;
    pending.append(chunk, static_cast<size_t>(n));
    for (size_t end; (end = pending.find('\n')) != std::string::npos;) {
      auto parsed = nlohmann::json::parse(std::string_view(pending).substr(0, end), nullptr, false);
      pending.erase(0, end + 1);
      try {
        out.push_back(ManifestFromJson(parsed));
      } catch (const std::exception&) {
        return ChildEnd::kFinished;  // cannot happen short of memory corruption in the child
      }
      deadline = Clock::now() + timeout;
    }
  }
}

std::string DescribeExit(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "signal " + std::to_string(sig) + ", " + strsignal(sig);
  }
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  return "wait status " + std::to_string(status);
}

pid_t WaitFor(pid_t pid, int* status) {
  pid_t r;
  do {
    r = waitpid(pid, status, 0);
  } while (r < 0 && errno == EINTR);
  return r;
}

}  // namespace

LibraryManifest DescribeLibrary(const std::string& path) {
  LibraryManifest manifest;
  manifest.path = path;
  auto library = PluginLibrary::Load(path);
  if (!library.ok()) {
    manifest.error = library.status().message();
    return manifest;
  }
  for (const auto& cls : (*library)->classes()) {
    manifest.connectors.push_back(static_cast<const ConnectorClassInfo&>(*cls));
  }
  manifest.component_count = (*library)->components().size();
  return manifest;
}

std::vector<LibraryManifest> ScanLibraries(const std::vector<std::string>& libraries,
                                           const ScanOptions& options) {
  std::vector<LibraryManifest> out;
  while (out.size() < libraries.size()) {
    const size_t first = out.size();
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      const std::string why = std::strerror(errno);
      for (size_t i = first; i < libraries.size(); ++i)
        out.push_back(
            Failed(libraries[i], "cannot scan plugin " + libraries[i] + ": pipe: " + why));
      break;
    }
    const pid_t pid = fork();
    if (pid < 0) {
      const std::string why = std::strerror(errno);
      close(fds[0]);
      close(fds[1]);
      for (size_t i = first; i < libraries.size(); ++i)
        out.push_back(
            Failed(libraries[i], "cannot scan plugin " + libraries[i] + ": fork: " + why));
      break;
    }
    if (pid == 0) {
      close(fds[0]);
      RunChild(fds[1], libraries, first);
    }
    close(fds[1]);
    const ChildEnd end = ReadManifests(fds[0], options.load_timeout, out);
    close(fds[0]);
    if (end == ChildEnd::kTimedOut) kill(pid, SIGKILL);
    int status = 0;
    WaitFor(pid, &status);
    if (out.size() == libraries.size()) break;
    // The child stopped short: the library it was loading is the one to blame.
    const std::string& culprit = libraries[out.size()];
    std::string error = end == ChildEnd::kTimedOut
                            ? "plugin " + culprit + " did not finish loading within " +
                                  std::to_string(options.load_timeout.count()) + " ms"
                            : "loading plugin " + culprit + " ended the process that loaded it (" +
                                  DescribeExit(status) + ")";
    out.push_back(Failed(culprit, std::move(error)));
  }
  return out;
}

}  // namespace sluice::plugin_host
