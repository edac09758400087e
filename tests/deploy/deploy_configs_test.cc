// The demo's own configuration files on a real worker: deploy/worker.properties (its converters
// and flush settings; the container's addresses and paths replaced by local ones) and the file
// source and file sink of deploy/connectors/, fed by deploy/log-generator.sh.
//
// deploy/connectors/hdfs-sink.json runs beside them against the WebHDFS test server of
// tests/hdfs_sink.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "common/properties.h"
#include "webhdfs_test_server.h"
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

// All three demo connectors at once, as deploy/demo.sh creates them: the access log goes to the
// file and, through hdfs-sink.json, into 10-minute directories on a WebHDFS server that follows
// Hadoop's REST spec (HDFS itself runs only in the compose demo). Only what names the containers
// changes: the files, and hdfs.url. rotate.schedule.interval.ms drops from the demo's minute to
// 2 s so that the last, partly filled file is committed while the test waits.
TEST(DeployConfigs, TheDemoPipelineWritesTenMinuteDirectoriesThroughWebHdfs) {
  TempDir dir;
  const std::string access_log = dir / "access.log";
  const std::string sink_file = dir / "weblogs.txt";
  hdfs_test::WebHdfsTestServer webhdfs(dir.path() / "hdfs");

  nlohmann::json source = ReadJson(kDeployDir + "/connectors/file-source.json");
  nlohmann::json sink = ReadJson(kDeployDir + "/connectors/file-sink.json");
  nlohmann::json hdfs = ReadJson(kDeployDir + "/connectors/hdfs-sink.json");
  ASSERT_EQ(hdfs["config"]["hdfs.url"], "webhdfs://namenode:9870");
  ASSERT_EQ(hdfs["config"]["topics"], source["config"]["topic"]);
  source["config"]["file"] = access_log;
  sink["config"]["file"] = sink_file;
  hdfs["config"]["hdfs.url"] = webhdfs.url();
  hdfs["config"]["rotate.schedule.interval.ms"] = "2000";

  WorkerProcess worker(dir.path(), DemoWorkerConfig());
  ASSERT_TRUE(worker.Start()) << worker.log();
  for (const auto& connector : {source, sink, hdfs}) {
    auto created = worker.Request("POST", "/connectors", connector.dump());
    ASSERT_EQ(created.status, 201) << created.body;
    ASSERT_TRUE(worker.WaitForTasks(connector["name"], "RUNNING")) << worker.log();
  }

  RunLogGenerator(access_log, 150, 1.5);
  const std::vector<std::string> written = ReadLines(access_log);
  ASSERT_GE(written.size(), 150u);

  // Committed files: /sluice/topics/weblogs/dt=<day>/hm=<HHm0>/weblogs+0+<start>+<end>.txt.
  const std::filesystem::path topic_dir = dir.path() / "hdfs/sluice/topics/weblogs";
  const std::regex layout(
      R"(dt=\d{4}-\d{2}-\d{2}/hm=\d{2}[0-5]0/weblogs\+0\+(\d{10})\+(\d{10})\.txt)");
  auto committed_lines = [&] {
    std::map<int64_t, std::vector<std::string>> by_start;
    if (!std::filesystem::exists(topic_dir)) return std::vector<std::string>{};
    for (const auto& entry : std::filesystem::recursive_directory_iterator(topic_dir)) {
      if (!entry.is_regular_file()) continue;
      const std::string relative = entry.path().lexically_relative(topic_dir).string();
      std::smatch m;
      EXPECT_TRUE(std::regex_match(relative, m, layout)) << "unexpected file " << relative;
      if (!m.empty()) by_start[std::stoll(m[1].str())] = ReadLines(entry.path().string());
    }
    std::vector<std::string> lines;
    for (auto& [start, file_lines] : by_start) {
      lines.insert(lines.end(), file_lines.begin(), file_lines.end());
    }
    return lines;
  };
  ASSERT_TRUE(Eventually([&] { return committed_lines().size() >= written.size(); },
                         std::chrono::seconds(30)))
      << committed_lines().size() << " of " << written.size() << " lines committed\n"
      << worker.log();
  EXPECT_EQ(committed_lines(), written);
  ASSERT_TRUE(Eventually([&] { return ReadLines(sink_file).size() >= written.size(); }));
  EXPECT_EQ(ReadLines(sink_file), written);

  // The namenode saw the demo's user, the two-step CREATE went through the datanode.
  const auto requests = webhdfs.Requests();
  EXPECT_TRUE(std::any_of(requests.begin(), requests.end(), [](const std::string& r) {
    return r.find("user=hadoop") != std::string::npos;
  }));
  EXPECT_GT(webhdfs.CountRequests("CREATE", hdfs_test::Node::kDatanode), 0);
  EXPECT_EQ(worker.Stop(), 0) << worker.log();
}

}  // namespace
}  // namespace sluice::testing
