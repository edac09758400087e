#include "file-source/spool_scanner.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace sluice::file_source {
namespace {

namespace fs = std::filesystem;

bool Hidden(const fs::path& path) {
  std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

}  // namespace

std::regex CompileSpoolPattern(const std::string& pattern, const std::string& setting) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw std::invalid_argument("Invalid value " + pattern + " for configuration " + setting +
                                ": not a valid regular expression (" + e.what() + ")");
  }
}

SpoolScanner::SpoolScanner(SpoolScanOptions options)
    : options_(std::move(options)),
      include_(CompileSpoolPattern(options_.include_pattern, "spooldir.include.pattern")),
      ignore_(CompileSpoolPattern(options_.ignore_pattern, "spooldir.ignore.pattern")),
      random_(std::random_device{}()) {}

bool SpoolScanner::Eligible(const std::string& name) const {
  if (name.empty() || name[0] == '.') return false;
  const std::string& suffix = options_.completed_suffix;
  if (name.size() >= suffix.size() &&
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return false;
  }
  // A name matching both patterns is ignored, as in Flume.
  return std::regex_match(name, include_) && !std::regex_match(name, ignore_);
}

SpoolScanner::Result SpoolScanner::Scan(int64_t now_ns) {
  Result result;
  const int64_t min_age_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(options_.min_age).count();
  std::vector<fs::path> pending_dirs{fs::path(options_.directory)};
  while (!pending_dirs.empty()) {
    fs::path dir = std::move(pending_dirs.back());
    pending_dirs.pop_back();
    std::error_code ec;
    fs::directory_iterator it(dir, ec), end;
    if (ec) {
      result.error = "cannot read directory " + dir.string() + ": " + ec.message();
      continue;
    }
    result.directories.insert(dir.string());
    for (; it != end; it.increment(ec)) {
      const fs::path& path = it->path();
      if (Hidden(path)) continue;
      std::error_code type_ec;
      if (it->is_directory(type_ec)) {
        // Symlinked directories are not followed, so a link cannot make the walk loop.
        if (options_.recursive && !it->is_symlink(type_ec)) pending_dirs.push_back(path);
        continue;
      }
      if (!Eligible(path.filename().string())) continue;
      std::optional<FileInfo> info;
      try {
        info = StatPath(path.string());
      } catch (const std::system_error& e) {
        result.error = e.what();
        continue;
      }
      if (!info || !info->regular) continue;
      if (min_age_ns > 0 && now_ns - info->mtime_ns < min_age_ns) {
        int64_t ready = info->mtime_ns + min_age_ns;
        result.next_ready_ns =
            result.next_ready_ns == 0 ? ready : std::min(result.next_ready_ns, ready);
        continue;
      }
      result.files.push_back(std::move(*info));
    }
    if (ec) result.error = "cannot read directory " + dir.string() + ": " + ec.message();
  }
  Order(result.files);
  return result;
}

void SpoolScanner::Order(std::vector<FileInfo>& files) {
  switch (options_.order) {
    case ConsumeOrder::kOldest:
      std::sort(files.begin(), files.end(), [](const FileInfo& a, const FileInfo& b) {
        return a.mtime_ns != b.mtime_ns ? a.mtime_ns < b.mtime_ns : a.path < b.path;
      });
      break;
    case ConsumeOrder::kYoungest:
      std::sort(files.begin(), files.end(), [](const FileInfo& a, const FileInfo& b) {
        return a.mtime_ns != b.mtime_ns ? a.mtime_ns > b.mtime_ns : a.path < b.path;
      });
      break;
    case ConsumeOrder::kRandom:
      std::shuffle(files.begin(), files.end(), random_);
      break;
  }
}

}  // namespace sluice::file_source
