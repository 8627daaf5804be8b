#include <gtest/gtest.h>

#include "optimizer/plan_test_builder.h"

namespace copra::plan_test {
namespace {

class TimeSlicedTopNTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(catalog_
                    .CreateTable("public",
                                 MakeTable("m",
                                           {{"host", LogicalType::String()},
                                            {"ts", LogicalType::Timestamp(TimeUnit::kMillisecond)},
                                            {"v", LogicalType::Float64()}},
                                           "ts"),
                                 false)
                    .ok());
  }

  // The TopN line of the optimized plan.
  std::string TopN(const std::string& sql) {
    LogicalPlanPtr plan = BindSql(&catalog_, sql);
    if (plan == nullptr) return "";
    auto out = Optimize(std::move(plan), OptimizerOptions{}, nullptr);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    if (!out.ok()) return "";
    const std::string text = (*out)->ToString();
    const size_t at = text.find("TopN:");
    if (at == std::string::npos) return "no TopN";
    return text.substr(at, text.find('\n', at) - at);
  }

  Catalog catalog_;
};

TEST_F(TimeSlicedTopNTest, MarksBucketKeysFromTheBoundedEnd) {
  EXPECT_EQ(TopN("SELECT date_trunc('minute', ts) AS m, max(v) FROM m WHERE ts < '2024-01-01' "
                 "GROUP BY m ORDER BY m DESC LIMIT 5"),
            "TopN: m DESC NULLS FIRST fetch=5 time_sliced=newest_first");
  EXPECT_EQ(TopN("SELECT date_bin(INTERVAL '5 minutes', ts) AS b, host, count(*) FROM m "
                 "WHERE ts >= '2024-01-01' GROUP BY b, host HAVING count(*) > 1 "
                 "ORDER BY b, host LIMIT 3"),
            "TopN: b ASC NULLS LAST, host ASC NULLS LAST fetch=3 time_sliced=oldest_first");
  EXPECT_EQ(TopN("SELECT ts, v FROM m WHERE ts < '2024-01-01' AND v > 1 ORDER BY ts DESC LIMIT 2"),
            "TopN: ts DESC NULLS FIRST fetch=2 time_sliced=newest_first");
}

TEST_F(TimeSlicedTopNTest, LeavesOtherTopNsAlone) {
  // No bound on the side the order starts from.
  EXPECT_EQ(TopN("SELECT date_trunc('minute', ts) AS m, max(v) FROM m WHERE ts >= '2024-01-01' "
                 "GROUP BY m ORDER BY m DESC LIMIT 5"),
            "TopN: m DESC NULLS FIRST fetch=5");
  // The first key is not a bucket of the time index.
  EXPECT_EQ(TopN("SELECT host, max(ts) AS t FROM m WHERE ts < '2024-01-01' GROUP BY host "
                 "ORDER BY t DESC LIMIT 5"),
            "TopN: t DESC NULLS FIRST fetch=5");
  EXPECT_EQ(TopN("SELECT date_part('minute', ts) AS m, max(v) FROM m WHERE ts < '2024-01-01' "
                 "GROUP BY m ORDER BY m DESC LIMIT 5"),
            "TopN: m DESC NULLS FIRST fetch=5");
  EXPECT_EQ(TopN("SELECT v FROM m WHERE ts < '2024-01-01' ORDER BY v DESC LIMIT 5"),
            "TopN: v DESC NULLS FIRST fetch=5");
  // A join below.
  EXPECT_EQ(TopN("SELECT a.ts FROM m a JOIN m b ON a.host = b.host WHERE a.ts < '2024-01-01' "
                 "ORDER BY a.ts DESC LIMIT 5"),
            "TopN: ts DESC NULLS FIRST fetch=5");
}

}  // namespace
}  // namespace copra::plan_test
