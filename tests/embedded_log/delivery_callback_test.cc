// The producer's delivery callback: small captures live inside it (no allocation per record),
// large ones on the heap, and each is destroyed exactly once whichever way it is moved.
#include "transport/delivery_callback.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>

#include "transport/transport.h"

namespace sluice::transport {
namespace {

TEST(DeliveryCallback, CallsWhatItHoldsSmallOrLarge) {
  int calls = 0;
  int64_t seen = -1;
  DeliveryCallback small = [&calls, &seen](const DeliveryReport& r) {
    ++calls;
    seen = r.offset;
  };
  std::array<int64_t, 16> big{};  // larger than the inline room
  big[15] = 7;
  DeliveryCallback large = [&calls, &seen, big](const DeliveryReport&) {
    ++calls;
    seen = big[15];
  };
  DeliveryReport report;
  report.offset = 42;
  small(report);
  EXPECT_EQ(seen, 42);
  large(report);
  EXPECT_EQ(seen, 7);
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(static_cast<bool>(small));
  EXPECT_FALSE(static_cast<bool>(DeliveryCallback(nullptr)));
  EXPECT_FALSE(static_cast<bool>(DeliveryCallback()));
}

TEST(DeliveryCallback, DestroysItsCapturesOnceAcrossMoves) {
  auto small_token = std::make_shared<int>(1);
  auto large_token = std::make_shared<int>(2);
  {
    std::array<char, 64> padding{};
    DeliveryCallback small = [small_token](const DeliveryReport&) {};
    DeliveryCallback large = [large_token, padding](const DeliveryReport&) {};
    EXPECT_EQ(small_token.use_count(), 2);
    EXPECT_EQ(large_token.use_count(), 2);
    DeliveryCallback moved(std::move(small));
    DeliveryCallback assigned;
    assigned = std::move(large);
    EXPECT_FALSE(static_cast<bool>(small));  // NOLINT(bugprone-use-after-move): moved from
    EXPECT_EQ(small_token.use_count(), 2);
    EXPECT_EQ(large_token.use_count(), 2);
    assigned = std::move(moved);  // the large one goes
    EXPECT_EQ(large_token.use_count(), 1);
    EXPECT_EQ(small_token.use_count(), 2);
  }
  EXPECT_EQ(small_token.use_count(), 1);
}

}  // namespace
}  // namespace sluice::transport
