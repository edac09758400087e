// The embedded log's Admin: topics through the LogManager, group offsets through the OffsetStore.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "transport/embedded/group_coordinator.h"
#include "transport/embedded/log_manager.h"
#include "transport/embedded/offset_store.h"
#include "transport/transport.h"

namespace sluice::embedded {

class EmbeddedAdmin final : public transport::Admin {
 public:
  EmbeddedAdmin(std::shared_ptr<LogManager> logs, std::shared_ptr<OffsetStore> offsets,
                std::shared_ptr<GroupCoordinator> groups);

  // partitions -1 takes num.partitions; the replication factor means nothing on one machine and
  // is ignored; configs as LogManager::CreateTopic.
  Status CreateTopic(const transport::NewTopic& topic) override;
  Result<std::vector<std::string>> ListTopics() override;
  Result<transport::TopicDescription> DescribeTopic(const std::string& name) override;
  Status DeleteTopic(const std::string& name) override;

  Result<transport::OffsetMap> ListGroupOffsets(const std::string& group) override;
  // kFailedPrecondition while the group has members in this process.
  Status AlterGroupOffsets(const std::string& group, const transport::OffsetMap& offsets) override;
  Status DeleteGroupOffsets(const std::string& group,
                            const std::vector<transport::TopicPartition>& partitions) override;

 private:
  Status RequireNoMembers(const std::string& group, const char* action) const;

  const std::shared_ptr<LogManager> logs_;
  const std::shared_ptr<OffsetStore> offsets_;
  const std::shared_ptr<GroupCoordinator> groups_;
};

}  // namespace sluice::embedded
