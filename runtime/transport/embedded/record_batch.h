// The record batch: the unit the log writes, checksums and reads back.
//
// Layout (integers little-endian):
//   0   int64   base_offset         offset of the first record; set by the log when appending
//   8   uint32  length              number of bytes after this field
//   12  uint32  crc                 CRC32C of every byte after this field
//   16  uint8   magic               format version (1)
//   17  uint8   attributes          reserved, 0
//   18  int32   record_count        > 0; record i has offset base_offset + i
//   22  int64   append_time_ms      wall clock when the batch was sealed; drives roll and retention
//   30  int64   first_timestamp_ms  timestamp of record 0; other records store a delta to it
//   38  int64   max_timestamp_ms
//   46  records
// Record:
//   zigzag varint timestamp delta
//   zigzag varint key length (-1: null), key bytes
//   zigzag varint value length (-1: null), value bytes
//   varint header count, then per header: varint key length, key bytes,
//                                         zigzag varint value length (-1: null), value bytes
//
// The length prefix lets a reader find where a batch should end, so a tail cut short by a crash
// is recognised; the CRC catches torn or flipped bytes. The base offset stays outside the CRC so
// that a batch can be checksummed by its producer before the log assigns offsets; recovery checks
// it against the offsets of the batches before it instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "transport/transport.h"

namespace sluice::embedded {

inline constexpr size_t kBatchPrefixSize = 12;  // base_offset + length: enough to size a batch
inline constexpr size_t kBatchHeaderSize = 46;
inline constexpr uint8_t kBatchMagic = 1;
// Larger lengths are treated as garbage rather than trusted for an allocation.
inline constexpr uint32_t kMaxBatchLength = 256u << 20;

struct BatchHeader {
  int64_t base_offset = 0;
  uint32_t length = 0;
  uint32_t crc = 0;
  int32_t record_count = 0;
  int64_t append_time_ms = 0;
  int64_t first_timestamp_ms = 0;
  int64_t max_timestamp_ms = 0;

  size_t total_size() const { return kBatchPrefixSize + length; }
  int64_t next_offset() const { return base_offset + record_count; }
};

// Reads the size fields of a batch from its first kBatchPrefixSize bytes: (base_offset, length).
// Returns false when the length cannot belong to a well-formed batch.
bool ParseBatchPrefix(std::string_view bytes, int64_t* base_offset, uint32_t* length);

// Parses a whole batch (exactly header.total_size() bytes) and checks its CRC and fixed fields.
// Does not decode the records.
Result<BatchHeader> ParseBatch(std::string_view batch);

// A batch ready to append: its bytes (base offset still to be set) and its parsed header.
struct SealedBatch {
  std::string bytes;
  BatchHeader header;
};

// Sets the base offset of a sealed batch, in its bytes and its header.
void SetBaseOffset(SealedBatch* batch, int64_t base_offset);

// Builds one batch from records, encoding each straight into a single buffer.
class RecordBatchBuilder {
 public:
  RecordBatchBuilder();

  void Add(int64_t timestamp_ms, const std::optional<std::string>& key,
           const std::optional<std::string>& value,
           const std::vector<transport::RecordHeader>& headers);

  int32_t record_count() const { return record_count_; }
  size_t size_bytes() const { return buffer_.size(); }
  bool empty() const { return record_count_ == 0; }

  // Fills in the header and the CRC and hands over the batch (base offset 0 until appended).
  // The builder is empty afterwards and may be reused. Requires !empty().
  SealedBatch Seal(int64_t append_time_ms);

  // Builds in `storage` from now on (it must be empty of records): the bytes of a batch already
  // appended, handed back so that the next batch grows into memory that exists.
  void Adopt(std::string storage);

 private:
  std::string buffer_;
  int32_t record_count_ = 0;
  int64_t first_timestamp_ms_ = 0;
  int64_t max_timestamp_ms_ = 0;
};

// Decodes the records of a batch checked by ParseBatch, skipping those before `from_offset` and
// stopping after `max_records`. Appends to `out`; returns how many were appended.
Result<size_t> DecodeRecords(std::string_view batch, const BatchHeader& header,
                             const std::string& topic, int32_t partition, int64_t from_offset,
                             size_t max_records, transport::ConsumedRecords* out);

}  // namespace sluice::embedded
