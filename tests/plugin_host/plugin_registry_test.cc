// Loading plugins from real .so files: each way a plugin can be wrong is refused with an error
// that names the file and the problem, and the good plugins next to it still load.
#include "plugin_host/plugin_registry.h"

#include <chrono>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sluice::plugin_host {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

std::string Fixture(const std::string& name) {
  return std::string(SLUICE_TEST_PLUGIN_DIR) + "/" + name + ".so";
}

TEST(PluginLibrary, RefusesAnotherAbiMajor) {
  auto lib = PluginLibrary::Load(Fixture("fixture-wrong-abi"));
  ASSERT_FALSE(lib.ok());
  EXPECT_THAT(lib.status().message(),
              HasSubstr("fixture-wrong-abi.so was built for plugin ABI 2.0"));
}

TEST(PluginLibrary, RefusesAClassMissingARequiredHook) {
  auto lib = PluginLibrary::Load(Fixture("fixture-missing-hook"));
  ASSERT_FALSE(lib.ok());
  EXPECT_THAT(lib.status().message(),
              HasSubstr("class NoPollSource lacks required hooks: source_task_poll"));
}

TEST(PluginLibrary, ReportsTheReasonAnInitFailed) {
  auto lib = PluginLibrary::Load(Fixture("fixture-init-fails"));
  ASSERT_FALSE(lib.ok());
  EXPECT_THAT(lib.status().message(),
              HasSubstr("failed to initialise: cannot find libexample-driver.so.3"));
}

TEST(PluginLibrary, RefusesALibraryThatIsNotAPlugin) {
  auto lib = PluginLibrary::Load(Fixture("fixture-not-a-plugin"));
  ASSERT_FALSE(lib.ok());
  EXPECT_THAT(lib.status().message(),
              HasSubstr("is not a Sluice plugin: it exports no sluice_plugin_init"));
}

TEST(PluginLibrary, ReportsAFileThatCannotBeLoaded) {
  auto lib = PluginLibrary::Load("/nonexistent/plugin.so");
  ASSERT_FALSE(lib.ok());
  EXPECT_THAT(lib.status().message(), HasSubstr("cannot load plugin /nonexistent/plugin.so"));
}

TEST(PluginRegistry, LoadsTheGoodAndRecordsTheBad) {
  auto registry = PluginRegistry::Scan({SLUICE_TEST_PLUGIN_DIR});
  EXPECT_EQ(registry->errors().size(), 4u);
  ASSERT_NE(registry->Find("FaultySourceConnector"), nullptr);
  EXPECT_EQ(registry->Find("FaultySourceConnector")->type, SLUICE_PLUGIN_SOURCE);
  EXPECT_EQ(registry->Find("FaultySinkConnector")->type, SLUICE_PLUGIN_SINK);
  EXPECT_EQ(registry->Find("NoSuchConnector"), nullptr);
}

TEST(PluginRegistry, FindsBySimpleNameWithoutConnectorSuffix) {
  auto registry = PluginRegistry::Scan({SLUICE_TEST_PLUGIN_DIR});
  EXPECT_EQ(registry->Find("FaultySource"), registry->Find("FaultySourceConnector"));
}

TEST(PluginRegistry, BundledFileConnectorsAnswerToKafkaNames) {
  auto registry = PluginRegistry::Scan({SLUICE_PLUGIN_DIR});
  if (registry->Connectors().empty()) GTEST_SKIP() << "bundled plugins not built";
  for (const char* name : {"FileStreamSource", "FileStreamSourceConnector",
                           "org.apache.kafka.connect.file.FileStreamSourceConnector"}) {
    ASSERT_NE(registry->Find(name), nullptr) << name;
    EXPECT_EQ(registry->Find(name)->type, SLUICE_PLUGIN_SOURCE);
  }
  for (const char* name : {"FileStreamSink", "FileStreamSinkConnector",
                           "org.apache.kafka.connect.file.FileStreamSinkConnector"}) {
    ASSERT_NE(registry->Find(name), nullptr) << name;
    EXPECT_EQ(registry->Find(name)->type, SLUICE_PLUGIN_SINK);
  }
}

TEST(PluginRegistry, ScanOutlivesALibraryThatCrashesOrHangsWhileLoading) {
  ScanOptions options;
  options.load_timeout = std::chrono::milliseconds(500);
  auto registry =
      PluginRegistry::Scan({SLUICE_HAZARDOUS_PLUGIN_DIR, Fixture("fixture-faulty")}, options);
  std::vector<std::string> messages;
  for (const auto& e : registry->errors()) messages.push_back(e.message);
  EXPECT_THAT(messages,
              UnorderedElementsAre(HasSubstr("fixture-crashes-when-loaded.so ended the process "
                                             "that loaded it (signal 11"),
                                   HasSubstr("fixture-hangs-in-init.so did not finish loading "
                                             "within 500 ms")));
  // The library after them was still scanned, by a fresh child.
  EXPECT_NE(registry->Find("FaultySourceConnector"), nullptr);
}

TEST(PluginRegistry, LoadsALibraryOnlyWhenOneOfItsClassesIsUsed) {
  const std::string path = Fixture("fixture-faulty");
  auto registry = PluginRegistry::Scan({path});
  std::vector<std::string> listed;
  for (const auto& cls : registry->Connectors()) listed.push_back(cls->class_name);
  EXPECT_THAT(listed, UnorderedElementsAre("FaultySourceConnector", "FaultySinkConnector"));
  auto described = registry->Describe("FaultySource");
  ASSERT_NE(described, nullptr);
  EXPECT_EQ(described->library_path, path);
  EXPECT_FALSE(registry->IsLoaded(path));

  auto found = registry->Find("FaultySource");
  ASSERT_NE(found, nullptr);
  EXPECT_TRUE(registry->IsLoaded(path));
  EXPECT_NE(found->table.source_task_poll, nullptr);
  // What the child reported is what the library declares.
  EXPECT_EQ(described->definition.ToJson(), found->definition.ToJson());
  EXPECT_EQ(described->version, found->version);
  EXPECT_EQ(described->aliases, found->aliases);
}

TEST(PluginRegistry, LoadsLibrariesWithComponentClassesAtTheScan) {
  auto registry = PluginRegistry::Scan({Fixture("fixture-components")});
  EXPECT_TRUE(registry->IsLoaded(Fixture("fixture-components")));
  EXPECT_FALSE(registry->Components().empty());
}

TEST(PluginRegistry, StopsOfferingAClassWhoseLibraryNoLongerLoads) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(testing::TempDir()) / "registry-vanishing-plugin";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path copy = dir / "faulty.so";
  fs::copy_file(Fixture("fixture-faulty"), copy);
  auto registry = PluginRegistry::Scan({dir.string()});
  ASSERT_NE(registry->Describe("FaultySourceConnector"), nullptr);

  fs::remove(copy);  // an upgrade gone wrong, after the worker started
  auto loaded = registry->Load("FaultySourceConnector");
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("cannot load plugin " + copy.string()));
  EXPECT_TRUE(registry->Connectors().empty());
  EXPECT_EQ(registry->Describe("FaultySinkConnector"), nullptr);
  ASSERT_EQ(registry->errors().size(), 1u);
  EXPECT_EQ(registry->errors()[0].path, copy.string());
  EXPECT_EQ(registry->Load("NoSuchConnector").status().code(), StatusCode::kNotFound);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sluice::plugin_host
