// The demo's own configuration files on a real worker: deploy/worker.properties (its converters
// and flush settings; the container's addresses and paths replaced by local ones) and the file
// source and file sink of deploy/connectors/, fed by deploy/log-generator.sh.
//
// deploy/connectors/hdfs-sink.json is checked against the hdfs-sink plugin's own definition
// through config/validate; the plugin's tests run it against a WebHDFS server.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "common/properties.h"
#include "worker_process.h"

namespace sluice::testing {
namespace {

const std::string kDeployDir = std::string(SLUICE_SOURCE_DIR) + "/deploy";

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  return nlohmann::json::parse(in);
}

// deploy/worker.properties without what names the container: its listeners, Kafka, plugin
// folders and state files (WorkerProcess puts its own local ones in their place).
std::map<std::string, std::string> DemoWorkerConfig() {
  auto loaded = LoadPropertiesFile(kDeployDir + "/worker.properties");
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  std::map<std::string, std::string> config = loaded.ok() ? *loaded : StringMap{};
  for (const char* key :
       {"listeners", "grpc.listeners", "bootstrap.servers", "plugin.path",
        "offset.storage.file.filename", "config.storage.file.filename", "log.dirs"}) {
    config.erase(key);
  }
  return config;
}

// Runs deploy/log-generator.sh for about `seconds`: it writes a batch at once, then one a second.
void RunLogGenerator(const std::string& log_file, int lines_per_second, double seconds) {
  std::string command = "LINES_PER_SECOND=" + std::to_string(lines_per_second) + " timeout " +
                        std::to_string(seconds) + " bash " + kDeployDir + "/log-generator.sh " +
                        log_file + " >/dev/null";
  int status = std::system(command.c_str());
  // timeout's 124 is the expected way out: the generator runs until stopped.
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 124) << command << " -> " << status;
}

TEST(DeployConfigs, TheDemoFilePipelineCarriesTheGeneratedAccessLog) {
  TempDir dir;
  const std::string access_log = dir / "access.log";
  const std::string sink_file = dir / "weblogs.txt";

  nlohmann::json source = ReadJson(kDeployDir + "/connectors/file-source.json");
  nlohmann::json sink = ReadJson(kDeployDir + "/connectors/file-sink.json");
  ASSERT_EQ(source["config"]["file"], "/var/log/web/access.log");
  ASSERT_EQ(sink["config"]["file"], "/data/out/weblogs.txt");
  ASSERT_EQ(source["config"]["topic"], sink["config"]["topics"]);
  source["config"]["file"] = access_log;
  sink["config"]["file"] = sink_file;

  WorkerProcess worker(dir.path(), DemoWorkerConfig());
  ASSERT_TRUE(worker.Start()) << worker.log();
  for (const auto& connector : {source, sink}) {
    auto created = worker.Request("POST", "/connectors", connector.dump());
    ASSERT_EQ(created.status, 201) << created.body;
    ASSERT_TRUE(worker.WaitForTasks(connector["name"], "RUNNING")) << worker.log();
  }

  RunLogGenerator(access_log, 20, 1.5);
  const std::vector<std::string> written = ReadLines(access_log);
  ASSERT_GE(written.size(), 20u);
  for (const auto& line : written) {
    EXPECT_NE(line.find(" HTTP/1.1\" "), std::string::npos) << "not an access-log line: " << line;
  }
  // The StringConverter of worker.properties: the file gets each line as it was, no JSON.
  ASSERT_TRUE(Eventually([&] { return ReadLines(sink_file).size() >= written.size(); }))
      << worker.log();
  EXPECT_EQ(ReadLines(sink_file), written);
  EXPECT_EQ(worker.Stop(), 0) << worker.log();
}

TEST(DeployConfigs, TheHdfsSinkConfigIsValidForTheHdfsSinkPlugin) {
  nlohmann::json hdfs = ReadJson(kDeployDir + "/connectors/hdfs-sink.json");
  const std::string cls = hdfs["config"]["connector.class"];

  TempDir dir;
  WorkerProcess worker(dir.path(), DemoWorkerConfig());
  ASSERT_TRUE(worker.Start()) << worker.log();
  auto plugins = worker.Request("GET", "/connector-plugins").json();
  std::set<std::string> names;
  for (const auto& p : plugins) names.insert(p["class"].get<std::string>());
  bool found = false;
  for (const auto& name : names) found |= name == cls || name.ends_with("." + cls);
  if (!found) {
    worker.Stop();
    GTEST_SKIP() << cls << " is not among the built plugins (is plugins/hdfs-sink built?)";
  }

  auto validated = worker.Request("PUT", "/connector-plugins/" + cls + "/config/validate",
                                  hdfs["config"].dump());
  ASSERT_EQ(validated.status, 200) << validated.body;
  EXPECT_EQ(validated.json()["error_count"], 0) << validated.body;
  EXPECT_EQ(worker.Stop(), 0) << worker.log();
}

}  // namespace
}  // namespace sluice::testing
