// The example generator-source plugin's message template and pacing.
#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <stdexcept>
#include <string>

#include "message_template.h"
#include "pacer.h"

namespace generator {
namespace {

using std::chrono::milliseconds;

TEST(MessageTemplate, RendersEveryPlaceholder) {
  auto t = MessageTemplate::Parse("#${seq} task=${task} at ${timestamp}ms; ${seq} again");
  EXPECT_EQ(t.Render({42, 3, 1700000000123}), "#42 task=3 at 1700000000123ms; 42 again");
}

TEST(MessageTemplate, KeepsTextWithoutPlaceholdersAndLoneDollars) {
  EXPECT_EQ(MessageTemplate::Parse("costs $5, {not} a placeholder").Render({1, 0, 0}),
            "costs $5, {not} a placeholder");
  EXPECT_EQ(MessageTemplate::Parse("${seq}${task}").Render({7, 2, 0}), "72");
  EXPECT_EQ(MessageTemplate::Parse("").Render({7, 2, 0}), "");
}

TEST(MessageTemplate, RejectsUnknownPlaceholdersByName) {
  try {
    MessageTemplate::Parse("line ${sequence}");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("${sequence}"), std::string::npos) << e.what();
  }
  EXPECT_THROW(MessageTemplate::Parse("${}"), std::invalid_argument);
}

TEST(MessageTemplate, RejectsAnUnterminatedPlaceholder) {
  try {
    MessageTemplate::Parse("line ${seq");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("position 5"), std::string::npos) << e.what();
  }
}

TEST(Pacer, SpacesEventsAtTheRate) {
  const Pacer::Clock::time_point start{};
  Pacer pacer(10, start);  // one every 100 ms, the first at the start
  EXPECT_EQ(pacer.Take(start, 100), 1);
  EXPECT_EQ(pacer.Take(start + milliseconds(99), 100), 0);
  EXPECT_EQ(pacer.NextDue(), start + milliseconds(100));
  EXPECT_EQ(pacer.Take(start + milliseconds(100), 100), 1);
  EXPECT_EQ(pacer.Take(start + milliseconds(450), 100), 3);  // 200, 300, 400
  EXPECT_EQ(pacer.NextDue(), start + milliseconds(500));
}

TEST(Pacer, NothingIsDueBeforeTheStart) {
  const Pacer::Clock::time_point start{std::chrono::seconds(10)};
  Pacer pacer(5, start);
  EXPECT_EQ(pacer.Take(start - milliseconds(1), 100), 0);
  EXPECT_EQ(pacer.NextDue(), start);
}

TEST(Pacer, HandsOutAtMostTheLimitAndKeepsTheRest) {
  const Pacer::Clock::time_point start{};
  Pacer pacer(100, start);
  EXPECT_EQ(pacer.Take(start + milliseconds(495), 20), 20);  // 50 due
  EXPECT_EQ(pacer.Take(start + milliseconds(495), 100), 30);
  EXPECT_EQ(pacer.Take(start + milliseconds(495), 100), 0);
}

TEST(Pacer, SkipsABacklogOfMoreThanOneSecondInsteadOfBursting) {
  const Pacer::Clock::time_point start{};
  Pacer pacer(10, start);
  // A minute without polling: 601 events due, but only one second's worth (10) is delivered.
  EXPECT_EQ(pacer.Take(start + std::chrono::seconds(60), 1000), 10);
  EXPECT_EQ(pacer.Take(start + std::chrono::seconds(60), 1000), 0);
  // And the rate goes on from there.
  EXPECT_EQ(pacer.Take(start + std::chrono::seconds(60) + milliseconds(100), 1000), 1);
}

TEST(Pacer, SlowRatesWaitWholeSeconds) {
  const Pacer::Clock::time_point start{};
  Pacer pacer(0.5, start);  // one every 2 s
  EXPECT_EQ(pacer.Take(start, 10), 1);
  EXPECT_EQ(pacer.Take(start + milliseconds(1999), 10), 0);
  EXPECT_EQ(pacer.NextDue(), start + std::chrono::seconds(2));
  EXPECT_EQ(pacer.Take(start + std::chrono::seconds(2), 10), 1);
}

TEST(Pacer, RejectsARateThatIsNotPositive) {
  EXPECT_THROW(Pacer(0, {}), std::invalid_argument);
  EXPECT_THROW(Pacer(-1, {}), std::invalid_argument);
  EXPECT_THROW(Pacer(std::numeric_limits<double>::quiet_NaN(), {}), std::invalid_argument);
  EXPECT_THROW(Pacer(std::numeric_limits<double>::infinity(), {}), std::invalid_argument);
}

}  // namespace
}  // namespace generator
