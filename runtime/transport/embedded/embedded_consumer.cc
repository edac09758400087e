#include "transport/embedded/embedded_consumer.h"

#include <algorithm>
#include <regex>

#include "common/log.h"

namespace sluice::embedded {
namespace {

constexpr const char* kLogger = "embedded.consumer";

}  // namespace

EmbeddedConsumer::EmbeddedConsumer(std::shared_ptr<LogManager> logs,
                                   std::shared_ptr<GroupCoordinator> groups,
                                   std::shared_ptr<OffsetStore> offsets, std::string group_id,
                                   transport::RebalanceListener* listener,
                                   ConsumerSettings settings)
    : logs_(std::move(logs)),
      groups_(std::move(groups)),
      offsets_(std::move(offsets)),
      group_id_(std::move(group_id)),
      listener_(listener),
      settings_(settings) {}

EmbeddedConsumer::~EmbeddedConsumer() {
  (void)Close();
}

Status EmbeddedConsumer::Join(GroupCoordinator::Subscription subscription) {
  if (closed_) return Status::FailedPrecondition("the consumer is closed");
  if (group_id_.empty()) return Status::InvalidArgument("a group.id is needed to subscribe");
  member_id_ = groups_->Join(group_id_, member_id_, std::move(subscription), waiter_);
  return Status::OK();
}

Status EmbeddedConsumer::Subscribe(const std::vector<std::string>& topics) {
  if (topics.empty()) {
    Unsubscribe();
    return Status::OK();
  }
  for (const auto& topic : topics) {
    SLUICE_RETURN_IF_ERROR(ValidateTopicName(topic));
    auto found = logs_->GetTopic(topic, /*create_if_missing=*/true);
    // Without auto-creation the subscription waits for the topic to be created.
    if (!found.ok() && found.status().code() != StatusCode::kNotFound) return found.status();
  }
  return Join({topics, std::nullopt});
}

Status EmbeddedConsumer::SubscribePattern(const std::string& regex) {
  std::regex pattern;
  try {
    pattern = std::regex(regex, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return Status::InvalidArgument("invalid topic pattern '" + regex + "': " + e.what());
  }
  return Join({{}, std::move(pattern)});
}

void EmbeddedConsumer::Unsubscribe() {
  if (member_id_.empty()) return;
  if (holding_) {
    RevokeAll();
    groups_->Release(group_id_, member_id_);
    holding_ = false;
  }
  groups_->Leave(group_id_, member_id_);
  member_id_.clear();
  generation_ = -1;
}

Status EmbeddedConsumer::SyncGroup() {
  if (member_id_.empty()) return Status::OK();
  const GroupCoordinator::Target target = groups_->TargetOf(group_id_, member_id_);
  if (holding_ && target.generation == generation_) return Status::OK();
  if (holding_) {
    RevokeAll();
    groups_->Release(group_id_, member_id_);
    holding_ = false;
  }
  // Fails while a member that held part of our share has not let go yet; it rings our waiter
  // when it does.
  if (!groups_->TryAcquire(group_id_, member_id_, target.generation)) return Status::OK();
  holding_ = true;
  generation_ = target.generation;
  Assign(target.partitions);
  return Status::OK();
}

void EmbeddedConsumer::Assign(const std::vector<transport::TopicPartition>& partitions) {
  const transport::OffsetMap committed = offsets_->Committed(group_id_);
  for (const auto& tp : partitions) {
    auto topic = logs_->GetTopic(tp.topic, /*create_if_missing=*/false);
    if (!topic.ok() || tp.partition >= (*topic)->partition_count()) continue;  // just deleted
    PartitionState state;
    state.id = tp;
    state.log = (*topic)->partition(tp.partition);
    auto it = committed.find(tp);
    if (it != committed.end()) state.position = it->second;
    state.log->AddWaiter(waiter_);
    assigned_.push_back(std::move(state));
  }
  next_first_ = 0;
  SLUICE_LOG_DEBUG(kLogger, "group " << group_id_ << ": " << member_id_ << " assigned "
                                     << assigned_.size() << " partition(s) in generation "
                                     << generation_);
  // The listener may Seek(): positions are in place before it runs.
  if (listener_) listener_->OnPartitionsAssigned(partitions);
}

void EmbeddedConsumer::RevokeAll() {
  // The listener may still Commit() or read positions: the partitions go away after it.
  if (listener_) listener_->OnPartitionsRevoked(Assignment());
  for (auto& p : assigned_) p.log->RemoveWaiter(waiter_.get());
  assigned_.clear();
}

Result<std::vector<transport::ConsumedRecord>> EmbeddedConsumer::Poll(
    std::chrono::milliseconds timeout, size_t max_records) {
  transport::ConsumedRecords records;
  SLUICE_RETURN_IF_ERROR(PollInto(timeout, max_records, records));
  return std::vector<transport::ConsumedRecord>(records.begin(), records.end());
}

Status EmbeddedConsumer::PollInto(std::chrono::milliseconds timeout, size_t max_records,
                                  transport::ConsumedRecords& records) {
  records.clear();
  if (closed_) return Status::FailedPrecondition("the consumer is closed");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    // Reset before looking, so that a notification arriving after the look is not lost.
    waiter_->Reset();
    if (wakeup_.exchange(false)) return Status::OK();
    SLUICE_RETURN_IF_ERROR(SyncGroup());
    if (max_records == 0) return Status::OK();
    SLUICE_RETURN_IF_ERROR(Fetch(max_records, records));
    if (!records.empty() || std::chrono::steady_clock::now() >= deadline) return Status::OK();
    waiter_->WaitUntil(deadline);
  }
}

Status EmbeddedConsumer::Fetch(size_t max_records, transport::ConsumedRecords& out) {
  const size_t n = assigned_.size();
  for (size_t i = 0; i < n && out.size() < max_records; ++i) {
    PartitionState& p = assigned_[(next_first_ + i) % n];
    if (p.paused) continue;
    if (p.buffer_next == p.buffer.size()) SLUICE_RETURN_IF_ERROR(Refill(p));
    while (p.buffer_next < p.buffer.size() && out.size() < max_records) {
      transport::ConsumedRecord& record = p.buffer[p.buffer_next++];
      p.position = record.offset + 1;
      // A swap, not a copy or a move: both slots keep storage for the next records.
      std::swap(out.Append(), record);
    }
  }
  if (n > 0) next_first_ = (next_first_ + 1) % n;
  return Status::OK();
}

Status EmbeddedConsumer::Refill(PartitionState& p) {
  p.buffer.clear();
  p.buffer_next = 0;
  if (p.position < 0) {
    SLUICE_RETURN_IF_ERROR(ResetPosition(p, /*out_of_range=*/false, "has no committed offset",
                                         p.log->StartOffset(), p.log->EndOffset()));
  }
  // A second attempt reads from the position that an out-of-range reset chose.
  for (int attempt = 0; attempt < 2; ++attempt) {
    SLUICE_ASSIGN_OR_RETURN(
        PartitionLog::ReadResult read,
        p.log->Read(p.position, settings_.max_partition_fetch_bytes, &p.buffer));
    if (!read.out_of_range) return Status::OK();
    SLUICE_RETURN_IF_ERROR(ResetPosition(
        p, /*out_of_range=*/true,
        "is at offset " + std::to_string(p.position) + ", outside the log, which holds [" +
            std::to_string(read.start_offset) + ", " + std::to_string(read.end_offset) +
            ") (older records may have been deleted by retention)",
        read.start_offset, read.end_offset));
  }
  return Status::OK();
}

Status EmbeddedConsumer::ResetPosition(PartitionState& p, bool out_of_range, const std::string& why,
                                       int64_t start, int64_t end) {
  const std::string subject = "group " + group_id_ + ": " + p.id.ToString() + " " + why;
  switch (settings_.offset_reset) {
    case OffsetReset::kEarliest:
      p.position = start;
      break;
    case OffsetReset::kLatest:
      p.position = end;
      break;
    case OffsetReset::kNone:
      return Status::FailedPrecondition(subject + ", and auto.offset.reset is none");
  }
  // Starting without a committed offset is routine; jumping over missing records is not.
  const char* which = OffsetResetName(settings_.offset_reset);
  if (!out_of_range) {
    SLUICE_LOG_INFO(kLogger, subject << "; starting at the " << which << " offset " << p.position);
  } else {
    SLUICE_LOG_WARN(kLogger, subject << "; resetting to the " << which << " offset " << p.position
                                     << " (auto.offset.reset=" << which << ")");
  }
  return Status::OK();
}

Status EmbeddedConsumer::Commit(const transport::OffsetMap& offsets) {
  if (group_id_.empty()) return Status::InvalidArgument("a group.id is needed to commit");
  return offsets_->Commit(group_id_, offsets);
}

Result<transport::OffsetMap> EmbeddedConsumer::Committed(
    const std::vector<transport::TopicPartition>& partitions) {
  const transport::OffsetMap all = offsets_->Committed(group_id_);
  transport::OffsetMap wanted;
  for (const auto& tp : partitions) {
    auto it = all.find(tp);
    if (it != all.end()) wanted.insert(*it);
  }
  return wanted;
}

EmbeddedConsumer::PartitionState* EmbeddedConsumer::Find(const transport::TopicPartition& tp) {
  for (auto& p : assigned_) {
    if (p.id == tp) return &p;
  }
  return nullptr;
}

Status EmbeddedConsumer::Seek(const transport::TopicPartition& partition, int64_t offset) {
  if (offset < 0) {
    return Status::InvalidArgument("cannot seek " + partition.ToString() + " to offset " +
                                   std::to_string(offset));
  }
  PartitionState* p = Find(partition);
  if (p == nullptr) {
    return Status::FailedPrecondition("cannot seek " + partition.ToString() +
                                      ": it is not assigned to this consumer");
  }
  p->position = offset;
  p->buffer.clear();
  p->buffer_next = 0;
  return Status::OK();
}

std::vector<transport::TopicPartition> EmbeddedConsumer::Assignment() {
  std::vector<transport::TopicPartition> partitions;
  for (const auto& p : assigned_) partitions.push_back(p.id);
  return partitions;
}

Status EmbeddedConsumer::Pause(const std::vector<transport::TopicPartition>& partitions) {
  for (const auto& tp : partitions) {
    if (Find(tp) == nullptr) {
      return Status::FailedPrecondition("cannot pause " + tp.ToString() +
                                        ": it is not assigned to this consumer");
    }
  }
  for (const auto& tp : partitions) Find(tp)->paused = true;
  return Status::OK();
}

Status EmbeddedConsumer::Resume(const std::vector<transport::TopicPartition>& partitions) {
  for (const auto& tp : partitions) {
    if (Find(tp) == nullptr) {
      return Status::FailedPrecondition("cannot resume " + tp.ToString() +
                                        ": it is not assigned to this consumer");
    }
  }
  for (const auto& tp : partitions) Find(tp)->paused = false;
  return Status::OK();
}

void EmbeddedConsumer::Wakeup() {
  wakeup_.store(true);
  waiter_->Notify();
}

Status EmbeddedConsumer::Close() {
  if (closed_) return Status::OK();
  Unsubscribe();
  closed_ = true;
  return Status::OK();
}

}  // namespace sluice::embedded
