// The REST API against the real worker: create, inspect, pause, resume, stop, offsets, delete;
// bad requests get the standard error body and the worker keeps serving.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "worker_process.h"

namespace sluice::testing {
namespace {

std::string MappedFiles(pid_t pid) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::stringstream text;
  text << maps.rdbuf();
  return text.str();
}

// POST /connectors for a FileStreamSource named "src" that tails `file` into topic "t".
std::string FileSourceRequest(const std::filesystem::path& file) {
  return nlohmann::json(
             {{"name", "src"},
              {"config",
               {{"connector.class", "FileStreamSource"}, {"file", file.string()}, {"topic", "t"}}}})
      .dump();
}

// The worker learns its plugins' classes in a child process and maps a plugin library only when
// a connector uses it; a library that crashes while loading costs only that child.
TEST(RestLifecycle, PluginLibrariesAreLoadedWhenFirstUsed) {
  TempDir dir;
  const std::string crashing =
      std::string(SLUICE_HAZARDOUS_PLUGIN_DIR) + "/fixture-crashes-when-loaded.so";
  WorkerProcess worker(dir.path(), {{"plugin.path", crashing + "," + SLUICE_PLUGIN_DIR}});
  ASSERT_TRUE(worker.Start()) << worker.log();
  EXPECT_NE(worker.log().find("fixture-crashes-when-loaded.so ended the process that loaded it"),
            std::string::npos)
      << worker.log();

  auto plugins = worker.Request("GET", "/connector-plugins").json();
  std::vector<std::string> classes;
  for (const auto& p : plugins) classes.push_back(p["class"]);
  EXPECT_NE(std::find(classes.begin(), classes.end(), "FileStreamSourceConnector"), classes.end())
      << plugins.dump();
  EXPECT_EQ(worker.Request("GET", "/connector-plugins/FileStreamSource/config").status, 200);
  EXPECT_EQ(MappedFiles(worker.pid()).find("file-source.so"), std::string::npos);

  AppendToFile(dir / "in.txt", "a\n");
  auto created = worker.Request("POST", "/connectors", FileSourceRequest(dir / "in.txt"));
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_TRUE(worker.WaitForTasks("src", "RUNNING"));
  const std::string maps = MappedFiles(worker.pid());
  EXPECT_NE(maps.find("file-source.so"), std::string::npos);
  EXPECT_EQ(maps.find("file-sink.so"), std::string::npos);
  EXPECT_EQ(worker.Stop(), 0);
}

TEST(RestLifecycle, ConnectorLifecycleAgainstTheRealWorker) {
  TempDir dir;
  WorkerProcess worker(dir.path(),
                       {{"value.converter", "org.apache.kafka.connect.storage.StringConverter"}});
  ASSERT_TRUE(worker.Start()) << worker.log();

  auto root = worker.Request("GET", "/").json();
  EXPECT_TRUE(root.contains("version"));
  EXPECT_TRUE(root.contains("kafka_cluster_id"));

  auto bad = worker.Request("POST", "/connectors", "{not json");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json()["error_code"], 400);

  auto unknown = worker.Request("POST", "/connectors",
                                R"({"name":"x","config":{"connector.class":"NoSuchThing"}})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.json()["message"].get<std::string>().find("NoSuchThing"), std::string::npos);

  auto missing = worker.Request("POST", "/connectors",
                                R"({"name":"x","config":{"connector.class":"FileStreamSource"}})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.json()["message"].get<std::string>().find(
                "Missing required configuration \"topic\" which has no default value."),
            std::string::npos);
  EXPECT_EQ(worker.Request("GET", "/connectors").json(),
            nlohmann::json::array());  // nothing half-created

  AppendToFile(dir / "in.txt", "a\nb\n");
  auto created = worker.Request("POST", "/connectors", FileSourceRequest(dir / "in.txt"));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["type"], "source");
  ASSERT_TRUE(worker.WaitForTasks("src", "RUNNING"));

  EXPECT_EQ(worker.Request("PUT", "/connectors/src/pause").status, 202);
  ASSERT_TRUE(worker.WaitForTasks("src", "PAUSED"));
  EXPECT_EQ(worker.Request("GET", "/connectors/src/status").json()["connector"]["state"], "PAUSED");
  EXPECT_EQ(worker.Request("PUT", "/connectors/src/resume").status, 202);
  ASSERT_TRUE(worker.WaitForTasks("src", "RUNNING"));

  // Offsets can be changed only while STOPPED.
  EXPECT_EQ(worker.Request("DELETE", "/connectors/src/offsets").status, 400);
  EXPECT_EQ(worker.Request("PUT", "/connectors/src/stop").status, 204);
  EXPECT_EQ(worker.Request("GET", "/connectors/src/status").json()["connector"]["state"],
            "STOPPED");
  auto offsets = worker.Request("GET", "/connectors/src/offsets").json();
  ASSERT_EQ(offsets["offsets"].size(), 1u) << offsets;
  EXPECT_EQ(offsets["offsets"][0]["offset"]["position"], 4);
  EXPECT_EQ(worker.Request("DELETE", "/connectors/src/offsets").status, 200);
  EXPECT_EQ(worker.Request("GET", "/connectors/src/offsets").json()["offsets"].size(), 0u);

  EXPECT_EQ(worker.Request("DELETE", "/connectors/src").status, 204);
  EXPECT_EQ(worker.Request("GET", "/connectors/src").status, 404);
  EXPECT_EQ(worker.Stop(), 0);
}

}  // namespace
}  // namespace sluice::testing
