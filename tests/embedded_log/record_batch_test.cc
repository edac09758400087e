// The record batch format: round trips, and that damage is recognised.
#include "transport/embedded/record_batch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice::embedded {
namespace {

using transport::ConsumedRecord;
using transport::RecordHeader;

SealedBatch SampleBatch() {
  RecordBatchBuilder builder;
  builder.Add(1000, std::string("key-a"), std::string("value-a"),
              {{"h1", std::string("v1")}, {"h-null", std::nullopt}});
  builder.Add(990, std::nullopt, std::string("no key"), {});      // earlier timestamp
  builder.Add(2000, std::string("tombstone"), std::nullopt, {});  // null value
  builder.Add(1500, std::string(""), std::string(""), {{"", std::string("")}});  // empty, not null
  return builder.Seal(/*append_time_ms=*/5000);
}

TEST(RecordBatch, RoundTripsKeysValuesHeadersAndTimestamps) {
  SealedBatch sealed = SampleBatch();
  SetBaseOffset(&sealed, 42);

  auto header = ParseBatch(sealed.bytes);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->base_offset, 42);
  EXPECT_EQ(header->record_count, 4);
  EXPECT_EQ(header->next_offset(), 46);
  EXPECT_EQ(header->append_time_ms, 5000);
  EXPECT_EQ(header->first_timestamp_ms, 1000);
  EXPECT_EQ(header->max_timestamp_ms, 2000);
  EXPECT_EQ(header->total_size(), sealed.bytes.size());
  EXPECT_EQ(header->crc, sealed.header.crc);

  transport::ConsumedRecords records;
  auto decoded = DecodeRecords(sealed.bytes, *header, "orders", 3, 0, SIZE_MAX, &records);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_EQ(*decoded, 4u);

  EXPECT_EQ(records[0].topic, "orders");
  EXPECT_EQ(records[0].partition, 3);
  EXPECT_EQ(records[0].offset, 42);
  EXPECT_EQ(records[0].timestamp_ms, 1000);
  EXPECT_EQ(records[0].key, "key-a");
  EXPECT_EQ(records[0].value, "value-a");
  ASSERT_EQ(records[0].headers.size(), 2u);
  EXPECT_EQ(records[0].headers[0].key, "h1");
  EXPECT_EQ(records[0].headers[0].value, "v1");
  EXPECT_EQ(records[0].headers[1].key, "h-null");
  EXPECT_EQ(records[0].headers[1].value, std::nullopt);

  EXPECT_EQ(records[1].offset, 43);
  EXPECT_EQ(records[1].timestamp_ms, 990);
  EXPECT_EQ(records[1].key, std::nullopt);
  EXPECT_EQ(records[1].value, "no key");

  EXPECT_EQ(records[2].value, std::nullopt);
  EXPECT_EQ(records[2].timestamp_ms, 2000);

  EXPECT_EQ(records[3].key, std::string(""));
  EXPECT_EQ(records[3].value, std::string(""));
  ASSERT_EQ(records[3].headers.size(), 1u);
  EXPECT_EQ(records[3].headers[0].value, std::string(""));
}

TEST(RecordBatch, DecodesFromAnOffsetInsideTheBatchAndStopsAtMaxRecords) {
  SealedBatch sealed = SampleBatch();
  SetBaseOffset(&sealed, 10);
  auto header = ParseBatch(sealed.bytes);
  ASSERT_TRUE(header.ok());
  transport::ConsumedRecords records;
  auto decoded = DecodeRecords(sealed.bytes, *header, "t", 0, 11, 2, &records);
  ASSERT_TRUE(decoded.ok());
  ASSERT_EQ(*decoded, 2u);
  EXPECT_EQ(records[0].offset, 11);
  EXPECT_EQ(records[1].offset, 12);
}

TEST(RecordBatch, BuilderIsReusableAfterSeal) {
  RecordBatchBuilder builder;
  builder.Add(1, std::nullopt, std::string("a"), {});
  SealedBatch first = builder.Seal(1);
  EXPECT_TRUE(builder.empty());
  builder.Add(7, std::nullopt, std::string("b"), {});
  SealedBatch second = builder.Seal(2);
  auto header = ParseBatch(second.bytes);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(header->record_count, 1);
  EXPECT_EQ(header->first_timestamp_ms, 7);
}

TEST(RecordBatch, EveryFlippedByteAfterTheLengthIsDetected) {
  SealedBatch sealed = SampleBatch();
  // The base offset (bytes 0-7) is outside the CRC by design; everything after it is covered
  // by the length check or the CRC.
  for (size_t i = 8; i < sealed.bytes.size(); ++i) {
    std::string damaged = sealed.bytes;
    damaged[i] ^= 0x10;
    EXPECT_FALSE(ParseBatch(damaged).ok()) << "flipped byte " << i << " went unnoticed";
  }
}

TEST(RecordBatch, TruncatedBatchIsRejected) {
  SealedBatch sealed = SampleBatch();
  for (size_t size : {size_t{0}, size_t{5}, kBatchPrefixSize, sealed.bytes.size() - 1}) {
    auto parsed = ParseBatch(std::string_view(sealed.bytes).substr(0, size));
    EXPECT_FALSE(parsed.ok()) << "size " << size;
    EXPECT_EQ(parsed.status().code(), StatusCode::kCorruption);
  }
}

TEST(RecordBatch, PrefixRejectsImpossibleLengths) {
  SealedBatch sealed = SampleBatch();
  int64_t base;
  uint32_t length;
  EXPECT_TRUE(ParseBatchPrefix(sealed.bytes, &base, &length));
  EXPECT_EQ(kBatchPrefixSize + length, sealed.bytes.size());
  std::string zeros(kBatchPrefixSize, '\0');  // a length of 0 is shorter than any header
  EXPECT_FALSE(ParseBatchPrefix(zeros, &base, &length));
  std::string huge(kBatchPrefixSize, '\xFF');  // negative offset, 4 GiB length
  EXPECT_FALSE(ParseBatchPrefix(huge, &base, &length));
}

}  // namespace
}  // namespace sluice::embedded
