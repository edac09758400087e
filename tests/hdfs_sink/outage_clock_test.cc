// The outage clock: waits that grow over an outage (not per call), the bound, and what ends it.
#include "hdfs-sink/outage_clock.h"

#include <gtest/gtest.h>

namespace sluice::hdfs_sink {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(OutageClock, WaitsDoubleOverTheOutageUpToTheMaximum) {
  OutageClock clock(RetryPolicy{3, milliseconds(100), milliseconds(1000), seconds(60)});
  const auto t0 = OutageClock::Clock::now();
  EXPECT_FALSE(clock.Elapsed(t0));
  EXPECT_EQ(clock.NextWait(), milliseconds(100));
  std::vector<milliseconds> waits;
  for (int i = 0; i < 6; ++i) waits.push_back(clock.Failed(t0 + seconds(i)));
  EXPECT_EQ(waits,
            (std::vector<milliseconds>{milliseconds(100), milliseconds(200), milliseconds(400),
                                       milliseconds(800), milliseconds(1000), milliseconds(1000)}));
  EXPECT_EQ(clock.NextWait(), milliseconds(1000));
  // Counted from the first failure.
  EXPECT_EQ(clock.Elapsed(t0 + seconds(10)), milliseconds(10000));
}

TEST(OutageClock, IsExhaustedAfterTheTimeoutAndRecoveredBySuccess) {
  OutageClock clock(RetryPolicy{3, milliseconds(100), milliseconds(1000), seconds(60)});
  const auto t0 = OutageClock::Clock::now();
  clock.Failed(t0);
  EXPECT_FALSE(clock.Exhausted(t0 + seconds(59)));
  EXPECT_TRUE(clock.Exhausted(t0 + seconds(60)));
  // A single answered call ends nothing (the namenode may answer while the datanodes do not).
  const uint64_t before = clock.successes();
  clock.Succeeded();
  EXPECT_EQ(clock.successes(), before + 1);
  EXPECT_TRUE(clock.Exhausted(t0 + seconds(60)));
  clock.Recovered();
  EXPECT_FALSE(clock.Elapsed(t0 + seconds(61)));
  EXPECT_FALSE(clock.Exhausted(t0 + seconds(61)));
  // A new outage starts over, with the initial wait.
  EXPECT_EQ(clock.Failed(t0 + seconds(70)), milliseconds(100));
  EXPECT_EQ(clock.Elapsed(t0 + seconds(75)), milliseconds(5000));
}

}  // namespace
}  // namespace sluice::hdfs_sink
