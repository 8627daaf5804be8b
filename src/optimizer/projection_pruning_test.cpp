#include <gtest/gtest.h>

#include "optimizer/plan_test_builder.h"

namespace copra::plan_test {
namespace {

class ProjectionPruningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = MakeTable("t", {{"a", LogicalType::Int64()},
                         {"b", LogicalType::Int64()},
                         {"c", LogicalType::String()},
                         {"e", LogicalType::Float64()}});
    u_ = MakeTable("u", {{"a", LogicalType::Int64()}, {"d", LogicalType::Int64()}});
    ASSERT_TRUE(catalog_.CreateTable("public", t_, false).ok());
    ASSERT_TRUE(catalog_.CreateTable("public", u_, false).ok());
  }

  // Binds `sql`, applies only projection_pruning and checks the output
  // names did not change either.
  std::string Prune(const std::string& sql) {
    LogicalPlanPtr plan = BindSql(&catalog_, sql);
    if (plan == nullptr) return "";
    return Prune(std::move(plan));
  }
  std::string Prune(LogicalPlanPtr plan) {
    std::vector<std::string> names = Names(*plan);
    std::string out = ApplyRule(*rule_, &plan);
    EXPECT_EQ(Names(*plan), names);
    return out;
  }

  Catalog catalog_;
  TablePtr t_, u_;
  std::unique_ptr<OptimizerRule> rule_ = MakeProjectionPruningRule();
};

TEST_F(ProjectionPruningTest, ScanReadsOnlyWhatIsUsed) {
  EXPECT_EQ(Prune("SELECT c, a FROM t"),
            "Projection: c, a\n"
            "  TableScan: t projection=[a, c]");
  // Every column of the root is required.
  EXPECT_EQ(Prune("SELECT * FROM t"),
            "Projection: a, b, c, e\n"
            "  TableScan: t projection=[a, b, c, e]");
}

TEST_F(ProjectionPruningTest, FilterAndSortColumnsAreKept) {
  EXPECT_EQ(Prune("SELECT a FROM t WHERE b > 1 ORDER BY e"),
            "Projection: a\n"
            "  Sort: e ASC NULLS LAST\n"
            "    Projection: a, e\n"
            "      Filter: (b > 1)\n"
            "        TableScan: t projection=[a, b, e]");
}

TEST_F(ProjectionPruningTest, ScanFiltersStayOverTableColumns) {
  LogicalPlanPtr scan = Scan(t_);
  scan->scan_filters = {Call(">", {Col(*scan, 1), Int(1)})};
  LogicalPlanPtr plan =
      MakeProjection(std::move(scan), {Col(*t_->schema().batch_schema(), 3)}, {"e"});
  EXPECT_EQ(Prune(std::move(plan)),
            "Projection: e\n"
            "  TableScan: t projection=[e] filters=[(b > 1)]");
}

TEST_F(ProjectionPruningTest, NestedProjectionsDropUnusedExpressions) {
  EXPECT_EQ(Prune("SELECT y FROM (SELECT a + 1 AS x, b * 2 AS y, c FROM t) s"),
            "Projection: y\n"
            "  Projection: (b * 2) AS y\n"
            "    TableScan: t projection=[b]");
}

TEST_F(ProjectionPruningTest, UnusedAggregatesAreDroppedButNotGroups) {
  EXPECT_EQ(Prune("SELECT x FROM (SELECT a AS x, sum(b) AS s, max(c) AS m FROM t GROUP BY a, e) q"),
            "Projection: x\n"
            "  Projection: a AS x\n"
            "    Aggregate: groupBy=[a, e], aggr=[]\n"
            "      TableScan: t projection=[a, e]");
  EXPECT_EQ(Prune("SELECT m FROM (SELECT sum(b) AS s, max(c) AS m FROM t) q"),
            "Projection: m\n"
            "  Projection: max(c) AS m\n"
            "    Aggregate: groupBy=[], aggr=[max(c)]\n"
            "      TableScan: t projection=[c]");
}

