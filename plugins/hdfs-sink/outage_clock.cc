#include "hdfs-sink/outage_clock.h"

#include <algorithm>

namespace sluice::hdfs_sink {

std::chrono::milliseconds OutageClock::WaitAfter(int failures) const {
  const auto ceiling = std::max(policy_.max_backoff, policy_.initial_backoff);
  std::chrono::milliseconds wait = policy_.initial_backoff;
  // Doubling stops at the ceiling, so it never overflows.
  for (int i = 0; i < failures && wait < ceiling; ++i) wait *= 2;
  return std::min(wait, ceiling);
}

std::chrono::milliseconds OutageClock::Failed(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!started_) {
    started_ = now;
    failures_ = 0;
  }
  return WaitAfter(failures_++);
}

std::chrono::milliseconds OutageClock::NextWait() const {
  std::lock_guard<std::mutex> lock(mu_);
  return WaitAfter(started_ ? failures_ : 0);
}

void OutageClock::Succeeded() {
  std::lock_guard<std::mutex> lock(mu_);
  ++successes_;
}

uint64_t OutageClock::successes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return successes_;
}

void OutageClock::Recovered() {
  std::lock_guard<std::mutex> lock(mu_);
  started_.reset();
  failures_ = 0;
}

std::optional<std::chrono::milliseconds> OutageClock::Elapsed(Clock::time_point now) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!started_) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(now - *started_);
}

bool OutageClock::Exhausted(Clock::time_point now) const {
  std::optional<std::chrono::milliseconds> elapsed = Elapsed(now);
  return elapsed && *elapsed >= policy_.give_up_after;
}

}  // namespace sluice::hdfs_sink
