// Lists the files of a spool directory that are ready to be read, in the order to read them,
// with Flume's spooling-directory rules:
//   - the name (not the path) matches the include pattern and not the ignore pattern;
//   - hidden files (leading dot) and files already marked with the completed suffix are skipped;
//   - subdirectories are searched only when recursive (never hidden ones, never through links);
//   - oldest / youngest order by modification time, ties broken by path; or random.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "file-source/posix_file.h"

namespace sluice::file_source {

enum class ConsumeOrder { kOldest, kYoungest, kRandom };

struct SpoolScanOptions {
  std::string directory;
  std::string completed_suffix = ".COMPLETED";
  std::string include_pattern = "^.*$";
  std::string ignore_pattern = "^$";
  ConsumeOrder order = ConsumeOrder::kOldest;
  bool recursive = false;
  // Files modified more recently than this are left for a later scan (for writers that write in
  // place instead of moving finished files in).
  std::chrono::milliseconds min_age{0};
};

// Compiles a spooldir pattern (ECMAScript syntax, matched against the whole file name).
// Throws std::invalid_argument naming `setting` when it is not a valid regex.
std::regex CompileSpoolPattern(const std::string& pattern, const std::string& setting);

class SpoolScanner {
 public:
  // Throws std::invalid_argument naming the setting when a pattern is not a valid regex.
  explicit SpoolScanner(SpoolScanOptions options);

  struct Result {
    std::vector<FileInfo> files;        // ready, in consume order
    std::set<std::string> directories;  // the directories searched (to watch them)
    // When the youngest file left out for min_age becomes old enough; 0 when none was.
    int64_t next_ready_ns = 0;
    std::string error;  // why (part of) the directory could not be read
  };

  // `now_ns` is the wall clock (as file modification times are).
  Result Scan(int64_t now_ns);

  // Whether a file name passes the name rules (patterns, hidden, completed suffix).
  bool Eligible(const std::string& name) const;

 private:
  void Order(std::vector<FileInfo>& files);

  SpoolScanOptions options_;
  std::regex include_;
  std::regex ignore_;
  std::mt19937_64 random_;
};

}  // namespace sluice::file_source
