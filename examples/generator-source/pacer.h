// Spaces events out at a fixed rate: says how many are due at a given moment and when the next
// one is. The caller passes the time in, so the arithmetic is testable without sleeping.
#pragma once

#include <chrono>
#include <cstdint>

namespace generator {

class Pacer {
 public:
  using Clock = std::chrono::steady_clock;

  // `rate_per_sec` must be positive; the first event is due at `start`.
  Pacer(double rate_per_sec, Clock::time_point start);

  // Takes the events due by `now`, at most `limit`, and returns how many it took. A backlog of
  // more than one second's worth (the task was paused, or the host was busy) is skipped rather
  // than delivered as a burst.
  int64_t Take(Clock::time_point now, int64_t limit);

  // When the next event not yet taken is due.
  Clock::time_point NextDue() const;

 private:
  // When event `k` (from 0) is due, after the start. Both DueBy and NextDue go through it, so
  // that an event is due exactly at the time NextDue announced.
  Clock::duration DueAfterStart(int64_t k) const;
  // Events due by `now` since the start, counting the first one at `start`.
  int64_t DueBy(Clock::time_point now) const;

  double rate_per_sec_;
  Clock::time_point start_;
  int64_t taken_ = 0;
};

}  // namespace generator
