#include <gtest/gtest.h>

#include "optimizer/plan_test_builder.h"

namespace copra::plan_test {
namespace {

class PredicatePushdownTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = MakeTable(
        "t",
        {{"a", LogicalType::Int64()}, {"b", LogicalType::Int64()}, {"c", LogicalType::String()}});
    u_ = MakeTable("u", {{"a", LogicalType::Int64()}, {"d", LogicalType::Int64()}});
    ASSERT_TRUE(catalog_.CreateTable("public", t_, false).ok());
    ASSERT_TRUE(catalog_.CreateTable("public", u_, false).ok());
  }

  // Binds `sql` and applies only predicate_pushdown.
  std::string Push(const std::string& sql) {
    LogicalPlanPtr plan = BindSql(&catalog_, sql);
    if (plan == nullptr) return "";
    return Push(std::move(plan));
  }
  std::string Push(LogicalPlanPtr plan) { return ApplyRule(*rule_, &plan); }

  Catalog catalog_;
  TablePtr t_, u_;
  std::unique_ptr<OptimizerRule> rule_ = MakePredicatePushdownRule();
};

TEST_F(PredicatePushdownTest, FilterOverScanBecomesScanFilters) {
  EXPECT_EQ(Push("SELECT * FROM t WHERE a > 1 AND c = 'k'"),
            "Projection: a, b, c\n"
            "  TableScan: t projection=[a, b, c] filters=[(a > 1), (c = 'k')]");
}

TEST_F(PredicatePushdownTest, ScanFiltersUseTableColumnIndexes) {
  // The scan outputs (c, a); the filter's #0/#1 must become table columns 2/0.
  LogicalPlanPtr scan = MakeScan(t_, "t", {2, 0});
  BoundExprPtr pred =
      And({Call("=", {Col(*scan, 0), Str("k")}), Call(">", {Col(*scan, 1), Int(1)})});
  LogicalPlanPtr plan = MakeFilter(std::move(scan), pred);
  EXPECT_EQ(Push(std::move(plan)), "TableScan: t projection=[c, a] filters=[(c = 'k'), (a > 1)]");
}

TEST_F(PredicatePushdownTest, ThroughProjectionSubstitutesExpressions) {
  EXPECT_EQ(Push("SELECT * FROM (SELECT a + 1 AS x, c FROM t) s WHERE x > 5 AND c = 'k'"),
            "Projection: x, c\n"
            "  Projection: (a + 1) AS x, c\n"
            "    TableScan: t projection=[a, b, c] filters=[((a + 1) > 5), (c = 'k')]");
}

TEST_F(PredicatePushdownTest, DeeperConjunctsComeFirst) {
  // The subquery's guard must still run before the outer division.
  EXPECT_EQ(Push("SELECT * FROM (SELECT * FROM t WHERE a <> 0) s WHERE 10 / a > 1"),
            "Projection: a, b, c\n"
            "  Projection: a, b, c\n"
            "    TableScan: t projection=[a, b, c] filters=[(a <> 0), ((10 / a) > 1)]");
}

TEST_F(PredicatePushdownTest, NotThroughNonDeterministicProjection) {
  LogicalPlanPtr scan = Scan(t_);
  BoundExprPtr a = Col(*scan, 0);
  LogicalPlanPtr proj = MakeProjection(std::move(scan), {Random(), a}, {"r", "a"});
  BoundExprPtr pred = And({Call(">", {Col(*proj, 0), BoundExpr::Constant(Value::Float64(0.5))}),
                           Call(">", {Col(*proj, 1), Int(1)})});
  LogicalPlanPtr plan = MakeFilter(std::move(proj), pred);
  EXPECT_EQ(Push(std::move(plan)),
            "Filter: (r > 0.5)\n"
            "  Projection: random() AS r, a\n"
            "    TableScan: t projection=[a, b, c] filters=[(a > 1)]");
}

TEST_F(PredicatePushdownTest, NonDeterministicConjunctStays) {
  LogicalPlanPtr scan = Scan(t_);
  BoundExprPtr pred = And({Call("<", {Random(), BoundExpr::Constant(Value::Float64(0.5))}),
                           Call(">", {Col(*scan, 0), Int(1)})});
  LogicalPlanPtr proj = MakeProjection(MakeFilter(std::move(scan), pred),
                                       {Col(*t_->schema().batch_schema(), 1)}, {"b"});
  EXPECT_EQ(Push(std::move(proj)),
            "Projection: b\n"
            "  Filter: (random() < 0.5)\n"
            "    TableScan: t projection=[a, b, c] filters=[(a > 1)]");
}

TEST_F(PredicatePushdownTest, ThroughSortAndDistinct) {
  EXPECT_EQ(Push("SELECT * FROM (SELECT DISTINCT a, b FROM t ORDER BY a) s WHERE b > 2"),
            "Projection: a, b\n"
            "  Sort: a ASC NULLS LAST\n"
            "    Distinct\n"
            "      Projection: a, b\n"
            "        TableScan: t projection=[a, b, c] filters=[(b > 2)]");
}

