#include "transport/embedded/topic_metadata.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace sluice::embedded {

std::string TopicMetadataToJson(const TopicMetadata& metadata) {
  nlohmann::json j;
  j["version"] = 1;
  j["name"] = metadata.name;
  j["partitions"] = metadata.partitions;
  j["configs"] = metadata.configs;
  return j.dump(2) + "\n";
}

Result<TopicMetadata> ParseTopicMetadata(const std::string& json, const std::string& path) {
  try {
    const auto j = nlohmann::json::parse(json);
    TopicMetadata m;
    m.name = j.at("name").get<std::string>();
    m.partitions = j.at("partitions").get<int32_t>();
    if (j.contains("configs"))
      m.configs = j.at("configs").get<std::map<std::string, std::string>>();
    if (m.partitions < 1) return Status::Corruption(path + ": partitions must be at least 1");
    return m;
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(path + ": " + e.what());
  }
}

Status ValidateTopicName(const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("topic name is empty");
  if (name.size() > 249) {
    return Status::InvalidArgument("topic name '" + name + "' is longer than 249 characters");
  }
  if (name == "." || name == "..") {
    return Status::InvalidArgument("topic name cannot be '.' or '..'");
  }
  for (char c : name) {
    const bool legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    if (!legal) {
      return Status::InvalidArgument("topic name '" + name +
                                     "' has characters other than ASCII letters, digits, '.', "
                                     "'_' and '-'");
    }
  }
  return Status::OK();
}

std::string PartitionDirName(const std::string& topic, int32_t partition) {
  return topic + "-" + std::to_string(partition);
}

std::optional<transport::TopicPartition> ParsePartitionDirName(const std::string& name) {
  const auto dash = name.rfind('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == name.size()) return std::nullopt;
  const std::string topic = name.substr(0, dash);
  int32_t partition = 0;
  const char* first = name.data() + dash + 1;
  const char* last = name.data() + name.size();
  auto [end, ec] = std::from_chars(first, last, partition);
  if (ec != std::errc() || end != last || partition < 0 || !ValidateTopicName(topic).ok() ||
      PartitionDirName(topic, partition) != name) {  // "t-01" is not a partition folder
    return std::nullopt;
  }
  return transport::TopicPartition{topic, partition};
}

}  // namespace sluice::embedded
