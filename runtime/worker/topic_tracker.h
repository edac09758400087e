// Active topic tracking (KIP-558): the topics each connector has produced to or consumed from
// since it was created or its set was last reset.
#pragma once

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
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::set<std::string>> topics_;
};

}  // namespace sluice::worker
