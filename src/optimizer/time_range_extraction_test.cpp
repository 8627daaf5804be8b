#include <gtest/gtest.h>

#include <limits>

#include "optimizer/plan_test_builder.h"

namespace copra::plan_test {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

class TimeRangeExtractionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // ts is column 1, in milliseconds.
    m_ = MakeTable("m",
                   {{"host", LogicalType::String()},
                    {"ts", LogicalType::Timestamp(TimeUnit::kMillisecond)},
                    {"v", LogicalType::Float64()}},
                   "ts");
  }

  BoundExprPtr TsCol() const { return Col(*m_->schema().batch_schema(), 1); }

  // The range a scan of m with `filters` gets, or nullopt.
  std::optional<TimeRange> RangeOf(std::vector<BoundExprPtr> filters) {
    LogicalPlanPtr scan = Scan(m_);
    scan->scan_filters = std::move(filters);
    ApplyRule(*rule_, &scan);
    return scan->time_range;
  }

  static TimeRange R(int64_t start, int64_t end) { return TimeRange{start, end}; }

  TablePtr m_;
  std::unique_ptr<OptimizerRule> rule_ = MakeTimeRangeExtractionRule();
};

void ExpectRange(const std::optional<TimeRange>& got, int64_t start, int64_t end) {
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->start, start);
  EXPECT_EQ(got->end, end);
}

TEST_F(TimeRangeExtractionTest, EachComparison) {
  ExpectRange(RangeOf({Call(">=", {TsCol(), Ts(100)})}), 100, kMax);
  ExpectRange(RangeOf({Call(">", {TsCol(), Ts(100)})}), 101, kMax);
  ExpectRange(RangeOf({Call("<", {TsCol(), Ts(100)})}), kMin, 100);
  ExpectRange(RangeOf({Call("<=", {TsCol(), Ts(100)})}), kMin, 101);
  ExpectRange(RangeOf({Call("=", {TsCol(), Ts(100)})}), 100, 101);
}

TEST_F(TimeRangeExtractionTest, ConstantOnTheLeftIsFlipped) {
  ExpectRange(RangeOf({Call("<=", {Ts(100), TsCol()})}), 100, kMax);
  ExpectRange(RangeOf({Call("<", {Ts(100), TsCol()})}), 101, kMax);
  ExpectRange(RangeOf({Call(">", {Ts(100), TsCol()})}), kMin, 100);
  ExpectRange(RangeOf({Call(">=", {Ts(100), TsCol()})}), kMin, 101);
  ExpectRange(RangeOf({Call("=", {Ts(100), TsCol()})}), 100, 101);
}

TEST_F(TimeRangeExtractionTest, ConjunctsIntersect) {
  // BETWEEN 100 AND 200 arrives as two conjuncts.
  ExpectRange(RangeOf({Call(">=", {TsCol(), Ts(100)}), Call("<=", {TsCol(), Ts(200)})}), 100, 201);
  ExpectRange(RangeOf({And({Call(">", {TsCol(), Ts(100)}), Call("<", {TsCol(), Ts(200)})}),
                       Call(">=", {TsCol(), Ts(150)})}),
              150, 200);
}

TEST_F(TimeRangeExtractionTest, ContradictionGivesEmptyRange) {
  auto r = RangeOf({Call(">", {TsCol(), Ts(200)}), Call("<", {TsCol(), Ts(100)})});
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->IsEmpty());
  ExpectRange(r, 201, 100);
  // At the edges of int64 nothing overflows.
  r = RangeOf({Call(">", {TsCol(), Ts(kMax)})});
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->IsEmpty());
  r = RangeOf({Call("<", {TsCol(), Ts(kMin)})});
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->IsEmpty());
}

TEST_F(TimeRangeExtractionTest, IgnoresWhatItCannotUse) {
  BoundExprPtr v = Col(*m_->schema().batch_schema(), 2);
  EXPECT_FALSE(RangeOf({}).has_value());
  // Other columns, non-constant sides, NULL constants, <>, OR.
  EXPECT_FALSE(RangeOf({Call(">", {v, BoundExpr::Constant(Value::Float64(1))})}).has_value());
  EXPECT_FALSE(RangeOf({Call(">", {TsCol(), TsCol()})}).has_value());
  EXPECT_FALSE(
      RangeOf({Call(">", {TsCol(), BoundExpr::Constant(Value::Null(LogicalType::Timestamp()))})})
          .has_value());
  EXPECT_FALSE(RangeOf({Call("<>", {TsCol(), Ts(1)})}).has_value());
  EXPECT_FALSE(
      RangeOf({BoundExpr::Or({Call("=", {TsCol(), Ts(1)}), Call(">", {v, v})})}).has_value());
  // Usable conjuncts still count next to unusable ones.
  ExpectRange(RangeOf({Call("<>", {TsCol(), Ts(1)}), Call("<", {TsCol(), Ts(7)})}), kMin, 7);
}

