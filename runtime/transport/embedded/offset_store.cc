#include "transport/embedded/offset_store.h"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "common/properties.h"
#include "common/atomic_file.h"
#include "transport/embedded/posix_file.h"

namespace sluice::embedded {
namespace {

namespace fs = std::filesystem;

std::string ToJson(const std::string& group, const transport::OffsetMap& offsets) {
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& [tp, offset] : offsets) {
    entries.push_back({{"topic", tp.topic}, {"partition", tp.partition}, {"offset", offset}});
  }
  nlohmann::json j{{"version", 1}, {"group", group}, {"offsets", entries}};
  return j.dump(2) + "\n";
}

}  // namespace

std::string GroupFileStem(const std::string& group) {
  std::string stem;
  for (unsigned char c : group) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    if (plain) {
      stem += static_cast<char>(c);
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof(escaped), "%%%02X", c);
      stem += escaped;
    }
  }
  // "." and ".." are not file names one can use.
  if (stem == "." || stem == "..") stem = stem == "." ? "%2E" : "%2E%2E";
  return stem;
}

Result<std::shared_ptr<OffsetStore>> OffsetStore::Open(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  std::shared_ptr<OffsetStore> store(new OffsetStore(dir));
  SLUICE_RETURN_IF_ERROR(store->Load());
  return store;
}

Status OffsetStore::Load() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string path = entry.path().string();
    if (path.ends_with(".tmp")) {  // a commit cut short; the previous file is still whole
      fs::remove(path, ec);
      continue;
    }
    if (!path.ends_with(".json")) continue;
    SLUICE_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(path));
    try {
      const auto j = nlohmann::json::parse(text);
      const auto group = j.at("group").get<std::string>();
      transport::OffsetMap offsets;
      for (const auto& e : j.at("offsets")) {
        offsets[{e.at("topic").get<std::string>(), e.at("partition").get<int32_t>()}] =
            e.at("offset").get<int64_t>();
      }
      groups_[group] = std::move(offsets);
    } catch (const nlohmann::json::exception& e) {
      return Status::Corruption(path + " is not a valid offsets file (" + e.what() +
                                "); delete it to reset that group's offsets");
    }
  }
  if (ec) return Status::IoError("cannot list " + dir_ + ": " + ec.message());
  return Status::OK();
}

std::string OffsetStore::PathOf(const std::string& group) const {
  return dir_ + "/" + GroupFileStem(group) + ".json";
}

Status OffsetStore::Write(const std::string& group, const transport::OffsetMap& offsets) {
  return WriteFileAtomically(PathOf(group), ToJson(group, offsets));
}

Status OffsetStore::Commit(const std::string& group, const transport::OffsetMap& offsets) {
  if (group.empty()) return Status::InvalidArgument("cannot commit offsets without a group.id");
  for (const auto& [tp, offset] : offsets) {
    if (offset < 0) {
      return Status::InvalidArgument("cannot commit offset " + std::to_string(offset) + " for " +
                                     tp.ToString() + " of group " + group);
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group);
  transport::OffsetMap merged = it == groups_.end() ? transport::OffsetMap{} : it->second;
  for (const auto& [tp, offset] : offsets) merged[tp] = offset;
  SLUICE_RETURN_IF_ERROR(Write(group, merged));
  groups_[group] = std::move(merged);
  return Status::OK();
}

transport::OffsetMap OffsetStore::Committed(const std::string& group) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group);
  return it == groups_.end() ? transport::OffsetMap{} : it->second;
}

Status OffsetStore::Delete(const std::string& group,
                           const std::vector<transport::TopicPartition>& partitions) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return Status::OK();
  transport::OffsetMap remaining = it->second;
  for (const auto& tp : partitions) remaining.erase(tp);
  if (partitions.empty() || remaining.empty()) {
    const std::string path = PathOf(group);
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) return Status::IoError("cannot delete " + path + ": " + ec.message());
    SLUICE_RETURN_IF_ERROR(SyncDirectory(dir_));
    groups_.erase(it);
    return Status::OK();
  }
  SLUICE_RETURN_IF_ERROR(Write(group, remaining));
  it->second = std::move(remaining);
  return Status::OK();
}

std::vector<std::string> OffsetStore::Groups() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> names;
  for (const auto& [name, offsets] : groups_) names.push_back(name);
  return names;
}

}  // namespace sluice::embedded
