// The JSON shapes of the file source's partitions and offsets:
//   partition {"filename": "/var/log/app.log"}
//   offset    {"position": 1234, "inode": 5678}             (Kafka's FileStreamSource has only
//                                                           "position"; both are read back)
//             {"position": 1234, "inode": 5678, "rotated": [5670, 5601]}
//             {"position": 1234, "inode": 5678, "size": 4096, "mtime_ns": 1714564200123456789}
// "rotated" lists earlier files of the partition that were read to their end and still match
// the pattern, so that a restart does not read them again. "size" and "mtime_ns" (spool files)
// tell the file read apart from a later one that got the same path and inode.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "file-source/line_source.h"

namespace sluice::file_source {

nlohmann::json PartitionJson(const std::string& partition_path);

// An offset as JSON text, written without building a JSON object: the source makes one per line.
// What follows the position depends only on the file, so it is made once per file (OffsetTail)
// and each line's offset is `{"position":<n>` + tail (AppendOffsetText).
std::string OffsetTail(uint64_t inode, const std::vector<uint64_t>& rotated_inodes,
                       const std::optional<FileFingerprint>& fingerprint = std::nullopt);
void AppendOffsetText(uint64_t position, std::string_view tail, std::string& out);
std::string OffsetText(uint64_t position, uint64_t inode,
                       const std::vector<uint64_t>& rotated_inodes,
                       const std::optional<FileFingerprint>& fingerprint = std::nullopt);

// Parses a stored offset; on a malformed one returns nullopt and says why in `error`.
std::optional<StoredOffset> ParseStoredOffset(const nlohmann::json& offset, std::string& error);

}  // namespace sluice::file_source
