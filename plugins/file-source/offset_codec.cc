#include "file-source/offset_codec.h"

#include <charconv>

namespace sluice::file_source {
namespace {

template <typename Number>
void AppendNumber(Number n, std::string& out) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

bool IsNonNegativeInteger(const nlohmann::json& j) {
  return j.is_number_unsigned() || (j.is_number_integer() && j.get<int64_t>() >= 0);
}

}  // namespace

nlohmann::json PartitionJson(const std::string& partition_path) {
  return {{"filename", partition_path}};
}

std::string OffsetTail(uint64_t inode, const std::vector<uint64_t>& rotated_inodes,
                       const std::optional<FileFingerprint>& fingerprint) {
  std::string tail = ",\"inode\":";
  AppendNumber(inode, tail);
  if (!rotated_inodes.empty()) {
    tail += ",\"rotated\":[";
    for (size_t i = 0; i < rotated_inodes.size(); ++i) {
      if (i > 0) tail += ',';
      AppendNumber(rotated_inodes[i], tail);
    }
    tail += ']';
  }
  if (fingerprint) {
    tail += ",\"size\":";
    AppendNumber(fingerprint->size, tail);
    tail += ",\"mtime_ns\":";
    AppendNumber(fingerprint->mtime_ns, tail);
  }
  tail += '}';
  return tail;
}

void AppendOffsetText(uint64_t position, std::string_view tail, std::string& out) {
  out += "{\"position\":";
  AppendNumber(position, out);
  out += tail;
}

std::string OffsetText(uint64_t position, uint64_t inode,
                       const std::vector<uint64_t>& rotated_inodes,
                       const std::optional<FileFingerprint>& fingerprint) {
  std::string out;
  AppendOffsetText(position, OffsetTail(inode, rotated_inodes, fingerprint), out);
  return out;
}

std::optional<StoredOffset> ParseStoredOffset(const nlohmann::json& offset, std::string& error) {
  if (!offset.is_object()) {
    error = "the offset is not a JSON object: " + offset.dump();
    return std::nullopt;
  }
  StoredOffset stored;
  auto position = offset.find("position");
  if (position == offset.end() || !IsNonNegativeInteger(*position)) {
    error = "\"position\" is missing or not a non-negative integer in " + offset.dump();
    return std::nullopt;
  }
  stored.position = position->get<uint64_t>();
  if (auto inode = offset.find("inode"); inode != offset.end() && !inode->is_null()) {
    if (!IsNonNegativeInteger(*inode)) {
      error = "\"inode\" is not a non-negative integer in " + offset.dump();
      return std::nullopt;
    }
    stored.inode = inode->get<uint64_t>();
  }
  if (auto rotated = offset.find("rotated"); rotated != offset.end() && !rotated->is_null()) {
    if (!rotated->is_array()) {
      error = "\"rotated\" is not an array in " + offset.dump();
      return std::nullopt;
    }
    for (const auto& inode : *rotated) {
      if (!IsNonNegativeInteger(inode)) {
        error = "\"rotated\" holds something other than inode numbers in " + offset.dump();
        return std::nullopt;
      }
      stored.rotated_inodes.push_back(inode.get<uint64_t>());
    }
  }
  auto size = offset.find("size");
  auto mtime = offset.find("mtime_ns");
  if (size != offset.end() || mtime != offset.end()) {
    if (size == offset.end() || !IsNonNegativeInteger(*size) || mtime == offset.end() ||
        !mtime->is_number_integer()) {
      error = "\"size\" and \"mtime_ns\" must both be integers in " + offset.dump();
      return std::nullopt;
    }
    stored.fingerprint = FileFingerprint{size->get<uint64_t>(), mtime->get<int64_t>()};
  }
  return stored;
}

}  // namespace sluice::file_source