TEST_F(PredicatePushdownTest, NotThroughLimitOrTopN) {
  EXPECT_EQ(Push("SELECT * FROM (SELECT * FROM t ORDER BY a LIMIT 3) s WHERE b > 2"),
            "Projection: a, b, c\n"
            "  Filter: (b > 2)\n"
            "    Limit: skip=0, fetch=3\n"
            "      Sort: a ASC NULLS LAST\n"
            "        Projection: a, b, c\n"
            "          TableScan: t projection=[a, b, c]");
  // Filters below the limit still move down.
  EXPECT_EQ(Push("SELECT * FROM (SELECT * FROM t WHERE a = 1 LIMIT 3) s WHERE b > 2"),
            "Projection: a, b, c\n"
            "  Filter: (b > 2)\n"
            "    Limit: skip=0, fetch=3\n"
            "      Projection: a, b, c\n"
            "        TableScan: t projection=[a, b, c] filters=[(a = 1)]");
}

TEST_F(PredicatePushdownTest, NotIntoScanWithLimit) {
  LogicalPlanPtr scan = Scan(t_);
  scan->scan_limit = 5;
  BoundExprPtr pred = Call(">", {Col(*scan, 0), Int(1)});
  EXPECT_EQ(Push(MakeFilter(std::move(scan), pred)),
            "Filter: (a > 1)\n"
            "  TableScan: t projection=[a, b, c] limit=5");
}

TEST_F(PredicatePushdownTest, IntoAggregateOnlyOverGroups) {
  EXPECT_EQ(Push("SELECT b, count(*) FROM t GROUP BY b HAVING b > 1 AND count(*) > 2"),
            "Projection: b, count(*)\n"
            "  Filter: (count(*) > 2)\n"
            "    Aggregate: groupBy=[b], aggr=[count(*)]\n"
            "      TableScan: t projection=[a, b, c] filters=[(b > 1)]");
  // Group expressions are substituted.
  EXPECT_EQ(Push("SELECT * FROM (SELECT a + b AS s, max(c) AS m FROM t GROUP BY a + b) q "
                 "WHERE s = 3 AND m = 'x'"),
            "Projection: s, m\n"
            "  Projection: a + b AS s, max(c) AS m\n"
            "    Filter: (max(c) = 'x')\n"
            "      Aggregate: groupBy=[(a + b)], aggr=[max(c)]\n"
            "        TableScan: t projection=[a, b, c] filters=[((a + b) = 3)]");
}

TEST_F(PredicatePushdownTest, NotIntoGlobalAggregate) {
  // A global aggregate makes a row even from no input: a conjunct without
  // columns must stay above it.
  LogicalPlanPtr plan = BindSql(&catalog_, "SELECT count(*) FROM t");
  ASSERT_NE(plan, nullptr);
  LogicalPlan* agg = plan->children[0].get();
  ASSERT_EQ(agg->kind, LogicalPlanKind::kAggregate);
  BoundExprPtr param = std::make_shared<BoundExpr>([] {
    BoundExpr p;
    p.kind = BoundExprKind::kParameter;
    p.type = LogicalType::Boolean();
    p.column_index = 0;
    return p;
  }());
  plan->children[0] = MakeFilter(std::move(plan->children[0]), param);
  EXPECT_EQ(Push(std::move(plan)),
            "Projection: count(*)\n"
            "  Filter: $1\n"
            "    Aggregate: groupBy=[], aggr=[count(*)]\n"
            "      TableScan: t projection=[a, b, c]");
}

TEST_F(PredicatePushdownTest, InnerAndCrossJoins) {
  EXPECT_EQ(Push("SELECT * FROM t, u WHERE t.a = u.a AND t.b > 1 AND u.d < 2"),
            "Projection: a, b, c, a, d\n"
            "  Inner Join: (a = a)\n"
            "    TableScan: t projection=[a, b, c] filters=[(b > 1)]\n"
            "    TableScan: u projection=[a, d] filters=[(d < 2)]");
  // Single-side conjuncts of ON move into the sides; the rest joins the
  // conjuncts from above.
  EXPECT_EQ(Push("SELECT * FROM t JOIN u ON t.a = u.a AND t.c = 'x' AND u.d > 0 "
                 "WHERE t.b + u.d > 10"),
            "Projection: a, b, c, a, d\n"
            "  Inner Join: ((a = a) AND ((b + d) > 10))\n"
            "    TableScan: t projection=[a, b, c] filters=[(c = 'x')]\n"
            "    TableScan: u projection=[a, d] filters=[(d > 0)]");
  // An inner join left without a condition is a cross join.
  EXPECT_EQ(Push("SELECT * FROM t JOIN u ON t.b = 1 AND u.d = 2"),
            "Projection: a, b, c, a, d\n"
            "  Cross Join\n"
            "    TableScan: t projection=[a, b, c] filters=[(b = 1)]\n"
            "    TableScan: u projection=[a, d] filters=[(d = 2)]");
}

