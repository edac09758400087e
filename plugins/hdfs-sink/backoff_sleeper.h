// Waits between retries that the task can cut short: Wakeup() ends the current wait (or the
// next one, when none is under way), Cancel() ends every wait from then on. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace sluice::hdfs_sink {

class BackoffSleeper {
 public:
  // Waits for `duration`; false when the wait was cut short.
  bool SleepFor(std::chrono::milliseconds duration) {
    std::unique_lock<std::mutex> lock(mu_);
    bool woken = cv_.wait_for(lock, duration, [&] { return cancelled_ || wakeup_; });
    wakeup_ = false;
    return !woken;
  }

  void Wakeup() {
    std::lock_guard<std::mutex> lock(mu_);
    wakeup_ = true;
    cv_.notify_all();
  }

  void Cancel() {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    cv_.notify_all();
  }

  bool cancelled() const {
    std::lock_guard<std::mutex> lock(mu_);
    return cancelled_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool wakeup_ = false;
  bool cancelled_ = false;
};

}  // namespace sluice::hdfs_sink
