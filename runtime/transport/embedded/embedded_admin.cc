#include "transport/embedded/embedded_admin.h"

namespace sluice::embedded {

EmbeddedAdmin::EmbeddedAdmin(std::shared_ptr<LogManager> logs, std::shared_ptr<OffsetStore> offsets,
                             std::shared_ptr<GroupCoordinator> groups)
    : logs_(std::move(logs)), offsets_(std::move(offsets)), groups_(std::move(groups)) {}

Status EmbeddedAdmin::CreateTopic(const transport::NewTopic& topic) {
  return logs_->CreateTopic(topic.name, topic.partitions, topic.configs);
}

Result<std::vector<std::string>> EmbeddedAdmin::ListTopics() {
  return logs_->ListTopics();
}

Result<transport::TopicDescription> EmbeddedAdmin::DescribeTopic(const std::string& name) {
  return logs_->DescribeTopic(name);
}

Status EmbeddedAdmin::DeleteTopic(const std::string& name) {
  return logs_->DeleteTopic(name);
}

Result<transport::OffsetMap> EmbeddedAdmin::ListGroupOffsets(const std::string& group) {
  return offsets_->Committed(group);
}

Status EmbeddedAdmin::RequireNoMembers(const std::string& group, const char* action) const {
  if (!groups_->HasMembers(group)) return Status::OK();
  return Status::FailedPrecondition(std::string("cannot ") + action + " offsets of group " + group +
                                    ": it has active members");
}

Status EmbeddedAdmin::AlterGroupOffsets(const std::string& group,
                                        const transport::OffsetMap& offsets) {
  SLUICE_RETURN_IF_ERROR(RequireNoMembers(group, "alter"));
  return offsets_->Commit(group, offsets);
}

Status EmbeddedAdmin::DeleteGroupOffsets(const std::string& group,
                                         const std::vector<transport::TopicPartition>& partitions) {
  SLUICE_RETURN_IF_ERROR(RequireNoMembers(group, "delete"));
  return offsets_->Delete(group, partitions);
}

}  // namespace sluice::embedded
