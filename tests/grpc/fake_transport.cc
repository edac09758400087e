#include "fake_transport.h"

#include <deque>
#include <functional>

namespace sluice::testing {

using transport::ConsumedRecord;
using transport::DeliveryReport;
using transport::TopicPartition;
using Partition = std::vector<ConsumedRecord>;

class FakeProducer : public transport::Producer {
 public:
  explicit FakeProducer(FakeTransport& transport) : transport_(transport) {}

  Status Send(const transport::ProducerRecord& record,
              transport::DeliveryCallback on_delivery) override {
    Result<DeliveryReport> report = [&] {
      std::lock_guard<std::mutex> lock(transport_.mutex_);
      return transport_.AppendLocked(record);
    }();
    DeliveryReport delivered = report.ok() ? *report : DeliveryReport{report.status()};
    pending_.emplace_back(std::move(on_delivery), delivered);
    return Status::OK();
  }

  void Poll(std::chrono::milliseconds) override { Deliver(); }

  Status Flush(std::chrono::milliseconds) override {
    Deliver();
    return Status::OK();
  }

 private:
  void Deliver() {
    for (auto& [callback, report] : pending_) callback(report);
    pending_.clear();
  }

  FakeTransport& transport_;
  std::deque<std::pair<transport::DeliveryCallback, DeliveryReport>> pending_;
};

class FakeConsumer : public transport::Consumer {
 public:
  FakeConsumer(FakeTransport& transport, transport::ConsumerOptions options)
      : transport_(transport), options_(std::move(options)) {}

  Status Subscribe(const std::vector<std::string>& topics) override {
    topics_ = topics;
    return Status::OK();
  }
  Status SubscribePattern(const std::string&) override {
    return Status::Internal("FakeConsumer does not subscribe to patterns");
  }

  Result<std::vector<ConsumedRecord>> Poll(std::chrono::milliseconds timeout,
                                           size_t max_records) override {
    if (!assigned_) Assign();
    std::unique_lock<std::mutex> lock(transport_.mutex_);
    std::vector<ConsumedRecord> records;
    auto collect = [&] {
      for (auto& [partition, position] : positions_) {
        auto topic = transport_.topics_.find(partition.topic);
        if (paused_.count(partition) || topic == transport_.topics_.end()) continue;
        const Partition& log = topic->second[partition.partition];
        while (position < static_cast<int64_t>(log.size()) && records.size() < max_records) {
          records.push_back(log[position++]);
        }
      }
      return !records.empty() || woken_;
    };
    transport_.appended_.wait_for(lock, timeout, collect);
    woken_ = false;
    return records;
  }

  Status Commit(const transport::OffsetMap& offsets) override {
    std::lock_guard<std::mutex> lock(transport_.mutex_);
    ++transport_.commits_;
    for (const auto& [partition, offset] : offsets) {
      transport_.group_offsets_[options_.group_id][partition] = offset;
    }
    return Status::OK();
  }
  Result<transport::OffsetMap> Committed(const std::vector<TopicPartition>&) override {
    std::lock_guard<std::mutex> lock(transport_.mutex_);
    return transport_.group_offsets_[options_.group_id];
  }

  Status Seek(const TopicPartition& partition, int64_t offset) override {
    std::lock_guard<std::mutex> lock(transport_.mutex_);
    auto found = positions_.find(partition);
    if (found == positions_.end()) {
      return Status::FailedPrecondition(partition.ToString() + " is not assigned");
    }
    found->second = offset;
    return Status::OK();
  }
  std::vector<TopicPartition> Assignment() override {
    std::vector<TopicPartition> assigned;
    for (const auto& [partition, position] : positions_) assigned.push_back(partition);
    return assigned;
  }
  Status Pause(const std::vector<TopicPartition>& partitions) override {
    paused_.insert(partitions.begin(), partitions.end());
    return Status::OK();
  }
  Status Resume(const std::vector<TopicPartition>& partitions) override {
    for (const auto& partition : partitions) paused_.erase(partition);
    return Status::OK();
  }
  void Wakeup() override {
    std::lock_guard<std::mutex> lock(transport_.mutex_);
    woken_ = true;
    transport_.appended_.notify_all();
  }
  Status Close() override { return Status::OK(); }

 private:
  // Every partition of the subscribed topics, at the group's committed offset or the earliest.
  void Assign() {
    std::vector<TopicPartition> assigned;
    {
      std::lock_guard<std::mutex> lock(transport_.mutex_);
      for (const auto& topic : topics_) {
        auto found = transport_.topics_.find(topic);
        if (found == transport_.topics_.end()) continue;
        for (size_t p = 0; p < found->second.size(); ++p) {
          TopicPartition partition{topic, static_cast<int32_t>(p)};
          const auto& committed = transport_.group_offsets_[options_.group_id];
          auto offset = committed.find(partition);
          positions_[partition] = offset != committed.end() ? offset->second : 0;
          assigned.push_back(partition);
        }
      }
    }
    assigned_ = true;
    if (options_.listener != nullptr) options_.listener->OnPartitionsAssigned(assigned);
  }

