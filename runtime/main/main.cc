// sluice: the worker daemon.
//
//   sluice standalone worker.properties [connector.properties|connector.json ...]
//
// Starts a worker on Kafka (bootstrap.servers set) or on the embedded log, loads the plugins on
// plugin.path, restores the connectors it kept, creates the ones given on the command line,
// serves REST (and gRPC), and stops gracefully on SIGINT or SIGTERM.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include "common/log.h"
#include "common/properties.h"
#include "config/connector_file.h"
#include "config/worker_config.h"
#include "grpc/grpc_server.h"
#include "main/transport_factory.h"
#include "main/version.h"
#include "plugin_host/plugin_components.h"
#include "plugin_host/plugin_registry.h"
#include "rest/listeners.h"
#include "rest/rest_server.h"
#include "worker/config_store.h"
#include "worker/offset_store.h"
#include "worker/standalone_herder.h"

namespace sluice {
namespace {

constexpr const char* kLogger = "worker";

void PrintUsage(std::ostream& out) {
  out << "Usage: sluice standalone [worker.properties] [connector.properties|connector.json ...]\n"
         "       sluice --version\n\n"
         "Runs a Sluice worker. With bootstrap.servers set in the worker config the worker uses\n"
         "that Kafka cluster; otherwise it keeps topics in an embedded log under log.dirs.\n"
         "Connectors are managed through the REST API (default http://127.0.0.1:8083).\n";
}

// plugins/ beside the executable's bin/ folder, so a fresh build runs as is; for an installed
// worker (bin/ and lib/sluice/plugins/ under one prefix), lib/sluice/plugins.
std::string DefaultPluginPath(const char* argv0) {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) exe = std::filesystem::absolute(argv0);
  auto prefix = exe.parent_path().parent_path();
  if (!std::filesystem::is_directory(prefix / "plugins") &&
      std::filesystem::is_directory(prefix / "lib" / "sluice" / "plugins")) {
    return (prefix / "lib" / "sluice" / "plugins").string();
  }
  return (prefix / "plugins").string();
}

std::string WorkerId(const config::WorkerConfig& worker, const rest::RestOptions& rest_options,
                     int port) {
  auto host_it = worker.raw.find("rest.advertised.host.name");
  auto port_it = worker.raw.find("rest.advertised.port");
  std::string host = host_it != worker.raw.end() ? host_it->second : rest_options.host;
  if (host.empty() || host == "0.0.0.0" || host == "::") {
    char name[256] = {0};
    host = gethostname(name, sizeof(name) - 1) == 0 ? name : "localhost";
  }
  return host + ":" + (port_it != worker.raw.end() ? port_it->second : std::to_string(port));
}

int RunStandalone(const std::vector<std::string>& args, const char* argv0) {
  StringMap props;
  size_t first_connector = 0;
  if (!args.empty()) {
    auto loaded = LoadPropertiesFile(args[0]);
    if (!loaded.ok()) {
      std::cerr << "sluice: cannot read worker config: " << loaded.status().message() << "\n";
      return 2;
    }
    props = std::move(*loaded);
    first_connector = 1;
  }
  auto worker = config::WorkerConfig::Parse(props, DefaultPluginPath(argv0));
  if (!worker.ok()) {
    std::cerr << "sluice: " << worker.status().message() << "\n";
    return 2;
  }
  auto rest_options = rest::ParseListeners(worker->listeners);
  if (!rest_options.ok()) {
    std::cerr << "sluice: invalid listeners: " << rest_options.status().message() << "\n";
    return 2;
  }
  std::vector<config::ConnectorFile> connector_files;
  for (size_t i = first_connector; i < args.size(); ++i) {
    auto file = config::LoadConnectorFile(args[i]);
    if (!file.ok()) {
      std::cerr << "sluice: " << file.status().message() << "\n";
      return 2;
    }
    if (file->name.empty()) {
      std::cerr << "sluice: " << args[i] << ": the connector has no \"name\"\n";
      return 2;
    }
    connector_files.push_back(std::move(*file));
  }

  SLUICE_LOG_INFO(kLogger, "Sluice " << kVersion << " starting");
  // First, while the process has no other thread: the scan forks a child to load the plugins.
  auto plugins = plugin_host::PluginRegistry::Scan(worker->plugin_path);
  plugin_host::RegisterComponents(*plugins);

  // Signals are taken by sigwait below, so every thread started from here on blocks them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto transport = OpenTransport(*worker);
  if (!transport.ok()) {
    SLUICE_LOG_ERROR(kLogger, "cannot open the transport: " << transport.status().message());
    return 1;
  }
  auto offsets = worker::FileOffsetStore::Open(worker->offset_storage_file);
  if (!offsets.ok()) {
    SLUICE_LOG_ERROR(kLogger, offsets.status().message());
    return 1;
  }
  auto configs = worker::FileConfigStore::Open(worker->config_storage_file);
  if (!configs.ok()) {
    SLUICE_LOG_ERROR(kLogger, configs.status().message());
    return 1;
  }

  worker::HerderDependencies deps;
  deps.worker = &*worker;
  deps.plugins = plugins.get();
  deps.transport = transport->get();
  deps.offsets = offsets->get();
  deps.configs = configs->get();
  deps.version = kVersion;
  deps.commit = kCommit;
  deps.worker_id = WorkerId(*worker, *rest_options, rest_options->port);
  worker::StandaloneHerder herder(deps);

  // Restore the kept connectors before REST answers, so that no client sees a partial list.
  herder.Start();
  rest::RestServer rest_server(herder, *rest_options);
  Status listening = rest_server.Start();
  if (!listening.ok()) {
    SLUICE_LOG_ERROR(kLogger, "cannot start the REST API: " << listening.message());
    return 1;
  }
  SLUICE_LOG_INFO(kLogger, "REST API listening on " << rest_server.url());
  rpc::GrpcServer grpc_server(herder, **transport, worker->grpc_listeners);
  Status grpc_listening = grpc_server.Start();
  if (!grpc_listening.ok()) {
    SLUICE_LOG_ERROR(kLogger, "cannot start the gRPC API: " << grpc_listening.message());
    return 1;
  }
  SLUICE_LOG_INFO(kLogger, "gRPC API listening on " << worker->grpc_listeners);

  for (const auto& file : connector_files) {
    auto created = herder.PutConnectorConfig(file.name, file.config, true,
                                             worker::ParseInitialState(file.initial_state));
    if (!created.ok()) {
      SLUICE_LOG_ERROR(
          kLogger, "cannot create connector " << file.name << ": " << created.status().message());
    }
  }
  SLUICE_LOG_INFO(kLogger, "worker started (" << transport->get()->Name()
                                              << " transport, worker id " << deps.worker_id << ")");

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  SLUICE_LOG_INFO(kLogger, "received " << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
                                       << "; stopping gracefully");
  rest_server.Stop();
  grpc_server.Stop();
  herder.Stop();
  SLUICE_LOG_INFO(kLogger, "worker stopped");
  return 0;
}

}  // namespace
}  // namespace sluice

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    sluice::PrintUsage(args.empty() ? std::cerr : std::cout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "sluice " << sluice::kVersion << " (" << sluice::kCommit << ")\n";
    return 0;
  }
  if (args[0] == "standalone") {
    return sluice::RunStandalone(std::vector<std::string>(args.begin() + 1, args.end()), argv[0]);
  }
  std::cerr << "sluice: unknown command '" << args[0] << "'\n\n";
  sluice::PrintUsage(std::cerr);
  return 2;
}
