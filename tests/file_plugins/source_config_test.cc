#include "file-source/source_config.h"

#include <gtest/gtest.h>

#include "file-source/offset_codec.h"

namespace sluice::file_source {
namespace {

FileSourceSettings Parse(std::map<std::string, std::string> props) {
  return ParseFileSourceSettings(Config(FileSourceConfigDef(), std::move(props)));
}

std::string ErrorOf(std::map<std::string, std::string> props) {
  try {
    Parse(std::move(props));
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(FileSourceConfig, KafkasKeysAndDefaults) {
  FileSourceSettings s = Parse({{"file", "/var/log/app.log"}, {"topic", "logs"}});
  EXPECT_EQ(s.mode, SourceMode::kTail);
  EXPECT_EQ(s.file, "/var/log/app.log");
  EXPECT_EQ(s.topic, "logs");
  EXPECT_EQ(s.batch_size, 2000u);
  EXPECT_EQ(s.max_line_bytes, 1024u * 1024u);
  EXPECT_TRUE(Parse({{"topic", "t"}}).file.empty());  // standard input
}

TEST(FileSourceConfig, SpoolDirectoryKeys) {
  FileSourceSettings s = Parse({{"topic", "t"},
                                {"mode", "spooldir"},
                                {"spooldir.path", "/in"},
                                {"spooldir.delete.policy", "immediate"},
                                {"spooldir.consume.order", "youngest"},
                                {"spooldir.recursive", "true"},
                                {"spooldir.basename.header", "true"},
                                {"max.line.bytes", "100"}});
  EXPECT_EQ(s.mode, SourceMode::kSpoolDir);
  EXPECT_EQ(s.spool.scan.directory, "/in");
  EXPECT_EQ(s.spool.scan.completed_suffix, ".COMPLETED");
  EXPECT_EQ(s.spool.scan.include_pattern, "^.*$");
  EXPECT_EQ(s.spool.scan.ignore_pattern, "^$");
  EXPECT_TRUE(s.spool.delete_completed);
  EXPECT_EQ(s.spool.scan.order, ConsumeOrder::kYoungest);
  EXPECT_TRUE(s.spool.scan.recursive);
  EXPECT_TRUE(s.basename_header);
  EXPECT_FALSE(s.file_header);
  EXPECT_EQ(s.spool.max_line_bytes, 100u);
}

TEST(FileSourceConfig, ReportsEveryProblemAtOnce) {
  std::string error = ErrorOf({{"topic", ""},
                               {"batch.size", "0"},
                               {"mode", "spooldir"},
                               {"spooldir.consume.order", "newest"}});
  EXPECT_NE(error.find("Invalid value  for configuration topic: String must be non-empty"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("batch.size: Value must be at least 1"), std::string::npos) << error;
  EXPECT_NE(error.find("spooldir.consume.order"), std::string::npos) << error;
  EXPECT_NE(ErrorOf({{"topic", "t"}, {"mode", "spooldir"}}).find("spooldir.path"),
            std::string::npos);
  EXPECT_NE(ErrorOf({{"topic", "t"},
                     {"mode", "spooldir"},
                     {"spooldir.path", "/in"},
                     {"spooldir.ignore.pattern", "(("}})
                .find("spooldir.ignore.pattern"),
            std::string::npos);
}

TEST(OffsetCodec, WritesAndReadsTheOffsetShapes) {
  EXPECT_EQ(PartitionJson("/a.log"), nlohmann::json({{"filename", "/a.log"}}));
  EXPECT_EQ(OffsetText(12, 34, {}), R"({"position":12,"inode":34})");
  nlohmann::json offset = nlohmann::json::parse(OffsetText(12, 34, {}));
  EXPECT_EQ(offset, nlohmann::json({{"position", 12}, {"inode", 34}}));
  EXPECT_EQ(OffsetText(12, 34, {5, 6}), R"({"position":12,"inode":34,"rotated":[5,6]})");
  std::string error;
  auto parsed = ParseStoredOffset(nlohmann::json::parse(OffsetText(12, 34, {5, 6})), error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->position, 12u);
  EXPECT_EQ(parsed->inode, 34u);
  EXPECT_EQ(parsed->rotated_inodes, (std::vector<uint64_t>{5, 6}));

  EXPECT_FALSE(parsed->fingerprint);

  offset = nlohmann::json::parse(OffsetText(12, 34, {}, FileFingerprint{4096, 1714564200123456789}));
  EXPECT_EQ(
      offset,
      nlohmann::json(
          {{"position", 12}, {"inode", 34}, {"size", 4096}, {"mtime_ns", 1714564200123456789}}));
  parsed = ParseStoredOffset(offset, error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->fingerprint, (FileFingerprint{4096, 1714564200123456789}));

  // The largest values are written whole.
  EXPECT_EQ(nlohmann::json::parse(OffsetText(UINT64_MAX, UINT64_MAX, {UINT64_MAX}))["position"]
                .get<uint64_t>(),
            UINT64_MAX);

  parsed = ParseStoredOffset({{"position", 7}}, error);  // Kafka's own offsets
  ASSERT_TRUE(parsed) << error;
  EXPECT_FALSE(parsed->inode);
}

TEST(OffsetCodec, RejectsMalformedOffsetsSayingWhy) {
  std::string error;
  EXPECT_FALSE(ParseStoredOffset({{"position", -1}}, error));
  EXPECT_NE(error.find("position"), std::string::npos);
  EXPECT_FALSE(ParseStoredOffset({{"position", "12"}}, error));
  EXPECT_FALSE(ParseStoredOffset({{"position", 1}, {"inode", "x"}}, error));
  EXPECT_NE(error.find("inode"), std::string::npos);
  EXPECT_FALSE(ParseStoredOffset({{"position", 1}, {"rotated", {1, "x"}}}, error));
  EXPECT_FALSE(ParseStoredOffset(nlohmann::json::array(), error));
  EXPECT_FALSE(ParseStoredOffset({{"position", 1}, {"size", 3}}, error));  // no mtime_ns
  EXPECT_NE(error.find("mtime_ns"), std::string::npos);
  EXPECT_FALSE(ParseStoredOffset({{"position", 1}, {"size", -3}, {"mtime_ns", 5}}, error));
}

}  // namespace
}  // namespace sluice::file_source
