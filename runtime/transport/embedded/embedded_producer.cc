#include "transport/embedded/embedded_producer.h"

#include <algorithm>
#include <exception>
#include <tuple>

#include "common/log.h"
#include "common/thread_name.h"
#include "transport/embedded/murmur2.h"

namespace sluice::embedded {
namespace {

constexpr const char* kLogger = "embedded.producer";
// Batch buffers kept for reuse (each up to twice batch.size).
constexpr size_t kSpareBuffers = 4;

size_t RecordSize(const transport::ProducerRecord& record) {
  size_t size = 32;  // varints and timestamp, generously
  if (record.key) size += record.key->size();
  if (record.value) size += record.value->size();
  for (const auto& header : record.headers) {
    size += header.key.size() + (header.value ? header.value->size() : 0) + 8;
  }
  return size;
}

}  // namespace

EmbeddedProducer::EmbeddedProducer(std::shared_ptr<LogManager> logs, ProducerSettings settings,
                                   WallClock clock, std::unique_ptr<ProducerStateJournal> journal)
    : logs_(std::move(logs)),
      settings_(std::move(settings)),
      clock_(std::move(clock)),
      journal_(std::move(journal)) {
  sender_ = std::thread([this] {
    SetCurrentThreadName("log-sender");
    RunSender();
  });
}

EmbeddedProducer::~EmbeddedProducer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
  }
  sender_cv_.notify_one();
  sender_.join();
}

Result<Topic*> EmbeddedProducer::TopicFor(const std::string& name,
                                          std::unique_lock<std::mutex>& lock) {
  auto it = topics_.find(name);
  if (it != topics_.end() && !it->second->deleted()) return it->second.get();
  // Creating a topic touches the disk: not under the lock that Send and the sender share.
  lock.unlock();
  auto topic = logs_->GetTopic(name, /*create_if_missing=*/true);
  lock.lock();
  if (!topic.ok()) return topic.status();
  auto& cached = topics_[name];
  cached = std::move(*topic);
  return cached.get();
}

Result<int32_t> EmbeddedProducer::ChoosePartition(const transport::ProducerRecord& record,
                                                  const Topic& topic) {
  const int32_t count = topic.partition_count();
  if (record.partition != transport::kAnyPartition) {
    if (record.partition < 0 || record.partition >= count) {
      return Status::InvalidArgument("topic " + topic.name() + " has no partition " +
                                     std::to_string(record.partition) + " (it has " +
                                     std::to_string(count) + ")");
    }
    return record.partition;
  }
  if (record.key) return PartitionForKey(*record.key, count);
  auto it = sticky_.find(topic.name());
  if (it != sticky_.end() && it->second < count) return it->second;
  const auto partition = static_cast<int32_t>(next_sticky_++ % static_cast<uint32_t>(count));
  sticky_[topic.name()] = partition;
  return partition;
}

