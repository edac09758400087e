// A single segment: file names, the sparse index, and reads from its middle.
#include "transport/embedded/segment.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.h"

namespace sluice::embedded {
namespace {

using testing::MakeBatch;
using testing::TempDir;
using testing::WithNumber;

TEST(Segment, FilesAreNamedByZeroPaddedBaseOffset) {
  EXPECT_EQ(SegmentFileStem(0), "00000000000000000000");
  EXPECT_EQ(SegmentFileStem(1234567), "00000000000001234567");
  TempDir dir;
  auto segment = Segment::Create(dir.path(), 42, PosixFileWriter());
  ASSERT_TRUE(segment.ok()) << segment.status().ToString();
  EXPECT_TRUE(std::filesystem::exists(dir / "00000000000000000042.log"));
  EXPECT_TRUE(std::filesystem::exists(dir / "00000000000000000042.index"));
  // A second segment with the same base would silently overwrite data: refused.
  EXPECT_FALSE(Segment::Create(dir.path(), 42, PosixFileWriter()).ok());
}

TEST(Segment, SparseIndexPointsAtTheBatchHoldingAnOffset) {
  TempDir dir;
  auto segment = *Segment::Create(dir.path(), 100, PosixFileWriter());
  std::vector<uint64_t> positions;
  int64_t offset = 100;
  for (int b = 0; b < 20; ++b) {
    SealedBatch batch = MakeBatch(5, WithNumber("b", b) + "-", 1000, 1000);
    SetBaseOffset(&batch, offset);
    positions.push_back(segment->size_bytes());
    // An index interval of 1 byte indexes every batch but the first (position 0 needs none).
    ASSERT_TRUE(segment->Append(batch.bytes, batch.header, /*index_interval_bytes=*/1).ok());
    offset += 5;
  }
  EXPECT_EQ(segment->next_offset(), 200);
  for (int b = 0; b < 20; ++b) {
    for (int i = 0; i < 5; ++i) {
      EXPECT_EQ(segment->LookupPosition(100 + b * 5 + i), positions[b]) << "batch " << b;
    }
  }
  EXPECT_EQ(std::filesystem::file_size(dir / "00000000000000000100.index"), 19u * 8);

  // Reading from an offset in the middle of a batch returns from that offset on.
  transport::ConsumedRecords out;
  auto next =
      segment->Read(segment->LookupPosition(137), segment->size_bytes(), 137, 1, "t", 0, &out);
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.front().offset, 137);
  EXPECT_EQ(out.front().value, "b7-2");
  EXPECT_EQ(*next, out.back().offset + 1);
}

TEST(Segment, WideIndexIntervalKeepsTheIndexSparse) {
  TempDir dir;
  auto segment = *Segment::Create(dir.path(), 0, PosixFileWriter());
  int64_t offset = 0;
  for (int b = 0; b < 100; ++b) {
    SealedBatch batch = MakeBatch(2, "v", 1, 1);
    SetBaseOffset(&batch, offset);
    ASSERT_TRUE(segment->Append(batch.bytes, batch.header, /*index_interval_bytes=*/1024).ok());
    offset += 2;
  }
  const auto entries = std::filesystem::file_size(dir / "00000000000000000000.index") / 8;
  EXPECT_GT(entries, 0u);
  EXPECT_LE(entries, segment->size_bytes() / 1024);
  // Every offset is still found at or before its batch.
  for (int64_t o = 0; o < offset; ++o) {
    transport::ConsumedRecords out;
    auto next =
        segment->Read(segment->LookupPosition(o), segment->size_bytes(), o, 1, "t", 0, &out);
    ASSERT_TRUE(next.ok());
    ASSERT_FALSE(out.empty());
    EXPECT_EQ(out.front().offset, o);
  }
}

}  // namespace
}  // namespace sluice::embedded
