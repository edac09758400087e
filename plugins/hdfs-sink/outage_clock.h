// How long HDFS has been failing, so that a task retries an outage with a growing wait and gives
// up after a bound (hdfs.retry.timeout.ms) instead of retrying for ever: then the task fails and
// the worker's restart policy takes over.
//
// An outage starts with the first transient failure and ends when a unit of work that reached
// HDFS succeeds as a whole (a Put, a scheduled commit): a single answered request proves little
// when, say, the namenode answers and every datanode is down. The wait before each retry doubles
// with every failure of the outage, from the initial backoff up to the maximum, across calls.
// Thread-safe: the task thread and the rotation timer share one clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

namespace sluice::hdfs_sink {

struct RetryPolicy {
  int max_retries = 3;                              // within one call, after its first attempt
  std::chrono::milliseconds initial_backoff{1000};  // doubled after each failure
  std::chrono::milliseconds max_backoff{30000};
  std::chrono::milliseconds give_up_after{300000};  // hdfs.retry.timeout.ms
};

class OutageClock {
 public:
  using Clock = std::chrono::steady_clock;

  explicit OutageClock(RetryPolicy policy) : policy_(policy) {}

  const RetryPolicy& policy() const { return policy_; }

  // Counts a transient failure (starting an outage when none is under way) and returns the wait
  // before the next attempt.
  std::chrono::milliseconds Failed(Clock::time_point now = Clock::now());

  // The wait the next failure would get, without counting one.
  std::chrono::milliseconds NextWait() const;

  // A call to HDFS succeeded; says nothing about the outage by itself (see Recovered).
  void Succeeded();
  // How many calls succeeded so far: a unit of work that saw this grow reached HDFS.
  uint64_t successes() const;

  // Ends the outage: a unit of work that reached HDFS succeeded.
  void Recovered();

  // How long the current outage has lasted; nullopt when there is none.
  std::optional<std::chrono::milliseconds> Elapsed(Clock::time_point now = Clock::now()) const;
  // Whether the outage has lasted give_up_after or longer.
  bool Exhausted(Clock::time_point now = Clock::now()) const;

 private:
  std::chrono::milliseconds WaitAfter(int failures) const;

  const RetryPolicy policy_;
  mutable std::mutex mu_;
  std::optional<Clock::time_point> started_;
  int failures_ = 0;
  uint64_t successes_ = 0;
};

}  // namespace sluice::hdfs_sink