Status EmbeddedProducer::Send(const transport::ProducerRecord& record,
                              transport::DeliveryCallback on_delivery) {
  if (record.timestamp_ms < 0 && record.timestamp_ms != transport::kNoTimestamp) {
    return Status::InvalidArgument("record for topic " + record.topic + " has timestamp " +
                                   std::to_string(record.timestamp_ms));
  }
  const size_t size = RecordSize(record);
  if (size > settings_.max_request_size) {
    return Status::InvalidArgument(
        "record of " + std::to_string(size) + " bytes for topic " + record.topic +
        " is larger than max.request.size=" + std::to_string(settings_.max_request_size));
  }
  const int64_t timestamp =
      record.timestamp_ms == transport::kNoTimestamp ? clock_() : record.timestamp_ms;

  bool wake_sender = false;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (closing_) return Status::FailedPrecondition("the producer is closed");
    if (queued_bytes_ >= settings_.buffer_memory) {
      return Status::Retriable("producer buffer is full: " + std::to_string(queued_bytes_) +
                               " bytes wait to be appended (buffer.memory=" +
                               std::to_string(settings_.buffer_memory) + ")");
    }
    const bool keyless = !record.key && record.partition == transport::kAnyPartition;
    std::map<transport::TopicPartition, Batch>::iterator it;
    bool opened = false;
    if (keyless && sticky_open_ && record.topic == (*sticky_open_)->first.topic &&
        !sticky_topic_->deleted()) {
      // The common case, a keyless record for the topic of the one before: the open batch it
      // sticks to, without looking the topic, the partition or the batch up.
      it = *sticky_open_;
    } else {
      SLUICE_ASSIGN_OR_RETURN(Topic * topic, TopicFor(record.topic, lock));
      SLUICE_ASSIGN_OR_RETURN(int32_t partition, ChoosePartition(record, *topic));
      transport::TopicPartition destination{topic->name(), partition};
      if (journal_ && !open_.empty() && open_.begin()->first != destination) {
        // One open batch at a time keeps the append order the send order.
        CloseBatch(open_.begin());
        wake_sender = true;
      }
      std::tie(it, opened) = open_.try_emplace(std::move(destination));
      if (opened) {
        if (!spare_buffers_.empty()) {
          it->second.builder.Adopt(std::move(spare_buffers_.back()));
          spare_buffers_.pop_back();
        }
        it->second.log = topic->partition(partition);
        it->second.due = SteadyClock::now() + std::chrono::milliseconds(settings_.linger_ms);
        wake_sender = true;  // it may be sleeping with no deadline at all
      }
      if (keyless) {
        sticky_open_ = it;
        sticky_topic_ = topic;
      }
    }
    Batch& batch = it->second;
    // A new batch counts its header too: the sender subtracts whole batch sizes.
    const size_t before = opened ? 0 : batch.builder.size_bytes();
    batch.builder.Add(timestamp, record.key, record.value, record.headers);
    queued_bytes_ += batch.builder.size_bytes() - before;
    if (journal_ && record.commit_entry) {
      commit_state_[record.commit_entry->key] = record.commit_entry->value;
    }
    batch.callbacks.push_back(std::move(on_delivery));
    ++pending_records_;
    if (batch.builder.size_bytes() >= settings_.batch_size) {
      CloseBatch(it);
      wake_sender = true;
    }
  }
  if (wake_sender) sender_cv_.notify_one();
  return Status::OK();
}

void EmbeddedProducer::CloseBatch(std::map<transport::TopicPartition, Batch>::iterator it) {
  if (sticky_open_ == it) sticky_open_.reset();
  auto sticky = sticky_.find(it->first.topic);
  if (sticky != sticky_.end() && sticky->second == it->first.partition) sticky_.erase(sticky);
  // One open batch at a time: its last record is the last one sent, so the state is its own.
  if (journal_) it->second.commit_state = commit_state_;
  full_.push_back(std::move(it->second));
  open_.erase(it);
}

std::vector<EmbeddedProducer::Batch> EmbeddedProducer::TakeDueBatches(SteadyClock::time_point now) {
  const bool everything = flushers_ > 0 || closing_;
  for (auto it = open_.begin(); it != open_.end();) {
    auto next = std::next(it);
    if (everything || it->second.due <= now) CloseBatch(it);
    it = next;
  }
  std::vector<Batch> due(std::make_move_iterator(full_.begin()),
                         std::make_move_iterator(full_.end()));
  full_.clear();
  return due;
}

void EmbeddedProducer::RunSender() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    std::vector<Batch> due = TakeDueBatches(SteadyClock::now());
    if (due.empty()) {
      if (closing_) break;  // TakeDueBatches took everything there was
      if (open_.empty()) {
        sender_cv_.wait(lock);
      } else {
        auto earliest = std::min_element(open_.begin(), open_.end(), [](auto& a, auto& b) {
                          return a.second.due < b.second.due;
                        })->second.due;
        sender_cv_.wait_until(lock, earliest);
      }
      continue;
    }
    size_t records = 0, bytes = 0;
    for (const Batch& batch : due) {
      records += batch.callbacks.size();
      bytes += batch.builder.size_bytes();
    }
    lock.unlock();
    std::vector<std::string> spent;
    for (Batch& batch : due) spent.push_back(Deliver(batch));
    lock.lock();
    // The appended batches' memory, for the next batches to grow into.
    for (std::string& bytes : spent) {
      if (spare_buffers_.size() < kSpareBuffers && bytes.capacity() <= 2 * settings_.batch_size) {
        spare_buffers_.push_back(std::move(bytes));
      }
    }
    pending_records_ -= records;
    queued_bytes_ -= bytes;
    deliveries_ += due.size();
    delivered_cv_.notify_all();
  }
}

