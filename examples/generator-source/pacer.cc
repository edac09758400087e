#include "pacer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace generator {

Pacer::Pacer(double rate_per_sec, Clock::time_point start)
    : rate_per_sec_(rate_per_sec), start_(start) {
  if (!(rate_per_sec > 0) || !std::isfinite(rate_per_sec)) {
    throw std::invalid_argument("the rate must be a positive number of events per second, not " +
                                std::to_string(rate_per_sec));
  }
}

Pacer::Clock::duration Pacer::DueAfterStart(int64_t k) const {
  const double ns = std::ceil(static_cast<double>(k) * 1e9 / rate_per_sec_);
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::nanoseconds(static_cast<int64_t>(ns)));
}

int64_t Pacer::DueBy(Clock::time_point now) const {
  if (now < start_) return 0;
  const Clock::duration elapsed = now - start_;
  const double estimate = std::chrono::duration<double>(elapsed).count() * rate_per_sec_;
  int64_t last = static_cast<int64_t>(std::floor(estimate));
  // Floating point can put the estimate one off either way; settle it on DueAfterStart.
  while (DueAfterStart(last + 1) <= elapsed) ++last;
  while (last > 0 && DueAfterStart(last) > elapsed) --last;
  return last + 1;
}

int64_t Pacer::Take(Clock::time_point now, int64_t limit) {
  int64_t due = DueBy(now) - taken_;
  const int64_t one_second = std::max<int64_t>(1, std::llround(rate_per_sec_));
  if (due > one_second) {
    taken_ += due - one_second;  // skip ahead: the schedule continues from now
    due = one_second;
  }
  const int64_t taken = std::clamp<int64_t>(due, 0, std::max<int64_t>(limit, 0));
  taken_ += taken;
  return taken;
}

Pacer::Clock::time_point Pacer::NextDue() const {
  return start_ + DueAfterStart(taken_);
}

}  // namespace generator
