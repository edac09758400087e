// Wall-clock milliseconds since the epoch, injectable so that tests can move time forward for
// time-based rolling and retention instead of sleeping.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace sluice::embedded {

using WallClock = std::function<int64_t()>;

inline int64_t SystemTimeMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace sluice::embedded
