#include "common/suggest.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

TEST(SuggestTest, EditDistanceCountsTranspositionsOnce) {
  EXPECT_EQ(EditDistance("value", "value"), 0);
  EXPECT_EQ(EditDistance("valeu", "value"), 1);
  EXPECT_EQ(EditDistance("metric", "metrics"), 1);
  EXPECT_EQ(EditDistance("HOST", "host"), 0);
  EXPECT_EQ(EditDistance("", "abc"), 3);
}

TEST(SuggestTest, SuggestsOnlyPlausibleTypos) {
  std::vector<std::string> names = {"host", "usage_user", "ts"};
  EXPECT_EQ(ClosestMatch("usage_usr", names), "usage_user");
  EXPECT_EQ(ClosestMatch("zzzzzz", names), "");
  EXPECT_EQ(DidYouMean("hots", names), " (did you mean \"host\"?)");
}

}  // namespace
}  // namespace copra
