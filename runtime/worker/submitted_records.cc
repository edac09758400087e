#include "worker/submitted_records.h"

namespace sluice::worker {

SubmittedRecords::Ticket SubmittedRecords::Submit(const std::string& partition_json,
                                                  std::string offset_json) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& queue = partitions_[partition_json];
  queue.push_back({std::move(offset_json), false});  // deque::push_back keeps references valid
  ++outstanding_;
  return {&queue.back(), generation_};
}

void SubmittedRecords::SubmitTombstone(const std::string& partition_json) {
  std::lock_guard<std::mutex> lock(mu_);
  partitions_[partition_json].push_back({std::string(), true});
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
      committable[it->first] = std::move(queue.front().offset_json);
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
