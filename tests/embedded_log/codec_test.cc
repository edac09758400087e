// CRC32C and murmur2 against published vectors.
#include <gtest/gtest.h>

#include <string>

#include "transport/embedded/crc32c.h"
#include "transport/embedded/murmur2.h"

namespace sluice::embedded {
namespace {

TEST(Crc32c, MatchesTheStandardCheckValue) {
  // The CRC-32C "check" value (RFC 3720 / the Castagnoli catalogue entry).
  EXPECT_EQ(Crc32c(std::string_view("123456789")), 0xE3069283u);
}

TEST(Crc32c, MatchesRfc3720Vectors) {
  // iSCSI (RFC 3720, B.4): 32 bytes of zeros, of 0xFF, and of 0x00..0x1F.
  std::string zeros(32, '\0');
  std::string ones(32, '\xFF');
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending += static_cast<char>(i);
  EXPECT_EQ(Crc32c(zeros), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(ones), 0x62A8AB43u);
  EXPECT_EQ(Crc32c(ascending), 0x46DD794Eu);
}

// Whichever way Crc32c runs on this CPU (its CRC32 instruction or tables), it agrees with the
// portable code at every length and alignment.
TEST(Crc32c, TheFastPathAgreesWithTheSoftware) {
  std::string data;
  for (int i = 0; i < 300; ++i) data += static_cast<char>((i * 131 + 7) & 0xFF);
  for (size_t start = 0; start < 9; ++start) {
    for (size_t size = 0; start + size <= data.size(); size += 13) {
      EXPECT_EQ(Crc32cExtend(0x1234u, data.data() + start, size),
                Crc32cExtendSoftware(0x1234u, data.data() + start, size))
          << "start " << start << ", size " << size;
    }
  }
  EXPECT_EQ(Crc32cExtendSoftware(0, "123456789", 9), 0xE3069283u);
}

TEST(Crc32c, ExtendingEqualsOneShot) {
  const std::string data = "The quick brown fox jumps over the lazy dog, again and again.";
  for (size_t split = 0; split <= data.size(); ++split) {
    uint32_t crc = Crc32cExtend(0, data.data(), split);
    crc = Crc32cExtend(crc, data.data() + split, data.size() - split);
    EXPECT_EQ(crc, Crc32c(data)) << "split at " << split;
  }
  EXPECT_EQ(Crc32c(std::string_view()), 0u);
}

// Expected values: Kafka's UtilsTest.testMurmur2 for the first six; the rest were computed with
// an independent Python 3 transcription of Utils.murmur2 (Java int arithmetic) when this test was
// written, and cross-check the same code path.
TEST(Murmur2, MatchesKafkaJavaClient) {
  EXPECT_EQ(Murmur2("21"), -973932308);
  EXPECT_EQ(Murmur2("foobar"), -790332482);
  EXPECT_EQ(Murmur2("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(Murmur2("a-little-bit-longer-string"), -1486304829);
  EXPECT_EQ(Murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
  EXPECT_EQ(Murmur2("abc"), 479470107);
  EXPECT_EQ(Murmur2(""), 275646681);
  EXPECT_EQ(Murmur2("key-1"), 193331640);
  EXPECT_EQ(Murmur2(std::string("\xff\x80", 2)), -442788720);  // bytes >= 0x80 are unsigned
}

TEST(Murmur2, PartitionsLikeTheDefaultPartitioner) {
  EXPECT_EQ(ToPositive(-973932308), 1173551340);
  EXPECT_EQ(ToPositive(INT32_MIN), 0);  // not abs(): no overflow
  EXPECT_EQ(PartitionForKey("21", 3), 0);
  EXPECT_EQ(PartitionForKey("21", 7), 3);
  EXPECT_EQ(PartitionForKey("a-little-bit-long-string", 3), 2);
  EXPECT_EQ(PartitionForKey("abc", 7), 4);
  EXPECT_EQ(PartitionForKey("key-1", 7), 5);
  EXPECT_EQ(PartitionForKey(std::string("\xff\x80", 2), 7), 6);
}

}  // namespace
}  // namespace sluice::embedded
