// sluicectl's argument parser and connector file loader.
#include <gtest/gtest.h>

#include "arguments.h"
#include "config/connector_file.h"
#include "grpc_test_support.h"

namespace sluicectl {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"--partitions", "", "N", "partitions"},
    {"--follow", "", "", "follow"},
    {"--output", "-o", "FORMAT", "format"},
    {"--partition", "", "P", "partition", /*repeatable=*/true},
};

TEST(SluicectlArgumentsTest, OptionsMixWithPositionals) {
  const ParsedArguments parsed =
      ParseArguments(kOptions, {"t", "--partitions", "3", "-o", "json", "--follow", "--partition=1",
                                "--partition", "2", "--", "--not-an-option"});
  EXPECT_EQ(parsed.positionals(), (std::vector<std::string>{"t", "--not-an-option"}));
  EXPECT_EQ(parsed.Integer("--partitions", 1, 10), 3);
  EXPECT_EQ(parsed.Value("--output"), "json");
  EXPECT_TRUE(parsed.Has("--follow"));
  EXPECT_EQ(parsed.Values("--partition"), (std::vector<std::string>{"1", "2"}));
  EXPECT_FALSE(parsed.Has("--missing"));
  EXPECT_EQ(parsed.Value("--missing"), std::nullopt);
}

TEST(SluicectlArgumentsTest, MistakesAreUsageErrors) {
  EXPECT_THROW(ParseArguments(kOptions, {"--nope"}), UsageError);
  EXPECT_THROW(ParseArguments(kOptions, {"--partitions"}), UsageError);
  EXPECT_THROW(ParseArguments(kOptions, {"--follow=yes"}), UsageError);
  EXPECT_THROW(ParseArguments(kOptions, {"-o", "json", "--output", "table"}), UsageError);
  const ParsedArguments parsed = ParseArguments(kOptions, {"--partitions", "x3"});
  EXPECT_THROW(parsed.Integer("--partitions", 1, 10), UsageError);
  const ParsedArguments too_big = ParseArguments(kOptions, {"--partitions", "11"});
  try {
    too_big.Integer("--partitions", 1, 10);
    FAIL() << "no error for 11";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--partitions must be between 1 and 10, not 11");
  }
  // A lone "-" is an argument (standard input, by convention), not an option.
  EXPECT_EQ(ParseArguments(kOptions, {"-"}).positionals(), (std::vector<std::string>{"-"}));
}

TEST(SluicectlConnectorFileTest, ReadsPropertiesJsonAndTheCreateBody) {
  sluice::testing::TempDir dir;
  auto properties = sluice::config::LoadConnectorFile(
      dir.Write("a.properties",
                "# Kafka's quickstart\nname=local-file-source\nconnector.class=FileStreamSource\n"
                "tasks.max=1\n"));
  ASSERT_TRUE(properties.ok()) << properties.status().ToString();
  EXPECT_EQ(properties->name, "local-file-source");
  EXPECT_EQ(properties->config.at("connector.class"), "FileStreamSource");

  auto flat = sluice::config::LoadConnectorFile(dir.Write("b.json", R"({"name": "b", "tasks.max": 2,
                                                         "enabled": true})"));
  ASSERT_TRUE(flat.ok()) << flat.status().ToString();
  EXPECT_EQ(flat->name, "b");
  EXPECT_EQ(flat->config.at("tasks.max"), "2");
  EXPECT_EQ(flat->config.at("enabled"), "true");

  auto body = sluice::config::LoadConnectorFile(dir.Write(
      "c.conf", R"( {"name": "c", "config": {"topics": "t"}, "initial_state": "PAUSED"})"));
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(body->name, "c");
  EXPECT_EQ(body->config.at("topics"), "t");
  EXPECT_EQ(body->config.count("name"), 0u);
  EXPECT_EQ(body->initial_state, "PAUSED");
}

TEST(SluicectlConnectorFileTest, ErrorsNameTheFileAndTheProblem) {
  sluice::testing::TempDir dir;
  auto missing = sluice::config::LoadConnectorFile(dir.Path("missing.properties"));
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing.properties"), std::string::npos);

  const std::string broken = dir.Write("broken.json", "{\"name\": ");
  auto not_json = sluice::config::LoadConnectorFile(broken);
  ASSERT_FALSE(not_json.ok());
  EXPECT_NE(not_json.status().message().find(broken + " is not valid JSON"), std::string::npos);

  auto nested = sluice::config::LoadConnectorFile(dir.Write("nested.json", R"({"a": {"b": 1}})"));
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.status().message().find("the value of \"a\" must be a string"),
            std::string::npos);

  auto unknown = sluice::config::LoadConnectorFile(dir.Write("unknown.json", R"({"config": {}, "tasks": []})"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown field \"tasks\""), std::string::npos);
}

}  // namespace
}  // namespace sluicectl
