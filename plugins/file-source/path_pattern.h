// Which files a `file` setting names: one path, or a glob(7) pattern such as
// /var/log/app/*.log, expanded by the C library's glob(3).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "file-source/posix_file.h"

namespace sluice::file_source {

// True when `pattern` has glob characters (*, ? or [).
bool HasGlobMagic(std::string_view pattern);

// The regular files (symlinks followed) that match `pattern`, sorted by path. A pattern without
// glob characters matches itself when it exists. Throws std::system_error when a match cannot
// be examined for a reason other than having vanished.
std::vector<FileInfo> MatchFiles(const std::string& pattern);

// The directory part of a path ("." for a bare name).
std::string DirectoryOf(const std::string& path);

// The path of the regular file in `directory` with inode number `inode`, if there is one. Used
// to find a rotated file again (app.log -> app.log.1) when it no longer matches the pattern;
// stored offsets carry only the inode, and a directory's files share its device.
std::optional<std::string> FindInDirectory(const std::string& directory, uint64_t inode);

}  // namespace sluice::file_source
