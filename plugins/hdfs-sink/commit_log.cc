#include "hdfs-sink/commit_log.h"

#include <nlohmann/json.hpp>

namespace sluice::hdfs_sink {
namespace {
constexpr int kVersion = 1;
}

std::string EncodeCommitLog(const std::vector<LoggedRename>& renames) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& r : renames)
    list.push_back({{"temp", r.temp_path}, {"committed", r.committed_path}});
  return nlohmann::json{{"version", kVersion}, {"renames", list}}.dump() + "\n";
}

std::optional<std::vector<LoggedRename>> DecodeCommitLog(const std::string& text) {
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || json.value("version", 0) != kVersion) return std::nullopt;
  auto it = json.find("renames");
  if (it == json.end() || !it->is_array()) return std::nullopt;
  std::vector<LoggedRename> renames;
  for (const auto& entry : *it) {
    if (!entry.is_object() || !entry.contains("temp") || !entry.contains("committed") ||
        !entry["temp"].is_string() || !entry["committed"].is_string()) {
      return std::nullopt;
    }
    renames.push_back({entry["temp"].get<std::string>(), entry["committed"].get<std::string>()});
  }
  return renames;
}

}  // namespace sluice::hdfs_sink