TEST_F(TimeRangeExtractionTest, OrCoversAllItsBranches) {
  // ts IN (1, 5) arrives as an OR of equalities.
  ExpectRange(RangeOf({BoundExpr::Or({Call("=", {TsCol(), Ts(1)}), Call("=", {TsCol(), Ts(5)})})}),
              1, 6);
  ExpectRange(
      RangeOf({BoundExpr::Or({And({Call(">", {TsCol(), Ts(10)}), Call("<", {TsCol(), Ts(20)})}),
                              And({Call(">=", {TsCol(), Ts(30)}), Call("<", {TsCol(), Ts(40)})})}),
               Call(">", {TsCol(), Ts(12)})}),
      13, 40);
  ExpectRange(RangeOf({BoundExpr::Or({Call("<", {TsCol(), Ts(1)}), Call("=", {TsCol(), Ts(5)})})}),
              kMin, 6);
}

TEST_F(TimeRangeExtractionTest, ColumnCastToAFinerUnit) {
  // CAST(ts AS TIMESTAMP(6)) compared with microseconds: ts * 1000 op c.
  auto us = [&](const std::string& op, int64_t c) {
    return Call(op, {BoundExpr::Cast(TsCol(), LogicalType::Timestamp(TimeUnit::kMicrosecond)),
                     Ts(c, TimeUnit::kMicrosecond)});
  };
  ExpectRange(RangeOf({us(">=", 100500)}), 101, kMax);
  ExpectRange(RangeOf({us(">=", 100000)}), 100, kMax);
  ExpectRange(RangeOf({us(">", 100000)}), 101, kMax);
  ExpectRange(RangeOf({us(">", 99999)}), 100, kMax);
  ExpectRange(RangeOf({us("<", 100500)}), kMin, 101);
  ExpectRange(RangeOf({us("<", 100000)}), kMin, 100);
  ExpectRange(RangeOf({us("<=", 100500)}), kMin, 101);
  ExpectRange(RangeOf({us("=", 100000)}), 100, 101);
  EXPECT_TRUE(RangeOf({us("=", 100500)})->IsEmpty());
  // Negative values round the right way too.
  ExpectRange(RangeOf({us(">=", -1500)}), -1, kMax);
  ExpectRange(RangeOf({us("<=", -1500)}), kMin, -1);
}

TEST_F(TimeRangeExtractionTest, ColumnCastToACoarserUnit) {
  // CAST(ts AS TIMESTAMP(0)) = floor(ts / 1000).
  auto s = [&](const std::string& op, int64_t c) {
    return Call(op, {BoundExpr::Cast(TsCol(), LogicalType::Timestamp(TimeUnit::kSecond)),
                     Ts(c, TimeUnit::kSecond)});
  };
  ExpectRange(RangeOf({s("=", 5)}), 5000, 6000);
  ExpectRange(RangeOf({s(">=", 5)}), 5000, kMax);
  ExpectRange(RangeOf({s(">", 5)}), 6000, kMax);
  ExpectRange(RangeOf({s("<", 5)}), kMin, 5000);
  ExpectRange(RangeOf({s("<=", 5)}), kMin, 6000);
  ExpectRange(RangeOf({s("=", -1)}), -1000, 0);
}

TEST_F(TimeRangeExtractionTest, IntersectsAnExistingRange) {
  LogicalPlanPtr scan = Scan(m_);
  scan->time_range = R(0, 150);
  scan->scan_filters = {Call(">=", {TsCol(), Ts(100)})};
  ApplyRule(*rule_, &scan);
  ExpectRange(scan->time_range, 100, 150);
}

TEST_F(TimeRangeExtractionTest, OnlyTablesWithATimeIndex) {
  TablePtr plain = MakeTable("p", {{"ts", LogicalType::Timestamp()}});
  LogicalPlanPtr scan = Scan(plain);
  scan->scan_filters = {Call(">=", {Col(*scan, 0), Ts(100)})};
  ApplyRule(*rule_, &scan);
  EXPECT_FALSE(scan->time_range.has_value());
}

TEST_F(TimeRangeExtractionTest, ScansAnywhereInThePlanAndExplainText) {
  Catalog catalog;
  ASSERT_TRUE(catalog.CreateTable("public", m_, false).ok());
  LogicalPlanPtr plan =
      BindSql(&catalog,
              "SELECT host, count(*) FROM (SELECT * FROM m WHERE ts BETWEEN '2024-01-01' AND "
              "'2024-01-02') s WHERE ts <> '2024-01-01 12:00:00' GROUP BY host");
  ASSERT_NE(plan, nullptr);
  OptimizerOptions options;
  options.disabled_rules = {"projection_pruning"};
  auto out = Optimize(std::move(plan), options, nullptr);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->ToString(),
            "Projection: host, count(*)\n"
            "  Aggregate: groupBy=[host], aggr=[count(*)]\n"
            "    Projection: host, ts, v\n"
            "      TableScan: m projection=[host, ts, v] "
            "filters=[(ts >= TIMESTAMP '2024-01-01 00:00:00'), "
            "(ts <= TIMESTAMP '2024-01-02 00:00:00'), "
            "(ts <> TIMESTAMP '2024-01-01 12:00:00')] "
            "time_range=[1704067200000, 1704153600001)");
}

}  // namespace
}  // namespace copra::plan_test
