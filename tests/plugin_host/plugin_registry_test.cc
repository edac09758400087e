// Loading plugins from real .so files: each way a plugin can be wrong is refused with an error
// that names the file and the problem, and the good plugins next to it still load.
#include "plugin_host/plugin_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sluice::plugin_host {
namespace {

using ::testing::HasSubstr;

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

}  // namespace
}  // namespace sluice::plugin_host
