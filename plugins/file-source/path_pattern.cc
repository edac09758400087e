#include "file-source/path_pattern.h"

#include <dirent.h>
#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace sluice::file_source {

bool HasGlobMagic(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

std::vector<FileInfo> MatchFiles(const std::string& pattern) {
  std::vector<std::string> paths;
  if (!HasGlobMagic(pattern)) {
    paths.push_back(pattern);
  } else {
    glob_t found{};
    int rc = ::glob(pattern.c_str(), GLOB_NOSORT, nullptr, &found);
    std::unique_ptr<glob_t, void (*)(glob_t*)> release(&found, ::globfree);
    if (rc == GLOB_NOSPACE) throw std::runtime_error("out of memory expanding " + pattern);
    // GLOB_NOMATCH: nothing yet; GLOB_ABORTED: an unreadable directory, the rest still counts.
    for (size_t i = 0; i < found.gl_pathc; ++i) paths.emplace_back(found.gl_pathv[i]);
  }
  std::vector<FileInfo> files;
  for (std::string& path : paths) {
    std::optional<FileInfo> info = StatPath(path);
    if (info && info->regular) files.push_back(std::move(*info));
  }
  std::sort(files.begin(), files.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return files;
}

std::string DirectoryOf(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  return dir.empty() ? "." : dir;
}

std::optional<std::string> FindInDirectory(const std::string& directory, uint64_t inode) {
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(directory.c_str()), ::closedir);
  if (!dir) return std::nullopt;
  while (const dirent* entry = ::readdir(dir.get())) {
    // d_ino is not always st_ino (overlayfs), so every entry is stat'ed; this only runs when a
    // rotated file has to be found again.
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    std::string path = (std::filesystem::path(directory) / entry->d_name).string();
    try {
      std::optional<FileInfo> info = StatPath(path);
      if (info && info->regular && info->id.ino == inode) return path;
    } catch (const std::system_error&) {
      // An entry that cannot be examined is not the file looked for.
    }
  }
  return std::nullopt;
}

}  // namespace sluice::file_source
