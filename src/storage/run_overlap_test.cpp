#include "storage/run_overlap.h"

#include <gtest/gtest.h>

namespace copra::storage {
namespace {

std::string Str(const std::vector<TimeInterval>& v) {
  std::string s;
  for (const TimeInterval& i : v)
    s += "[" + std::to_string(i.lo) + "," + std::to_string(i.hi) + "]";
  return s;
}

TEST(RunOverlapTest, DisjointRunsAreSeparateClustersWithNothingContested) {
  RunOverlaps p = PlanRunOverlaps({{10, 19}, {0, 9}, {20, 30}});
  ASSERT_EQ(p.clusters.size(), 3u);
  EXPECT_EQ(p.clusters[0], std::vector<size_t>{1});
  EXPECT_EQ(p.clusters[1], std::vector<size_t>{0});
  for (const auto& c : p.contested) EXPECT_TRUE(c.empty());
}

TEST(RunOverlapTest, TouchingRunsContestOnlyTheSharedTimestamp) {
  RunOverlaps p = PlanRunOverlaps({{0, 10}, {10, 20}, {20, 30}});
  ASSERT_EQ(p.clusters.size(), 1u);
  EXPECT_EQ(Str(p.contested[0]), "[10,10]");
  EXPECT_EQ(Str(p.contested[1]), "[10,10][20,20]");
  EXPECT_EQ(Str(p.contested[2]), "[20,20]");
  EXPECT_TRUE(ContainsTime(p.contested[1], 20));
  EXPECT_FALSE(ContainsTime(p.contested[1], 15));
  EXPECT_TRUE(IntersectsTimes(p.contested[1], 11, 25));
  EXPECT_FALSE(IntersectsTimes(p.contested[1], 11, 19));
  EXPECT_EQ(CoveredTimes(p.contested[1]), 2);
}

TEST(RunOverlapTest, NestedAndChainedOverlapsUniteIntervals) {
  // Run 0 contains run 1; run 2 overlaps run 0's end; run 3 is apart.
  RunOverlaps p = PlanRunOverlaps({{0, 100}, {20, 30}, {90, 120}, {200, 210}});
  ASSERT_EQ(p.clusters.size(), 2u);
  EXPECT_EQ(p.clusters[0].size(), 3u);
  EXPECT_EQ(Str(p.contested[0]), "[20,30][90,100]");
  EXPECT_EQ(Str(p.contested[1]), "[20,30]");
  EXPECT_EQ(Str(p.contested[2]), "[90,100]");
  EXPECT_TRUE(p.contested[3].empty());
  // Adjacent pieces unite.
  RunOverlaps q = PlanRunOverlaps({{0, 10}, {0, 4}, {5, 10}});
  EXPECT_EQ(Str(q.contested[0]), "[0,10]");
  EXPECT_EQ(Str(q.contested[1]), "[0,4]");
}

}  // namespace
}  // namespace copra::storage
