#include "rest/url_encoding.h"

#include <gtest/gtest.h>

namespace sluice::rest {
namespace {

TEST(UrlEncodingTest, DecodesEscapesAndKeepsBrokenOnes) {
  EXPECT_EQ(PercentDecode("a%2Fb%20c"), "a/b c");
  EXPECT_EQ(PercentDecode("%e2%82%ac"), "\xe2\x82\xac");
  EXPECT_EQ(PercentDecode("100%"), "100%");
  EXPECT_EQ(PercentDecode("%zz%4"), "%zz%4");
  EXPECT_EQ(PercentDecode("%00"), std::string(1, '\0'));
}

TEST(UrlEncodingTest, PlusIsASpaceOnlyInQueries) {
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("a+b%2B", /*plus_is_space=*/true), "a b+");
}

TEST(UrlEncodingTest, EncodesAllButUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("my-conn_1.v~2"), "my-conn_1.v~2");
  EXPECT_EQ(PercentEncode("a/b c?d"), "a%2Fb%20c%3Fd");
  EXPECT_EQ(PercentEncode("\xe2\x82\xac"), "%E2%82%AC");
  EXPECT_EQ(PercentDecode(PercentEncode("any / name % here")), "any / name % here");
}

TEST(UrlEncodingTest, ParsesRepeatedAndValuelessParameters) {
  auto query = ParseQueryString("expand=status&expand=info&flag&x=a%26b+c&&=empty");
  EXPECT_EQ(query.count("expand"), 2u);
  auto [first, last] = query.equal_range("expand");
  EXPECT_EQ(first->second, "status");
  EXPECT_EQ(std::next(first)->second, "info");
  EXPECT_EQ(query.find("flag")->second, "");
  EXPECT_EQ(query.find("x")->second, "a&b c");
  EXPECT_EQ(query.find("")->second, "empty");
  EXPECT_TRUE(ParseQueryString("").empty());
}

}  // namespace
}  // namespace sluice::rest
