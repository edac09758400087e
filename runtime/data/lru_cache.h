// A bounded map that evicts the least recently used entry (Kafka's LRUCache), guarded by a mutex
// so that one converter can serve several threads (Kafka's SynchronizedCache).
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

namespace sluice::data {

template <typename K, typename V, typename Hash = std::hash<K>>
class LruCache {
 public:
  // A capacity of 0 caches nothing.
  explicit LruCache(size_t capacity = 0) : capacity_(capacity) {}

  void Reset(size_t capacity) {
    std::lock_guard<std::mutex> lock(mu_);
    capacity_ = capacity;
    index_.clear();
    entries_.clear();
  }

  // A copy of the cached value, which becomes the most recently used.
  std::optional<V> Get(const K& key) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    entries_.splice(entries_.begin(), entries_, it->second);
    return it->second->second;
  }

  void Put(const K& key, V value) {
    std::lock_guard<std::mutex> lock(mu_);
    if (capacity_ == 0) return;
    if (auto it = index_.find(key); it != index_.end()) {
      it->second->second = std::move(value);
      entries_.splice(entries_.begin(), entries_, it->second);
      return;
    }
    entries_.emplace_front(key, std::move(value));
    index_.emplace(key, entries_.begin());
    if (entries_.size() > capacity_) {
      index_.erase(entries_.back().first);
      entries_.pop_back();
    }
  }

  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return entries_.size();
  }

 private:
  mutable std::mutex mu_;
  size_t capacity_;
  std::list<std::pair<K, V>> entries_;  // most recently used first
  std::unordered_map<K, typename std::list<std::pair<K, V>>::iterator, Hash> index_;
};

}  // namespace sluice::data
