#include "common/log.h"

#include <gtest/gtest.h>

namespace sluice::log {
namespace {

TEST(Log, LevelsInheritFromDottedParents) {
  SetLevel("root", Level::kInfo);
  EXPECT_FALSE(Enabled("connector.a", Level::kDebug));
  auto changed = SetLevel("connector", Level::kDebug);
  EXPECT_EQ(changed, std::vector<std::string>{"connector"});
  EXPECT_TRUE(Enabled("connector.a", Level::kDebug));
  EXPECT_FALSE(Enabled("worker", Level::kDebug));
  EXPECT_TRUE(EffectiveLevel("connector.a").last_modified_ms.has_value());
  SetLevel("root", Level::kInfo);  // also resets "connector"
  EXPECT_FALSE(Enabled("connector.a", Level::kDebug));
}

TEST(Log, ParsesLevelNamesCaseInsensitively) {
  EXPECT_EQ(ParseLevel("debug"), Level::kDebug);
  EXPECT_EQ(ParseLevel("WARN"), Level::kWarn);
  EXPECT_EQ(ParseLevel("loud"), std::nullopt);
}

}  // namespace
}  // namespace sluice::log
