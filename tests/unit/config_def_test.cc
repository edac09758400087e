#include "sluice/config_def.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

ConfigDef SampleDef() {
  ConfigDef def;
  def.Define("tasks.max", ConfigType::kInt, "1", ConfigValidator::AtLeast(1), Importance::kHigh,
             "Maximum number of tasks to use for this connector.", "Common", 3, Width::kShort,
             "Tasks max");
  def.DefineRequired("topic", ConfigType::kString, ConfigValidator::NonEmptyString(),
                     Importance::kHigh, "The topic to publish data to");
  def.Define("mode", ConfigType::kString, "tail", ConfigValidator::OneOf({"tail", "spooldir"}),
             Importance::kLow, "Mode");
  return def;
}

TEST(ConfigDef, KafkaMessagesForEachKindOfError) {
  auto results = SampleDef().Validate({{"tasks.max", "0"}, {"mode", "x"}});
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].errors,
            std::vector<std::string>{
                "Invalid value 0 for configuration tasks.max: Value must be at least 1"});
  EXPECT_EQ(results[1].errors,
            std::vector<std::string>{
                "Missing required configuration \"topic\" which has no default value."});
  EXPECT_EQ(results[2].errors,
            std::vector<std::string>{
                "Invalid value x for configuration mode: String must be one of: tail, spooldir"});
}

TEST(ConfigDef, TypeErrors) {
  auto results = SampleDef().Validate({{"tasks.max", "many"}, {"topic", "t"}});
  EXPECT_EQ(results[0].errors,
            std::vector<std::string>{
                "Invalid value many for configuration tasks.max: Not a number of type INT"});
  EXPECT_TRUE(results[1].errors.empty());
}

TEST(ConfigDef, RoundTripsThroughJson) {
  ConfigDef def = SampleDef();
  ConfigDef back = ConfigDef::FromJson(def.ToJson());
  EXPECT_EQ(back.ToJson(), def.ToJson());
  ASSERT_NE(back.Find("topic"), nullptr);
  EXPECT_FALSE(back.Find("topic")->has_default);
}

TEST(Config, DefaultsAndTypedGetters) {
  Config c(SampleDef(), {{"topic", "t"}});
  EXPECT_EQ(c.GetInt("tasks.max"), 1);
  EXPECT_EQ(c.GetString("mode"), "tail");
  EXPECT_THROW(Config(SampleDef(), {{"tasks.max", "x"}}).GetInt("tasks.max"),
               std::invalid_argument);
}

}  // namespace
}  // namespace sluice
