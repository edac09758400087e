#include "transport/embedded/record_batch.h"

#include <algorithm>
#include <limits>

#include "transport/embedded/byte_codec.h"
#include "transport/embedded/crc32c.h"

namespace sluice::embedded {
namespace {

constexpr size_t kBaseOffsetAt = 0;
constexpr size_t kLengthAt = 8;
constexpr size_t kCrcAt = 12;
constexpr size_t kMagicAt = 16;
constexpr size_t kAttributesAt = 17;
constexpr size_t kRecordCountAt = 18;
constexpr size_t kAppendTimeAt = 22;
constexpr size_t kFirstTimestampAt = 30;
constexpr size_t kMaxTimestampAt = 38;
static_assert(kMaxTimestampAt + 8 == kBatchHeaderSize);

constexpr size_t kMinLength = kBatchHeaderSize - kBatchPrefixSize;

int64_t DecodeInt64(const char* p) {
  return static_cast<int64_t>(DecodeFixed64(p));
}

bool ReadNullable(ByteReader& reader, std::optional<std::string>* out) {
  int64_t length;
  if (!reader.ReadZigZag64(&length) || length < -1) return false;
  if (length == -1) {
    out->reset();
    return true;
  }
  std::string_view bytes;
  if (!reader.ReadBytes(static_cast<size_t>(length), &bytes)) return false;
  if (*out) {
    (*out)->assign(bytes);  // into the string of the record this slot held before
  } else {
    out->emplace(bytes);
  }
  return true;
}

// Reads one record's fields into `record` (offset, topic and partition are the caller's).
bool ReadRecord(ByteReader& reader, int64_t first_timestamp_ms, transport::ConsumedRecord* record) {
  int64_t timestamp_delta;
  if (!reader.ReadZigZag64(&timestamp_delta)) return false;
  record->timestamp_ms = first_timestamp_ms + timestamp_delta;
  if (!ReadNullable(reader, &record->key) || !ReadNullable(reader, &record->value)) return false;
  uint64_t header_count;
  if (!reader.ReadVarint64(&header_count)) return false;
  if (header_count > reader.remaining()) return false;  // each header takes two bytes at least
  record->headers.resize(header_count);
  for (uint64_t i = 0; i < header_count; ++i) {
    uint64_t key_length;
    std::string_view header_key;
    if (!reader.ReadVarint64(&key_length) || !reader.ReadBytes(key_length, &header_key)) {
      return false;
    }
    auto& header = record->headers[i];
    header.key.assign(header_key);
    if (!ReadNullable(reader, &header.value)) return false;
  }
  return true;
}

}  // namespace

bool ParseBatchPrefix(std::string_view bytes, int64_t* base_offset, uint32_t* length) {
  if (bytes.size() < kBatchPrefixSize) return false;
  *base_offset = DecodeInt64(bytes.data() + kBaseOffsetAt);
  *length = DecodeFixed32(bytes.data() + kLengthAt);
  return *base_offset >= 0 && *length >= kMinLength && *length <= kMaxBatchLength;
}

Result<BatchHeader> ParseBatch(std::string_view batch) {
  BatchHeader h;
  if (!ParseBatchPrefix(batch, &h.base_offset, &h.length)) {
    return Status::Corruption("batch prefix is invalid (negative offset or length out of range)");
  }
  if (batch.size() != h.total_size()) {
    return Status::Corruption("batch is " + std::to_string(batch.size()) +
                              " bytes but its length field says " + std::to_string(h.total_size()));
  }
  const char* p = batch.data();
  h.crc = DecodeFixed32(p + kCrcAt);
  uint32_t actual = Crc32c(p + kMagicAt, batch.size() - kMagicAt);
  if (actual != h.crc) return Status::Corruption("batch CRC mismatch");
  if (static_cast<uint8_t>(p[kMagicAt]) != kBatchMagic) {
    return Status::Corruption("unknown batch format version " +
                              std::to_string(static_cast<uint8_t>(p[kMagicAt])));
  }
  h.record_count = static_cast<int32_t>(DecodeFixed32(p + kRecordCountAt));
  if (h.record_count <= 0) return Status::Corruption("batch has no records");
  h.append_time_ms = DecodeInt64(p + kAppendTimeAt);
  h.first_timestamp_ms = DecodeInt64(p + kFirstTimestampAt);
  h.max_timestamp_ms = DecodeInt64(p + kMaxTimestampAt);
  return h;
}

void SetBaseOffset(SealedBatch* batch, int64_t base_offset) {
  EncodeFixed64(batch->bytes.data() + kBaseOffsetAt, static_cast<uint64_t>(base_offset));
  batch->header.base_offset = base_offset;
}

RecordBatchBuilder::RecordBatchBuilder() {
  buffer_.resize(kBatchHeaderSize);
}

void RecordBatchBuilder::Adopt(std::string storage) {
  buffer_ = std::move(storage);
  buffer_.resize(kBatchHeaderSize);
}

void RecordBatchBuilder::Add(int64_t timestamp_ms, const std::optional<std::string>& key,
                             const std::optional<std::string>& value,
                             const std::vector<transport::RecordHeader>& headers) {
  if (record_count_ == 0) {
    first_timestamp_ms_ = timestamp_ms;
    max_timestamp_ms_ = timestamp_ms;
  }
  max_timestamp_ms_ = std::max(max_timestamp_ms_, timestamp_ms);
  PutZigZag64(&buffer_, timestamp_ms - first_timestamp_ms_);
  PutNullableBytes(&buffer_, key ? &*key : nullptr);
  PutNullableBytes(&buffer_, value ? &*value : nullptr);
  PutVarint64(&buffer_, headers.size());
  for (const auto& header : headers) {
    PutVarint64(&buffer_, header.key.size());
    buffer_.append(header.key);
    PutNullableBytes(&buffer_, header.value ? &*header.value : nullptr);
  }
  ++record_count_;
}

SealedBatch RecordBatchBuilder::Seal(int64_t append_time_ms) {
  char* p = buffer_.data();
  EncodeFixed64(p + kBaseOffsetAt, 0);
  EncodeFixed32(p + kLengthAt, static_cast<uint32_t>(buffer_.size() - kBatchPrefixSize));
  p[kMagicAt] = static_cast<char>(kBatchMagic);
  p[kAttributesAt] = 0;
  EncodeFixed32(p + kRecordCountAt, static_cast<uint32_t>(record_count_));
  EncodeFixed64(p + kAppendTimeAt, static_cast<uint64_t>(append_time_ms));
  EncodeFixed64(p + kFirstTimestampAt, static_cast<uint64_t>(first_timestamp_ms_));
  EncodeFixed64(p + kMaxTimestampAt, static_cast<uint64_t>(max_timestamp_ms_));
  const uint32_t crc = Crc32c(p + kMagicAt, buffer_.size() - kMagicAt);
  EncodeFixed32(p + kCrcAt, crc);

  SealedBatch sealed;
  sealed.header = BatchHeader{0,
                              static_cast<uint32_t>(buffer_.size() - kBatchPrefixSize),
                              crc,
                              record_count_,
                              append_time_ms,
                              first_timestamp_ms_,
                              max_timestamp_ms_};
  sealed.bytes = std::move(buffer_);
  buffer_.clear();
  buffer_.resize(kBatchHeaderSize);
  record_count_ = 0;
  return sealed;
}

Result<size_t> DecodeRecords(std::string_view batch, const BatchHeader& header,
                             const std::string& topic, int32_t partition, int64_t from_offset,
                             size_t max_records, transport::ConsumedRecords* out) {
  ByteReader reader(batch.substr(kBatchHeaderSize));
  const size_t first_new = out->size();
  transport::ConsumedRecord skipped;  // scratch for records before from_offset
  for (int32_t i = 0; i < header.record_count && out->size() - first_new < max_records; ++i) {
    const int64_t offset = header.base_offset + i;
    const bool keep = offset >= from_offset;
    transport::ConsumedRecord* record = keep ? &out->Append() : &skipped;
    if (!ReadRecord(reader, header.first_timestamp_ms, record)) {
      out->Truncate(first_new);
      return Status::Corruption("record " + std::to_string(offset) + " of " + topic + "-" +
                                std::to_string(partition) + " is malformed");
    }
    if (!keep) continue;
    if (record->topic != topic) record->topic = topic;
    record->partition = partition;
    record->offset = offset;
  }
  const size_t appended = out->size() - first_new;
  return appended;
}

}  // namespace sluice::embedded
