#include <gtest/gtest.h>

#include "optimizer/plan_test_builder.h"

namespace copra::plan_test {
namespace {

class LimitPushdownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        catalog_
            .CreateTable("public",
                         MakeTable("t", {{"a", LogicalType::Int64()}, {"b", LogicalType::Int64()}}),
                         false)
            .ok());
  }

  std::string Optimized(const std::string& sql) {
    LogicalPlanPtr plan = BindSql(&catalog_, sql);
    if (plan == nullptr) return "";
    auto out = Optimize(std::move(plan), OptimizerOptions{}, nullptr);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? (*out)->ToString() : "";
  }

  Catalog catalog_;
};

TEST_F(LimitPushdownTest, SortAndLimitBecomeTopN) {
  EXPECT_EQ(Optimized("SELECT a FROM t ORDER BY b LIMIT 3 OFFSET 1"),
            "Projection: a\n"
            "  TopN: b ASC NULLS LAST fetch=3 skip=1\n"
            "    Projection: a, b\n"
            "      TableScan: t projection=[a, b]");
}

TEST_F(LimitPushdownTest, IntoScansWithAndWithoutFilters) {
  EXPECT_EQ(Optimized("SELECT a FROM t LIMIT 3 OFFSET 2"),
            "Limit: skip=2, fetch=3\n"
            "  Projection: a\n"
            "    TableScan: t projection=[a] limit=5");
  // The scan counts its limit after its filters.
  EXPECT_EQ(Optimized("SELECT a FROM t WHERE b > 1 LIMIT 3"),
            "Limit: skip=0, fetch=3\n"
            "  Projection: a\n"
            "    TableScan: t projection=[a] filters=[(b > 1)] limit=3");
}

TEST_F(LimitPushdownTest, NotBelowFiltersThatStayAbove) {
  EXPECT_EQ(Optimized("SELECT * FROM (SELECT a, count(*) AS n FROM t GROUP BY a) s LIMIT 1"),
            "Limit: skip=0, fetch=1\n"
            "  Projection: a, n\n"
            "    Projection: a, count(*) AS n\n"
            "      Aggregate: groupBy=[a], aggr=[count(*)]\n"
            "        TableScan: t projection=[a]");
}

}  // namespace
}  // namespace copra::plan_test
