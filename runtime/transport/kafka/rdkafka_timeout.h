// librdkafka takes timeouts as an int of milliseconds, where negative means "wait forever".
#pragma once

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>

namespace sluice::transport::kafka {

// `timeout` clamped to [0, INT_MAX] ms: a negative duration means "do not wait", never "forever".
inline int TimeoutMs(std::chrono::milliseconds timeout) {
  return static_cast<int>(std::clamp<int64_t>(timeout.count(), 0, INT_MAX));
}

}  // namespace sluice::transport::kafka
