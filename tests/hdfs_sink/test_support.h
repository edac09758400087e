// Helpers for the hdfs-sink tests: scratch directories, reading back what the sink wrote,
// records, and waiting for a condition without fixed sleeps.
#pragma once

#include <stdlib.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sluice/sdk.h"

namespace sluice::hdfs_test {

// A fresh directory under /tmp, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sluice-hdfs-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    root_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return root_; }

 private:
  std::filesystem::path root_;
};

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

// Every regular file under `dir`, as sorted paths relative to it ("a/b.json"); none when the
// directory does not exist.
inline std::vector<std::string> FilesUnder(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) out.push_back(entry.path().lexically_relative(dir).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string Gunzip(const std::string& data) {
  z_stream s{};
  if (inflateInit2(&s, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2");
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[4096];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    s.next_out = reinterpret_cast<Bytef*>(buf);
    s.avail_out = sizeof buf;
    rc = inflate(&s, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&s);
      throw std::runtime_error("not a complete gzip stream");
    }
    out.append(buf, sizeof buf - s.avail_out);
  }
  inflateEnd(&s);
  return out;
}

// Polls `predicate` until it holds or `timeout` passes; returns its last answer.
template <typename Predicate>
bool Eventually(Predicate predicate,
                std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return predicate();
}

inline sdk::SinkRecord TextRecord(const std::string& topic, int32_t partition, int64_t offset,
                                  const std::string& value, int64_t timestamp_ms = 0) {
  sdk::SinkRecord r;
  r.topic = topic;
  r.partition = partition;
  r.offset = offset;
  r.timestamp_ms = timestamp_ms;
  r.value = {Schema::String(), Value(value)};
  return r;
}

// 2024-05-01T00:00:00Z
constexpr int64_t kMay1st2024Ms = 1714521600000;

}  // namespace sluice::hdfs_test
