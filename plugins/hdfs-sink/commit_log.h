// The commit log of a topic-partition (<logs.dir>/<topic>/<partition>/log): the renames of one
// commit, written before the first of them.
//
// Why it exists: a commit closes every open file of the partition at once, and the committed
// offset is read back from file names (the largest end offset). When records of one partition
// went to several directories (time buckets, field values), their files interleave in offsets,
// so a crash between two renames would leave a later file committed and an earlier one not,
// and recovery would skip the earlier one's records. So when a commit has more than one file,
// the list of renames is written first, in one file; recovery finishes a listed commit before
// it deletes temporary files. A commit of a single file is one rename, atomic on its own, and
// writes no log.
//
// A log cut short by a crash does not parse; it is ignored, which is right because no rename of
// its commit had started. The log is rewritten whole by each commit that needs it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sluice::hdfs_sink {

struct LoggedRename {
  std::string temp_path;
  std::string committed_path;
};

std::string EncodeCommitLog(const std::vector<LoggedRename>& renames);

// nullopt when `text` is not a complete log.
std::optional<std::vector<LoggedRename>> DecodeCommitLog(const std::string& text);

}  // namespace sluice::hdfs_sink
