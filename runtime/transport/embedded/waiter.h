// A consumer's doorbell: Poll sleeps on it until something it waits for happens (an append to one
// of its partitions, a change of its group's assignment, a Wakeup()). No busy waiting; an idle
// consumer blocked in Poll uses no CPU.
//
// Use: Reset(), then check for work, then WaitUntil(): a Notify() that lands between the check and
// the wait is not lost, because it sets the flag that WaitUntil looks at first.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace sluice::embedded {

class Waiter {
 public:
  void Notify() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      signaled_ = true;
    }
    cv_.notify_all();
  }

  void Reset() {
    std::lock_guard<std::mutex> lock(mu_);
    signaled_ = false;
  }

  // Returns when notified since the last Reset(), or at the deadline.
  void WaitUntil(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_until(lock, deadline, [this] { return signaled_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool signaled_ = false;
};

}  // namespace sluice::embedded
