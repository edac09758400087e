#include "file-source/line_splitter.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace sluice::file_source {
namespace {

struct Got {
  std::string text;
  uint64_t end;
  bool starts_long;
};

std::vector<Got> Drain(LineSplitter& splitter) {
  std::vector<Got> out;
  Line line;
  while (splitter.Next(line)) {
    out.push_back({std::string(line.text), line.end_position, line.starts_long_line});
  }
  return out;
}

std::vector<std::string> TextsOf(const std::vector<Got>& got) {
  std::vector<std::string> texts;
  for (const auto& g : got) texts.push_back(g.text);
  return texts;
}

bool ValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

TEST(LineSplitter, SplitsOnNewlineWithPositionsAfterTheTerminator) {
  LineSplitter splitter(1024);
  splitter.Append("alpha\nbeta\n\nlast\n");
  auto got = Drain(splitter);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(TextsOf(got), (std::vector<std::string>{"alpha", "beta", "", "last"}));
  EXPECT_EQ(got[0].end, 6u);
  EXPECT_EQ(got[1].end, 11u);
  EXPECT_EQ(got[2].end, 12u);
  EXPECT_EQ(got[3].end, 17u);
  EXPECT_EQ(splitter.position(), 17u);
}

TEST(LineSplitter, StripsCrLfButKeepsALoneCarriageReturn) {
  LineSplitter splitter(1024);
  splitter.Append("dos\r\nmixed\rinside\nplain\n");
  auto got = Drain(splitter);
  EXPECT_EQ(TextsOf(got), (std::vector<std::string>{"dos", "mixed\rinside", "plain"}));
  EXPECT_EQ(got[0].end, 5u);  // the position counts both bytes of "\r\n"
}

TEST(LineSplitter, HoldsAPartialLineUntilItsNewlineArrives) {
  LineSplitter splitter(1024, /*start_position=*/100);
  splitter.Append("first\npart");
  EXPECT_EQ(TextsOf(Drain(splitter)), (std::vector<std::string>{"first"}));
  EXPECT_EQ(splitter.held_bytes(), 4u);
  EXPECT_EQ(splitter.position(), 106u);
  splitter.Append("ial");
  EXPECT_TRUE(Drain(splitter).empty());
  splitter.Append(" line\r");  // the "\r" may be half of "\r\n": still nothing
  EXPECT_TRUE(Drain(splitter).empty());
  splitter.Append("\n");
  auto got = Drain(splitter);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].text, "partial line");
  EXPECT_EQ(got[0].end, 120u);
}

TEST(LineSplitter, PassesUtf8Through) {
  const std::string text = "h\xC3\xA9llo w\xC3\xB6rld \xE2\x9C\x93 \xF0\x9F\x98\x80";
  LineSplitter splitter(1024);
  // Fed one byte at a time, so multi-byte characters arrive split across appends.
  for (char c : text + "\n") splitter.Append(std::string(1, c));
  auto got = Drain(splitter);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].text, text);
  EXPECT_EQ(got[0].end, text.size() + 1);
}

TEST(LineSplitter, DeliversAnOverlongLineInPiecesWithoutLosingBytes) {
  LineSplitter splitter(8);
  splitter.Append("0123456789abcdefXYZ\nnext\n");
  auto got = Drain(splitter);
  EXPECT_EQ(TextsOf(got), (std::vector<std::string>{"01234567", "89abcdef", "XYZ", "next"}));
  EXPECT_EQ(got[0].end, 8u);
  EXPECT_EQ(got[1].end, 16u);
  EXPECT_EQ(got[2].end, 20u);
  EXPECT_TRUE(got[0].starts_long);  // warn once per long line
  EXPECT_FALSE(got[1].starts_long);
  EXPECT_FALSE(got[2].starts_long);
  EXPECT_FALSE(got[3].starts_long);
}

TEST(LineSplitter, CutsOverlongLinesBetweenUtf8Characters) {
  // "ab" + U+1F600 (4 bytes) + "cd": a cut at 5 bytes would split the emoji.
  const std::string emoji = "\xF0\x9F\x98\x80";
  LineSplitter splitter(5);
  splitter.Append("ab" + emoji + "cd\n");
  auto got = Drain(splitter);
  EXPECT_EQ(TextsOf(got), (std::vector<std::string>{"ab", emoji + "c", "d"}));
  for (const auto& g : got) EXPECT_TRUE(ValidUtf8(g.text)) << g.text;
}

TEST(LineSplitter, BoundsMemoryWhileAHugeLineStreamsIn) {
  const size_t max = 1000;
  LineSplitter splitter(max);
  std::string delivered;
  const std::string chunk(4096, 'x');
  for (int i = 0; i < 2000; ++i) {  // an 8 MB line
    splitter.Append(chunk);
    for (const auto& g : Drain(splitter)) {
      EXPECT_LE(g.text.size(), max);
      delivered += g.text;
    }
    EXPECT_LE(splitter.held_bytes(), max + 1);
  }
  splitter.Append("\n");
  for (const auto& g : Drain(splitter)) delivered += g.text;
  EXPECT_EQ(delivered.size(), 4096u * 2000u);
  EXPECT_EQ(splitter.position(), 4096u * 2000u + 1);
}

TEST(LineSplitter, ALineOfExactlyTheLimitIsNotSplitByItsCrLf) {
  LineSplitter splitter(4);
  splitter.Append("abcd\r");
  EXPECT_TRUE(Drain(splitter).empty());
  splitter.Append("\nefgh\n");
  EXPECT_EQ(TextsOf(Drain(splitter)), (std::vector<std::string>{"abcd", "efgh"}));
}

TEST(LineSplitter, TakeRestReturnsTheHeldLineOfFinishedInput) {
  LineSplitter splitter(1024);
  splitter.Append("done\ntorn\r");
  EXPECT_EQ(TextsOf(Drain(splitter)), (std::vector<std::string>{"done"}));
  Line line;
  ASSERT_TRUE(splitter.TakeRest(line));
  EXPECT_EQ(line.text, "torn");
  EXPECT_EQ(line.end_position, 10u);
  EXPECT_FALSE(splitter.TakeRest(line));
}

TEST(LineSplitter, ResetDropsHeldBytesAndRestartsPositions) {
  LineSplitter splitter(1024);
  splitter.Append("a\nheld");
  Drain(splitter);
  splitter.Reset(0);
  EXPECT_EQ(splitter.held_bytes(), 0u);
  splitter.Append("b\n");
  auto got = Drain(splitter);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].text, "b");
  EXPECT_EQ(got[0].end, 2u);
}

TEST(LineSplitter, RandomChunkingGivesTheSameLinesAsOneAppend) {
  std::mt19937 rng(42);
  std::string input;
  std::vector<std::string> expected;
  for (int i = 0; i < 5000; ++i) {
    std::string line(rng() % 40, 'a' + static_cast<char>(rng() % 26));
    expected.push_back(line);
    input += line + (rng() % 3 == 0 ? "\r\n" : "\n");
  }
  LineSplitter splitter(1024);
  std::vector<std::string> texts;
  uint64_t last_end = 0;
  for (size_t at = 0; at < input.size();) {
    size_t n = std::min<size_t>(1 + rng() % 97, input.size() - at);
    splitter.Append(input.substr(at, n));
    at += n;
    for (const auto& g : Drain(splitter)) {
      texts.push_back(g.text);
      EXPECT_GT(g.end, last_end);
      last_end = g.end;
    }
  }
  EXPECT_EQ(texts, expected);
  EXPECT_EQ(last_end, input.size());
}

}  // namespace
}  // namespace sluice::file_source
