#include "hdfs-sink/file_layout.h"

#include <cstdio>
#include <mutex>
#include <random>
#include <regex>

#include "hdfs-sink/storage.h"

namespace sluice::hdfs_sink {
namespace {

std::string Padded(int64_t offset, int width) {
  std::string digits = std::to_string(offset);
  if (static_cast<int>(digits.size()) < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

}  // namespace

std::string RandomUuid() {
  static std::mutex mu;
  static std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi, lo;
  {
    std::lock_guard<std::mutex> lock(mu);
    hi = rng();
    lo = rng();
  }
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return text;
}

FileLayout::FileLayout(std::string root, std::string topics_dir, std::string logs_dir,
                       std::string extension, int offset_width)
    : topics_root_(JoinPath(root, topics_dir)),
      logs_root_(JoinPath(root, logs_dir)),
      extension_(std::move(extension)),
      offset_width_(offset_width) {}

std::string FileLayout::TopicDirectory(const std::string& topic) const {
  return JoinPath(topics_root_, topic);
}

std::string FileLayout::Directory(const std::string& topic,
                                  const std::string& encoded_partition) const {
  return JoinPath(TopicDirectory(topic), encoded_partition);
}

std::string FileLayout::FileName(const std::string& topic, int32_t partition, int64_t start_offset,
                                 int64_t end_offset) const {
  return topic + "+" + std::to_string(partition) + "+" + Padded(start_offset, offset_width_) + "+" +
         Padded(end_offset, offset_width_) + extension_;
}

std::string FileLayout::TempDirectory(const std::string& topic, int32_t partition) const {
  return JoinPath(JoinPath(JoinPath(topics_root_, "+tmp"), topic), std::to_string(partition));
}

std::string FileLayout::NewTempFile(const std::string& topic, int32_t partition) const {
  return JoinPath(TempDirectory(topic, partition), RandomUuid() + "_tmp" + extension_);
}

std::string FileLayout::CommitLogFile(const std::string& topic, int32_t partition) const {
  return JoinPath(JoinPath(JoinPath(logs_root_, topic), std::to_string(partition)), "log");
}

std::optional<CommittedFileName> FileLayout::ParseFileName(const std::string& topic,
                                                           const std::string& name) {
  // Confluent's pattern after the topic: \+(\d+)\+(\d+)\+(\d+)(.\w+)?, extension optional.
  static const std::regex kRest(R"(\+(\d{1,9})\+(\d{1,19})\+(\d{1,19})(\.[A-Za-z0-9.]+)?)");
  if (name.size() <= topic.size() || name.compare(0, topic.size(), topic) != 0) return std::nullopt;
  std::smatch m;
  const std::string rest = name.substr(topic.size());
  if (!std::regex_match(rest, m, kRest)) return std::nullopt;
  try {
    CommittedFileName out;
    out.partition = static_cast<int32_t>(std::stol(m[1].str()));
    out.start_offset = std::stoll(m[2].str());
    out.end_offset = std::stoll(m[3].str());
    if (out.end_offset < out.start_offset) return std::nullopt;
    return out;
  } catch (const std::out_of_range&) {
    return std::nullopt;
  }
}

}  // namespace sluice::hdfs_sink
