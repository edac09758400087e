// The fence that keeps a stopping task off HDFS: aborts on a wake-up, a grace for closing
// files, reopening after a pause, closed for good by Stop.
#include "hdfs-sink/storage_fence.h"

#include <gtest/gtest.h>

#include "hdfs-sink/storage.h"

namespace sluice::hdfs_sink {
namespace {

using std::chrono::milliseconds;

bool Admitted(const StorageFence& fence, StorageFence::Clock::time_point now) {
  try {
    fence.Admit("RENAME /a", now);
    return true;
  } catch (const StorageError& e) {
    EXPECT_TRUE(e.cancelled()) << e.what();
    EXPECT_NE(std::string(e.what()).find("RENAME /a: not sent"), std::string::npos) << e.what();
    return false;
  }
}

TEST(StorageFence, AWakeUpAbortsWhatIsInFlightAndAllowsOnlyTheGrace) {
  StorageFence fence(milliseconds(3000));
  const auto t0 = StorageFence::Clock::now();
  StorageFence::Ticket before = fence.Admit("CREATE /f", t0);
  EXPECT_FALSE(fence.ShouldAbort(before, t0));
  fence.Wake(t0 + milliseconds(10));
  EXPECT_TRUE(fence.ShouldAbort(before, t0 + milliseconds(11)));  // in flight at the wake-up
  // Closing files at a graceful stop: allowed, and cut off when the grace ends.
  ASSERT_TRUE(Admitted(fence, t0 + milliseconds(1000)));
  StorageFence::Ticket during = fence.Admit("DELETE /f", t0 + milliseconds(1000));
  EXPECT_FALSE(fence.ShouldAbort(during, t0 + milliseconds(2000)));
  EXPECT_TRUE(fence.ShouldAbort(during, t0 + milliseconds(3010)));
  EXPECT_FALSE(Admitted(fence, t0 + milliseconds(3010)));
}

TEST(StorageFence, APutAfterTheGraceReopensItButOneWithinDoesNot) {
  StorageFence fence(milliseconds(3000));
  const auto t0 = StorageFence::Clock::now();
  fence.Wake(t0);
  fence.Reopen(t0 + milliseconds(5));  // a Put racing the stop: the cut-off stays
  EXPECT_FALSE(Admitted(fence, t0 + milliseconds(3000)));
  fence.Reopen(t0 + milliseconds(60000));  // the pause is over
  EXPECT_TRUE(Admitted(fence, t0 + milliseconds(60001)));
}

TEST(StorageFence, StopClosesItForGood) {
  StorageFence fence(milliseconds(3000));
  const auto t0 = StorageFence::Clock::now();
  StorageFence::Ticket ticket = fence.Admit("RENAME /a", t0);
  fence.Close();
  EXPECT_TRUE(fence.ShouldAbort(ticket, t0));
  fence.Reopen(t0 + milliseconds(60000));
  EXPECT_FALSE(Admitted(fence, t0 + milliseconds(60001)));
}

}  // namespace
}  // namespace sluice::hdfs_sink