TEST_F(PredicatePushdownTest, LeftJoin) {
  EXPECT_EQ(Push("SELECT * FROM t LEFT JOIN u ON t.a = u.a AND u.d > 0 AND t.b > 0 "
                 "WHERE t.b < 10 AND u.d < 5"),
            "Projection: a, b, c, a, d\n"
            "  Filter: (d < 5)\n"
            "    Left Join: ((a = a) AND (b > 0))\n"
            "      TableScan: t projection=[a, b, c] filters=[(b < 10)]\n"
            "      TableScan: u projection=[a, d] filters=[(d > 0)]");
}

TEST_F(PredicatePushdownTest, RightJoin) {
  EXPECT_EQ(Push("SELECT * FROM t RIGHT JOIN u ON t.a = u.a AND u.d > 0 AND t.b > 0 "
                 "WHERE t.b < 10 AND u.d < 5"),
            "Projection: a, b, c, a, d\n"
            "  Filter: (b < 10)\n"
            "    Right Join: ((a = a) AND (d > 0))\n"
            "      TableScan: t projection=[a, b, c] filters=[(b > 0)]\n"
            "      TableScan: u projection=[a, d] filters=[(d < 5)]");
}

TEST_F(PredicatePushdownTest, FullJoinKeepsEverything) {
  EXPECT_EQ(Push("SELECT * FROM t FULL JOIN u ON t.a = u.a AND u.d > 0 WHERE t.b < 10"),
            "Projection: a, b, c, a, d\n"
            "  Filter: (b < 10)\n"
            "    Full Join: ((a = a) AND (d > 0))\n"
            "      TableScan: t projection=[a, b, c]\n"
            "      TableScan: u projection=[a, d]");
}

TEST_F(PredicatePushdownTest, SemiAndAntiJoins) {
  for (LogicalJoinType type : {LogicalJoinType::kSemi, LogicalJoinType::kAnti}) {
    LogicalPlanPtr left = Scan(t_);
    LogicalPlanPtr right = Scan(u_);
    auto both = std::make_shared<const Schema>([&] {
      std::vector<Field> f = left->schema->fields();
      for (const Field& r : right->schema->fields()) f.push_back(r);
      return f;
    }());
    BoundExprPtr on = And({Call("=", {Col(*both, 0), Col(*both, 3)}),
                           Call(">", {Col(*both, 1), Int(1)}), Call(">", {Col(*both, 4), Int(2)})});
    LogicalPlanPtr join = MakeJoin(std::move(left), std::move(right), type, on);
    LogicalPlanPtr plan = MakeFilter(std::move(join), Call("=", {Col(*both, 2), Str("x")}));
    const bool semi = type == LogicalJoinType::kSemi;
    EXPECT_EQ(Push(std::move(plan)),
              std::string(semi ? "Semi Join: (a = a)\n" : "Anti Join: ((a = a) AND (b > 1))\n") +
                  (semi ? "  TableScan: t projection=[a, b, c] filters=[(b > 1), (c = 'x')]\n"
                        : "  TableScan: t projection=[a, b, c] filters=[(c = 'x')]\n") +
                  "  TableScan: u projection=[a, d] filters=[(d > 2)]");
  }
}

TEST_F(PredicatePushdownTest, IntoUnionAllInputs) {
  EXPECT_EQ(Push("SELECT * FROM (SELECT a FROM t UNION ALL SELECT a FROM u) s WHERE a > 1"),
            "Projection: a\n"
            "  Union All\n"
            "    Projection: a\n"
            "      TableScan: t projection=[a, b, c] filters=[(a > 1)]\n"
            "    Projection: a\n"
            "      TableScan: u projection=[a, d] filters=[(a > 1)]");
  // Not into UNION (distinct), INTERSECT or EXCEPT.
  EXPECT_EQ(Push("SELECT * FROM (SELECT a FROM t UNION SELECT a FROM u) s WHERE a > 1"),
            "Projection: a\n"
            "  Filter: (a > 1)\n"
            "    Union\n"
            "      Projection: a\n"
            "        TableScan: t projection=[a, b, c]\n"
            "      Projection: a\n"
            "        TableScan: u projection=[a, d]");
}

TEST_F(PredicatePushdownTest, RunsThroughTheWholeOptimizer) {
  LogicalPlanPtr plan = BindSql(&catalog_, "SELECT c FROM t, u WHERE t.a = u.a AND u.d > 1 + 1");
  ASSERT_NE(plan, nullptr);
  auto out = Optimize(std::move(plan), OptimizerOptions{}, nullptr);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->ToString(),
            "Projection: c\n"
            "  Inner Join: (a = a)\n"
            "    TableScan: t projection=[a, c]\n"
            "    TableScan: u projection=[a] filters=[(d > 2)]");
}

}  // namespace
}  // namespace copra::plan_test
