// Topic names, partition folder names and the topic.json file that each partition folder holds,
// so that a topic (its partition count and configs) survives restarts and every folder says on
// its own which topic it belongs to.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/status.h"
#include "transport/transport.h"

namespace sluice::embedded {

inline constexpr const char* kTopicMetadataFile = "topic.json";

struct TopicMetadata {
  std::string name;
  int32_t partitions = 1;
  std::map<std::string, std::string> configs;
};

std::string TopicMetadataToJson(const TopicMetadata& metadata);
// `path` names the file in error messages.
Result<TopicMetadata> ParseTopicMetadata(const std::string& json, const std::string& path);

// Kafka's rules: 1 to 249 characters of [a-zA-Z0-9._-], not "." or "..".
Status ValidateTopicName(const std::string& name);

// "<topic>-<partition>", as Kafka names partition folders.
std::string PartitionDirName(const std::string& topic, int32_t partition);
// The reverse (the partition follows the last '-'); nullopt for folders that are not partitions.
std::optional<transport::TopicPartition> ParsePartitionDirName(const std::string& name);

}  // namespace sluice::embedded
