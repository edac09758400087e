// Active topic tracking (KIP-558): the topics each connector has produced to or consumed from
// since it was created or its set was last reset.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace sluice::worker {

class TopicTracker {
 public:
  void Record(const std::string& connector, const std::string& topic) {
    std::lock_guard<std::mutex> lock(mu_);
    topics_[connector].insert(topic);
  }
  std::set<std::string> Get(const std::string& connector) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = topics_.find(connector);
    return it == topics_.end() ? std::set<std::string>{} : it->second;
  }
  void Reset(const std::string& connector) {
    std::lock_guard<std::mutex> lock(mu_);
    topics_.erase(connector);
    resets_.fetch_add(1, std::memory_order_release);
  }
  // Counts Reset calls, so that a task's cache of what it recorded knows when to start over.
  uint64_t resets() const { return resets_.load(std::memory_order_acquire); }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::set<std::string>> topics_;
  std::atomic<uint64_t> resets_{0};
};

// A task's side of the tracking: each topic is recorded once (again after a reset), and a record
// for the topic of the record before it costs one comparison.
class TaskTopics {
 public:
  TaskTopics(TopicTracker* tracker, std::string connector)
      : tracker_(tracker), connector_(std::move(connector)) {}

  void Note(const std::string& topic) {
    const uint64_t resets = tracker_->resets();
    if (resets == resets_seen_ && topic == last_) return;
    if (resets != resets_seen_) {
      seen_.clear();
      resets_seen_ = resets;
    }
    if (seen_.insert(topic).second) tracker_->Record(connector_, topic);
    last_ = topic;
  }

 private:
  TopicTracker* tracker_;
  const std::string connector_;
  std::set<std::string> seen_;
  std::string last_;
  uint64_t resets_seen_ = 0;
};

}  // namespace sluice::worker
