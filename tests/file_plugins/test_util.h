// Helpers for the file plugin tests: a scratch directory, whole-file reads and writes, and a
// stand-in for the host's offset store.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "file-source/line_source.h"

namespace sluice::file_test {

// A fresh directory under /tmp, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sluice-files-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  const std::string& root() const { return root_; }
  std::string operator/(const std::string& name) const { return root_ + "/" + name; }

 private:
  std::string root_;
};

inline void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path);
}

inline void AppendToFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << content;
  if (!out) throw std::runtime_error("cannot append to " + path);
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline uint64_t InodeOf(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error("cannot stat " + path);
  return st.st_ino;
}

inline bool Exists(const std::string& path) {
  return std::filesystem::exists(path);
}

template <typename Lines>  // a vector of LineRecord or a LineBatch
std::vector<std::string> Texts(const Lines& lines) {
  std::vector<std::string> texts;
  for (const auto& line : lines) texts.push_back(line.text);
  return texts;
}

// Polls until at least `count` lines arrived, or gives up after `patience` (a safety net
// against hanging, not a timing expectation).
inline std::vector<file_source::LineRecord> PollLines(
    file_source::LineSource& source, size_t count, size_t max_lines = 1000,
    std::chrono::milliseconds patience = std::chrono::seconds(10)) {
  file_source::LineBatch lines;
  const auto give_up = std::chrono::steady_clock::now() + patience;
  while (lines.size() < count && std::chrono::steady_clock::now() < give_up) {
    source.Poll(max_lines, std::chrono::milliseconds(100), lines);
  }
  return {lines.begin(), lines.end()};
}

// Polls a few times and returns everything (for "nothing more comes" checks).
inline std::vector<file_source::LineRecord> PollSome(file_source::LineSource& source,
                                                     int rounds = 3) {
  file_source::LineBatch lines;
  for (int i = 0; i < rounds; ++i) source.Poll(1000, std::chrono::milliseconds(20), lines);
  return {lines.begin(), lines.end()};
}

// What the host's offset store would hold after committing `lines`: the last offset per
// partition.
class FakeOffsetStore {
 public:
  void Commit(const file_source::LineBatch& lines) {
    Commit(std::vector<file_source::LineRecord>(lines.begin(), lines.end()));
  }
  void Commit(const std::vector<file_source::LineRecord>& lines) {
    std::lock_guard<std::mutex> guard(mutex_);
    for (const auto& line : lines) {
      if (!line.origin) continue;
      file_source::StoredOffset offset;
      offset.position = line.position;
      offset.inode = line.origin->inode;
      offset.rotated_inodes = line.origin->rotated_inodes;
      offset.fingerprint = line.origin->fingerprint;
      offsets_[line.origin->partition_path] = offset;
    }
  }
  void Set(const std::string& path, file_source::StoredOffset offset) {
    std::lock_guard<std::mutex> guard(mutex_);
    offsets_[path] = offset;
  }
  // Deletes, as the host does for a tombstone.
  file_source::OffsetForgetter Forgetter() {
    return [this](const std::string& path) {
      std::lock_guard<std::mutex> guard(mutex_);
      offsets_.erase(path);
      forgotten_.push_back(path);
    };
  }
  std::vector<std::string> forgotten() {
    std::lock_guard<std::mutex> guard(mutex_);
    return forgotten_;
  }
  file_source::OffsetReader Reader() {
    return [this](const std::string& path) -> std::optional<file_source::StoredOffset> {
      std::lock_guard<std::mutex> guard(mutex_);
      auto it = offsets_.find(path);
      if (it == offsets_.end()) return std::nullopt;
      return it->second;
    };
  }

 private:
  std::mutex mutex_;
  std::map<std::string, file_source::StoredOffset> offsets_;
  std::vector<std::string> forgotten_;
};

// Collects log lines to check what was reported.
class LogCapture {
 public:
  file_source::LogFn Fn() {
    return [this](file_source::LogLevel level, const std::string& message) {
      std::lock_guard<std::mutex> guard(mutex_);
      entries_.push_back({level, message});
    };
  }
  // How many lines at `level` contain `text`.
  size_t Count(file_source::LogLevel level, const std::string& text) const {
    std::lock_guard<std::mutex> guard(mutex_);
    size_t n = 0;
    for (const auto& [l, m] : entries_) n += (l == level && m.find(text) != std::string::npos);
    return n;
  }
  std::string All() const {
    std::lock_guard<std::mutex> guard(mutex_);
    std::string all;
    for (const auto& entry : entries_) all += entry.second + "\n";
    return all;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::pair<file_source::LogLevel, std::string>> entries_;
};

}  // namespace sluice::file_test
