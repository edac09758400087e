#include "grpc/topic_reader.h"

#include <chrono>
#include <memory>
#include <random>
#include <set>

#include "common/log.h"

namespace sluice::rpc {
namespace {

constexpr std::chrono::milliseconds kPollTimeout(200);
constexpr size_t kPollBatch = 500;
// A read that does not follow also stops after this many empty polls once its partitions are
// assigned: the offsets just below an end offset may hold no record to return (Kafka's
// transaction markers, compacted records), so the end offset itself may never be reached.
constexpr int kMaxIdlePolls = 50;  // 10 s at kPollTimeout

std::string ThrowawayGroupId() {
  std::random_device seed;
  std::mt19937_64 random(static_cast<uint64_t>(seed()) << 32 | seed());
  static const char kHex[] = "0123456789abcdef";
  std::string id = "sluicectl-";
  uint64_t bits = random();
  for (int i = 0; i < 16; ++i, bits >>= 4) id += kHex[bits & 0xf];
  return id;
}

}  // namespace

Status TopicReader::Plan() {
  if (options_.topic.empty()) return Status::InvalidArgument("Topic name must not be empty");
  if (options_.start == Start::kOffset && options_.offset < 0) {
    return Status::InvalidArgument("Offset must not be negative: " +
                                   std::to_string(options_.offset));
  }
  if (options_.max_records < 0) {
    return Status::InvalidArgument("Max records must not be negative: " +
                                   std::to_string(options_.max_records));
  }
  SLUICE_ASSIGN_OR_RETURN(transport::TopicDescription topic,
                          transport_.admin().DescribeTopic(options_.topic));
  std::map<int32_t, const transport::PartitionDescription*> described;
  for (const auto& partition : topic.partitions) described[partition.partition] = &partition;

  std::set<int32_t> wanted(options_.partitions.begin(), options_.partitions.end());
  if (wanted.empty()) {
    for (const auto& [id, partition] : described) wanted.insert(id);
  }
  for (int32_t id : wanted) {
    auto found = described.find(id);
    if (found == described.end()) {
      return Status::InvalidArgument("Topic " + options_.topic + " has no partition " +
                                     std::to_string(id) + " (it has " +
                                     std::to_string(described.size()) + ")");
    }
    const transport::PartitionDescription& partition = *found->second;
    Progress& progress = progress_[id];
    progress.end_offset = partition.end_offset;
    switch (options_.start) {
      case Start::kBeginning:
        progress.next_offset = partition.start_offset;
        break;
      case Start::kEnd:
        progress.next_offset = partition.end_offset;
        break;
      case Start::kOffset:
        progress.next_offset = options_.offset;
        break;
    }
  }
  return Status::OK();
}

bool TopicReader::CaughtUp() const {
  for (const auto& [id, progress] : progress_) {
    if (progress.next_offset < progress.end_offset) return false;
  }
  return true;
}

void TopicReader::OnPartitionsAssigned(const std::vector<transport::TopicPartition>& partitions) {
  assigned_ = true;
  // Partitions not asked for, and those a read that does not follow is already done with.
  std::vector<transport::TopicPartition> idle;
  for (const auto& partition : partitions) {
    auto progress = progress_.find(partition.partition);
    if (partition.topic != options_.topic || progress == progress_.end() ||
        (!options_.follow && progress->second.next_offset >= progress->second.end_offset)) {
      idle.push_back(partition);
      continue;
    }
    Status sought = consumer_->Seek(partition, progress->second.next_offset);
    if (!sought.ok() && assignment_status_.ok()) assignment_status_ = sought;
  }
  if (!idle.empty()) {
    Status paused = consumer_->Pause(idle);
    if (!paused.ok() && assignment_status_.ok()) assignment_status_ = paused;
  }
}

Status TopicReader::Forward(const std::vector<transport::ConsumedRecord>& records, const Emit& emit,
                            bool* done) {
  for (const auto& record : records) {
    auto progress = progress_.find(record.partition);
    if (record.topic != options_.topic || progress == progress_.end()) continue;
    // Before the start, or fetched again after a seek.
    if (record.offset < progress->second.next_offset) continue;
    if (!options_.follow && record.offset >= progress->second.end_offset) continue;
    if (!emit(record)) return Status::Cancelled("the client went away");
    progress->second.next_offset = record.offset + 1;
    if (options_.max_records > 0 && ++forwarded_ >= options_.max_records) {
      *done = true;
      break;
    }
  }
  return Status::OK();
}

Status TopicReader::Run(const Emit& emit, const Cancelled& cancelled) {
  SLUICE_RETURN_IF_ERROR(Plan());
  if (!options_.follow && CaughtUp()) return Status::OK();

  transport::ConsumerOptions consumer_options;
  consumer_options.group_id = ThrowawayGroupId();
  consumer_options.auto_offset_reset = "earliest";
  consumer_options.listener = this;
  SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<transport::Consumer> consumer,
                          transport_.CreateConsumer(consumer_options));
  consumer_ = consumer.get();
  SLUICE_LOG_DEBUG("grpc",
                   "reading topic " << options_.topic << " in group " << consumer_options.group_id);

  Status outcome = consumer->Subscribe({options_.topic});
  int idle_polls = 0;
  bool done = false;
  while (outcome.ok() && !done) {
    if (cancelled()) {
      outcome = Status::Cancelled("the read of topic " + options_.topic + " was cancelled");
      break;
    }
    auto records = consumer->Poll(kPollTimeout, kPollBatch);
    if (!records.ok()) {
      outcome = records.status();
      break;
    }
    if (!assignment_status_.ok()) {
      outcome = assignment_status_;
      break;
    }
    outcome = Forward(*records, emit, &done);
    if (options_.follow) continue;
    done = done || CaughtUp();
    idle_polls = records->empty() && assigned_ ? idle_polls + 1 : 0;
    done = done || idle_polls >= kMaxIdlePolls;
  }
  Status closed = consumer->Close();
  consumer_ = nullptr;
  if (!outcome.ok()) return outcome;
  return closed;
}

}  // namespace sluice::rpc
