// Connector config validation beyond each key's own definition: the dead-letter topic must not
// be one the sink consumes, and the self-healing keys are checked like any other.
#include "worker/connector_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/worker_config.h"

namespace sluice::worker {
namespace {

using ::testing::HasSubstr;

class ConnectorValidation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = plugin_host::PluginRegistry::Scan({SLUICE_TEST_PLUGIN_DIR}).release();
  }
  ConfigInfos Validate(const std::string& cls, StringMap config) {
    config.emplace("connector.class", cls);
    config.emplace("name", "c");
    return ValidateConnectorConfig(registry_->Find(cls), config, *registry_);
  }
  static std::vector<std::string> Errors(const ConfigInfos& infos, const std::string& key) {
    for (const auto& e : infos.configs) {
      if (e.value.name == key) return e.value.errors;
    }
    return {"<no such key>"};
  }
  static plugin_host::PluginRegistry* registry_;
};
plugin_host::PluginRegistry* ConnectorValidation::registry_ = nullptr;

TEST_F(ConnectorValidation, TheDeadLetterTopicMayNotBeConsumedByTheSink) {
  auto listed = Validate("FaultySinkConnector",
                         {{"topics", "a,dlq"}, {"errors.deadletterqueue.topic.name", "dlq"}});
  EXPECT_THAT(Errors(listed, "errors.deadletterqueue.topic.name"),
              ::testing::ElementsAre(HasSubstr("The DLQ topic 'dlq' may not be included in the "
                                               "list of topics ('topics=a,dlq')")));
  auto matched = Validate("FaultySinkConnector",
                          {{"topics.regex", "d.*"}, {"errors.deadletterqueue.topic.name", "dlq"}});
  EXPECT_THAT(Errors(matched, "errors.deadletterqueue.topic.name"),
              ::testing::ElementsAre(HasSubstr("may not be included in the regex matching topics "
                                               "to consume from ('topics.regex=d.*')")));
  auto fine = Validate("FaultySinkConnector",
                       {{"topics.regex", "in.*"}, {"errors.deadletterqueue.topic.name", "dlq"}});
  EXPECT_EQ(fine.error_count, 0);
}

TEST_F(ConnectorValidation, SourcesMayNameADeadLetterTopicWithTypedSettings) {
  auto infos =
      Validate("FaultySourceConnector", {{"topic", "t"},
                                         {"errors.deadletterqueue.topic.name", "dlq"},
                                         {"errors.deadletterqueue.context.headers.enable", "maybe"}});
  EXPECT_THAT(Errors(infos, "errors.deadletterqueue.topic.name"), ::testing::IsEmpty());
  EXPECT_THAT(Errors(infos, "errors.deadletterqueue.context.headers.enable"),
              ::testing::ElementsAre(HasSubstr("Invalid value maybe")));
}

TEST_F(ConnectorValidation, SelfHealingKeysAreCheckedAndUnsetMeansTheWorkersValue) {
  auto bad = Validate("FaultySourceConnector", {{"topic", "t"},
                                                {"task.restart.max.attempts", "-1"},
                                                {"task.stuck.threshold.ms", "soon"}});
  EXPECT_THAT(Errors(bad, "task.restart.max.attempts"),
              ::testing::ElementsAre(HasSubstr("Invalid value -1")));
  EXPECT_THAT(Errors(bad, "task.stuck.threshold.ms"),
              ::testing::ElementsAre(HasSubstr("Invalid value soon")));
  auto unset = Validate("FaultySourceConnector", {{"topic", "t"}});
  EXPECT_EQ(unset.error_count, 0);
  for (const auto& e : unset.configs) {
    if (e.value.name == "task.restart.max.attempts") {
      EXPECT_FALSE(e.value.value.has_value());
    }
  }
}

TEST(WorkerConfigSelfHealing, InvalidValuesStopTheWorkerNamingTheKey) {
  auto parsed = config::WorkerConfig::Parse({{"task.restart.window.ms", "0"}}, "");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("task.restart.window.ms"));
  EXPECT_TRUE(config::WorkerConfig::Parse({{"task.restart.max.attempts", "0"}}, "").ok());
}

}  // namespace
}  // namespace sluice::worker
