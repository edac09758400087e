#include "worker/submitted_records.h"

namespace sluice::worker {

namespace {
constexpr size_t kMaxSpareStrings = 4096;
}  // namespace

std::deque<SubmittedRecords::Entry>& SubmittedRecords::Queue(std::string_view partition_json) {
  auto it = partitions_.find(partition_json);
  if (it == partitions_.end()) {
    it = partitions_.emplace(std::string(partition_json), std::deque<Entry>()).first;
  }
  return it->second;
}

std::string SubmittedRecords::SpareString() {
  if (spare_.empty()) return std::string();
  std::string s = std::move(spare_.back());
  spare_.pop_back();
  return s;
}

SubmittedRecords::Ticket SubmittedRecords::Submit(std::string_view partition_json,
                                                  std::string_view offset_json) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& queue = Queue(partition_json);
  std::string offset = SpareString();
  offset.assign(offset_json);
  queue.push_back({std::move(offset), false});  // deque::push_back keeps references valid
  ++outstanding_;
  return {&queue.back(), generation_};
}

void SubmittedRecords::SubmitTombstone(std::string_view partition_json) {
  std::lock_guard<std::mutex> lock(mu_);
  Queue(partition_json).push_back({std::string(), true});
}

void SubmittedRecords::Ack(const Ticket& ticket) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ticket.generation == generation_ && !ticket.entry->acked) {
    ticket.entry->acked = true;
    --outstanding_;
  }
}

std::map<std::string, std::string> SubmittedRecords::TakeCommittable() {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, std::string> committable;
  for (auto it = partitions_.begin(); it != partitions_.end();) {
    auto& queue = it->second;
    while (!queue.empty() && queue.front().acked) {
      std::string& offset = committable[it->first];
      if (!offset.empty() && spare_.size() < kMaxSpareStrings) {
        spare_.push_back(std::move(offset));  // replaced by a newer one of the partition
      }
      offset = std::move(queue.front().offset_json);
      queue.pop_front();
    }
    it = queue.empty() ? partitions_.erase(it) : std::next(it);
  }
  return committable;
}

size_t SubmittedRecords::outstanding() const {
  std::lock_guard<std::mutex> lock(mu_);
  return outstanding_;
}

void SubmittedRecords::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  partitions_.clear();
  outstanding_ = 0;
  ++generation_;
}

}  // namespace sluice::worker