  FakeTransport& transport_;
  const transport::ConsumerOptions options_;
  std::vector<std::string> topics_;
  bool assigned_ = false;
  bool woken_ = false;
  std::map<TopicPartition, int64_t> positions_;
  std::set<TopicPartition> paused_;
};

Result<std::unique_ptr<transport::Producer>> FakeTransport::CreateProducer(
    const transport::ClientConfig&) {
  return std::unique_ptr<transport::Producer>(std::make_unique<FakeProducer>(*this));
}

Result<std::unique_ptr<transport::Consumer>> FakeTransport::CreateConsumer(
    const transport::ConsumerOptions& options) {
  if (options.group_id.empty()) return Status::InvalidArgument("a consumer needs a group.id");
  std::lock_guard<std::mutex> lock(mutex_);
  consumer_groups_.push_back(options.group_id);
  return std::unique_ptr<transport::Consumer>(std::make_unique<FakeConsumer>(*this, options));
}

std::vector<std::string> FakeTransport::consumer_groups() {
  std::lock_guard<std::mutex> lock(mutex_);
  return consumer_groups_;
}

int FakeTransport::commits() {
  std::lock_guard<std::mutex> lock(mutex_);
  return commits_;
}

int64_t FakeTransport::Append(const std::string& topic, int32_t partition,
                              std::optional<std::string> key, std::optional<std::string> value) {
  std::lock_guard<std::mutex> lock(mutex_);
  transport::ProducerRecord record;
  record.topic = topic;
  record.partition = partition;
  record.key = std::move(key);
  record.value = std::move(value);
  return AppendLocked(std::move(record)).value().offset;
}

Result<DeliveryReport> FakeTransport::AppendLocked(transport::ProducerRecord record) {
  auto topic = topics_.find(record.topic);
  if (topic == topics_.end()) return Status::NotFound("Topic " + record.topic + " not found");
  std::vector<Partition>& partitions = topic->second;
  int32_t partition = record.partition;
  if (partition == transport::kAnyPartition) {
    partition =
        static_cast<int32_t>(std::hash<std::string>()(record.key.value_or("")) % partitions.size());
  }
  if (partition < 0 || partition >= static_cast<int32_t>(partitions.size())) {
    return Status::NotFound("Topic " + record.topic + " has no partition " +
                            std::to_string(partition));
  }
  Partition& log = partitions[partition];
  ConsumedRecord stored{
      record.topic,
      partition,
      static_cast<int64_t>(log.size()),
      record.timestamp_ms == transport::kNoTimestamp ? 1700000000000 : record.timestamp_ms,
      std::move(record.key),
      std::move(record.value),
      std::move(record.headers)};
  log.push_back(std::move(stored));
  appended_.notify_all();
  return DeliveryReport{Status::OK(), partition, log.back().offset};
}

Status FakeTransport::CreateTopic(const transport::NewTopic& topic) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (topics_.count(topic.name)) {
    return Status::AlreadyExists("Topic '" + topic.name + "' already exists.");
  }
  topics_[topic.name].resize(topic.partitions);
  return Status::OK();
}

Result<std::vector<std::string>> FakeTransport::ListTopics() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [name, partitions] : topics_) names.insert(names.begin(), name);
  return names;
}

Result<transport::TopicDescription> FakeTransport::DescribeTopic(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto topic = topics_.find(name);
  if (topic == topics_.end()) return Status::NotFound("Topic " + name + " not found");
  transport::TopicDescription description{name, {}};
  for (size_t p = 0; p < topic->second.size(); ++p) {
    int64_t bytes = 0;
    for (const auto& record : topic->second[p]) bytes += record.value ? record.value->size() : 0;
    description.partitions.push_back(
        {static_cast<int32_t>(p), 0, static_cast<int64_t>(topic->second[p].size()), bytes});
  }
  return description;
}

Status FakeTransport::DeleteTopic(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (topics_.erase(name) == 0) return Status::NotFound("Topic " + name + " not found");
  return Status::OK();
}

Result<transport::OffsetMap> FakeTransport::ListGroupOffsets(const std::string& group) {
  std::lock_guard<std::mutex> lock(mutex_);
  return group_offsets_[group];
}

Status FakeTransport::AlterGroupOffsets(const std::string& group,
                                        const transport::OffsetMap& offsets) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [partition, offset] : offsets) group_offsets_[group][partition] = offset;
  return Status::OK();
}

Status FakeTransport::DeleteGroupOffsets(const std::string& group,
                                         const std::vector<TopicPartition>& partitions) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (partitions.empty()) {
    group_offsets_.erase(group);
  } else {
    for (const auto& partition : partitions) group_offsets_[group].erase(partition);
  }
  return Status::OK();
}

}  // namespace sluice::testing