TEST_F(ProjectionPruningTest, CountStarReadsNoColumns) {
  EXPECT_EQ(Prune("SELECT count(*) FROM t"),
            "Projection: count(*)\n"
            "  Aggregate: groupBy=[], aggr=[count(*)]\n"
            "    TableScan: t projection=[]");
}

TEST_F(ProjectionPruningTest, JoinsSplitTheRequirementBetweenSides) {
  EXPECT_EQ(Prune("SELECT t.c, u.d FROM t JOIN u ON t.a = u.a"),
            "Projection: c, d\n"
            "  Inner Join: (a = a)\n"
            "    TableScan: t projection=[a, c]\n"
            "    TableScan: u projection=[a, d]");
  EXPECT_EQ(Prune("SELECT t.e FROM t LEFT JOIN u ON t.b = u.d"),
            "Projection: e\n"
            "  Left Join: (b = d)\n"
            "    TableScan: t projection=[b, e]\n"
            "    TableScan: u projection=[d]");
  EXPECT_EQ(Prune("SELECT count(*) FROM t, u"),
            "Projection: count(*)\n"
            "  Aggregate: groupBy=[], aggr=[count(*)]\n"
            "    Cross Join\n"
            "      TableScan: t projection=[]\n"
            "      TableScan: u projection=[]");
}

TEST_F(ProjectionPruningTest, SemiJoinRightSideKeepsConditionColumnsOnly) {
  LogicalPlanPtr left = Scan(t_);
  LogicalPlanPtr right = Scan(u_);
  std::vector<Field> fields = left->schema->fields();
  for (const Field& f : right->schema->fields()) fields.push_back(f);
  Schema both(fields);
  BoundExprPtr on = Call("=", {Col(both, 1), Col(both, 5)});
  LogicalPlanPtr join = MakeJoin(std::move(left), std::move(right), LogicalJoinType::kSemi, on);
  LogicalPlanPtr plan = MakeProjection(std::move(join), {Col(both, 2)}, {"c"});
  EXPECT_EQ(Prune(std::move(plan)),
            "Projection: c\n"
            "  Semi Join: (b = d)\n"
            "    TableScan: t projection=[b, c]\n"
            "    TableScan: u projection=[d]");
}

TEST_F(ProjectionPruningTest, DistinctAndSetOperationsKeepAllColumns) {
  EXPECT_EQ(Prune("SELECT a FROM (SELECT DISTINCT a, b FROM t) s"),
            "Projection: a\n"
            "  Distinct\n"
            "    Projection: a, b\n"
            "      TableScan: t projection=[a, b]");
  EXPECT_EQ(Prune("SELECT a FROM (SELECT a, b FROM t UNION ALL SELECT a, d FROM u) s"),
            "Projection: a\n"
            "  Union All\n"
            "    Projection: a, b\n"
            "      TableScan: t projection=[a, b]\n"
            "    Projection: a, d\n"
            "      TableScan: u projection=[a, d]");
}

TEST_F(ProjectionPruningTest, LimitAndTopNPassThrough) {
  LogicalPlanPtr plan = BindSql(&catalog_, "SELECT c FROM (SELECT * FROM t ORDER BY b LIMIT 3) s");
  ASSERT_NE(plan, nullptr);
  auto out = Optimize(std::move(plan), OptimizerOptions{}, nullptr);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)->ToString(),
            "Projection: c\n"
            "  TopN: b ASC NULLS LAST fetch=3\n"
            "    Projection: b, c\n"
            "      TableScan: t projection=[b, c]");
}

TEST_F(ProjectionPruningTest, ValuesKeepAllColumns) {
  EXPECT_EQ(Prune("SELECT column2 FROM (VALUES (1, 2), (3, 4)) v"),
            "Projection: column2\n"
            "  Values: 2 rows");
}

}  // namespace
}  // namespace copra::plan_test
