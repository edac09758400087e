#include "common/properties.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(Properties, ParsesKafkaQuickstartFile) {
  auto r = ParseProperties(
      "# comment\n! also a comment\nname=local-file-source\nconnector.class = FileStreamSource\n"
      "tasks.max:1\nfile test.txt\n\n   topic=connect-test\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->at("name"), "local-file-source");
  EXPECT_EQ(r->at("connector.class"), "FileStreamSource");
  EXPECT_EQ(r->at("tasks.max"), "1");
  EXPECT_EQ(r->at("file"), "test.txt");
  EXPECT_EQ(r->at("topic"), "connect-test");
  EXPECT_EQ(r->size(), 5u);
}

TEST(Properties, ContinuationsEscapesAndCrlf) {
  auto r = ParseProperties(
      "a=one \\\r\n    two\r\nb\\=c=d\r\ne=\\u00e9\\t\nempty=\nkey\\ with\\ space=x");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->at("a"), "one two");
  EXPECT_EQ(r->at("b=c"), "d");
  EXPECT_EQ(r->at("e"), "\xc3\xa9\t");
  EXPECT_EQ(r->at("empty"), "");
  EXPECT_EQ(r->at("key with space"), "x");
}

TEST(Properties, MalformedUnicodeEscapeNamesTheLine) {
  auto r = ParseProperties("ok=1\nbad=\\u12\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 2"), std::string::npos) << r.status().message();
}

TEST(Properties, MissingFileIsNotFound) {
  auto r = LoadPropertiesFile("/nonexistent/worker.properties");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sluice