Result<int64_t> EmbeddedProducer::Append(Batch& batch, SealedBatch& sealed) {
  if (!journal_) return batch.log->Append(&sealed);
  // The entry goes first: a crash between the two leaves an entry whose batch is not in the log,
  // which recovery passes over.
  auto journal_first = [&](int64_t base_offset) {
    return journal_->Append(
        {batch.log->id(), base_offset, sealed.header.crc, std::move(*batch.commit_state)});
  };
  Result<int64_t> appended = batch.log->Append(&sealed, journal_first);
  if (!appended.ok()) {
    append_failed_ = true;  // no later state may be tied to a batch before this one
    return appended.status();
  }
  const int64_t base_offset = *appended;
  last_appended_ = AppendedBatch{batch.log->id(), base_offset, sealed.header.crc};
  Status compacted = journal_->BatchAppended();
  if (!compacted.ok()) {
    SLUICE_LOG_WARN(kLogger,
                    "could not compact " << journal_->path() << ": " << compacted.ToString());
  }
  return base_offset;
}

std::string EmbeddedProducer::Deliver(Batch& batch) {
  SealedBatch sealed = batch.builder.Seal(clock_());
  Result<int64_t> base_offset = Append(batch, sealed);
  if (!base_offset.ok()) {
    SLUICE_LOG_WARN(kLogger, "could not append " << batch.callbacks.size() << " record(s) to "
                                                 << batch.log->id().ToString() << ": "
                                                 << base_offset.status().ToString());
  }
  transport::DeliveryReport report;
  const transport::TopicPartition& destination = batch.log->id();
  report.topic = destination.topic;
  report.partition = destination.partition;
  if (!base_offset.ok()) report.status = base_offset.status();
  for (size_t i = 0; i < batch.callbacks.size(); ++i) {
    if (base_offset.ok()) report.offset = *base_offset + static_cast<int64_t>(i);
    if (!batch.callbacks[i]) continue;
    try {
      batch.callbacks[i](report);
    } catch (const std::exception& e) {
      SLUICE_LOG_ERROR(kLogger, "a delivery callback threw: " << e.what());
    } catch (...) {
      SLUICE_LOG_ERROR(kLogger, "a delivery callback threw");
    }
  }
  return std::move(sealed.bytes);
}

void EmbeddedProducer::Poll(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  const uint64_t seen = deliveries_;
  delivered_cv_.wait_for(lock, timeout, [&] { return deliveries_ != seen; });
}

Status EmbeddedProducer::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  ++flushers_;
  sender_cv_.notify_one();
  const bool done = delivered_cv_.wait_for(lock, timeout, [&] { return pending_records_ == 0; });
  --flushers_;
  if (done) return Status::OK();
  return Status::Timeout(std::to_string(pending_records_) +
                         " record(s) still wait to be appended after " +
                         std::to_string(timeout.count()) + " ms");
}

Status EmbeddedProducer::SetCommitEntry(transport::CommitStateEntry entry) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!journal_) {
    return Status::FailedPrecondition("commit state needs a producer with a transactional.id");
  }
  commit_state_[std::move(entry.key)] = std::move(entry.value);
  return CommitStateChanged(lock);
}

Status EmbeddedProducer::ForgetCommitEntries(const transport::CommitState& stored) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!journal_) {
    return Status::FailedPrecondition("commit state needs a producer with a transactional.id");
  }
  bool changed = false;
  for (const auto& [key, value] : stored) {
    auto it = commit_state_.find(key);
    if (it != commit_state_.end() && it->second == value) {
      commit_state_.erase(it);
      changed = true;
    }
  }
  return changed ? CommitStateChanged(lock) : Status::OK();
}

Status EmbeddedProducer::CommitStateChanged(std::unique_lock<std::mutex>& lock) {
  while (true) {
    if (!open_.empty()) return Status::OK();  // captured when the open batch closes
    if (!full_.empty()) {
      // The newest closed batch holds the last record sent.
      full_.back().commit_state = commit_state_;
      return Status::OK();
    }
    if (pending_records_ == 0) break;
    // The sender is appending the last batches: the state goes after them.
    delivered_cv_.wait(lock);
  }
  if (append_failed_) {
    return Status::FailedPrecondition("a batch of this producer could not be appended");
  }
  if (!last_appended_) return Status::OK();  // nothing of this producer is in the log
  // Nothing waits to be appended and mu_ is held, so the sender does not touch the journal now.
  return journal_->Append(
      {last_appended_->partition, last_appended_->base_offset, last_appended_->crc, commit_state_});
}

}  // namespace sluice::embedded
