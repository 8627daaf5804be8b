// End-to-end joins: SQL text through the binder, the planner's choice of
// hash or nested-loop join, and execution at several batch sizes.
#include <gtest/gtest.h>

#include "engine/sql_test_fixture.h"

namespace copra {
namespace {

class JoinSqlTest : public SqlTest {
 protected:
  void SetUp() override {
    SqlTest::SetUp();
    Exec("CREATE TABLE l (k BIGINT, v STRING)");
    Exec("CREATE TABLE r (k INT, w STRING, n BIGINT)");
    Exec("INSERT INTO l VALUES (1, 'a'), (2, 'b'), (2, 'c'), (NULL, 'n'), (4, 'd')");
    Exec(
        "INSERT INTO r VALUES (1, 'x', 10), (2, 'y', 20), (2, 'z', 30), (NULL, 'q', 0), "
        "(3, 'u', 40)");
  }

  // Runs `sql` at several batch sizes; all must give the same sorted rows.
  Rows AllBatchSizes(const std::string& sql) {
    Rows first;
    for (const char* size : {"8192", "1", "2", "3"}) {
      EXPECT_TRUE(session_->SetSetting("batch_size", size).ok());
      Rows rows = SortedQuery(sql);
      if (first.empty()) {
        first = rows;
      } else {
        EXPECT_EQ(rows, first) << sql << " at batch_size " << size;
      }
    }
    return first;
  }
};

TEST_F(JoinSqlTest, InnerJoinUsesHashJoin) {
  const std::string sql = "SELECT v, w FROM l JOIN r ON l.k = r.k";
  EXPECT_EQ(AllBatchSizes(sql), (Rows{"a|x", "b|y", "b|z", "c|y", "c|z"}));
  std::string plan = PhysicalPlan(sql);
  EXPECT_NE(plan.find("HashJoin: Inner, keys=["), std::string::npos) << plan;
  EXPECT_EQ(plan.find("NestedLoopJoin"), std::string::npos) << plan;
}

TEST_F(JoinSqlTest, OuterJoins) {
  EXPECT_EQ(AllBatchSizes("SELECT v, w FROM l LEFT JOIN r ON l.k = r.k"),
            (Rows{"a|x", "b|y", "b|z", "c|y", "c|z", "d|NULL", "n|NULL"}));
  EXPECT_EQ(AllBatchSizes("SELECT v, w FROM l RIGHT JOIN r ON l.k = r.k"),
            (Rows{"NULL|q", "NULL|u", "a|x", "b|y", "b|z", "c|y", "c|z"}));
  EXPECT_EQ(AllBatchSizes("SELECT v, w FROM l FULL JOIN r ON l.k = r.k"),
            (Rows{"NULL|q", "NULL|u", "a|x", "b|y", "b|z", "c|y", "c|z", "d|NULL", "n|NULL"}));
}

TEST_F(JoinSqlTest, ResidualPredicate) {
  const std::string sql = "SELECT v, w FROM l LEFT JOIN r ON l.k = r.k AND r.n > 20";
  EXPECT_EQ(AllBatchSizes(sql), (Rows{"a|NULL", "b|z", "c|z", "d|NULL", "n|NULL"}));
  std::string plan = PhysicalPlan(sql);
  EXPECT_NE(plan.find("residual=(n > 20)"), std::string::npos) << plan;
}

TEST_F(JoinSqlTest, UsingAndNaturalJoins) {
  EXPECT_EQ(AllBatchSizes("SELECT k, v, w FROM l JOIN r USING (k)"),
            (Rows{"1|a|x", "2|b|y", "2|b|z", "2|c|y", "2|c|z"}));
  EXPECT_EQ(AllBatchSizes("SELECT count(*) FROM l NATURAL JOIN r"), (Rows{"5"}));
}

TEST_F(JoinSqlTest, NonEquiJoinUsesNestedLoop) {
  const std::string sql = "SELECT v, w FROM l JOIN r ON l.k < r.k AND r.n >= 40";
  EXPECT_EQ(AllBatchSizes(sql), (Rows{"a|u", "b|u", "c|u"}));
  EXPECT_NE(PhysicalPlan(sql).find("NestedLoopJoin: Inner, on="), std::string::npos);
  EXPECT_EQ(AllBatchSizes("SELECT count(*) FROM l, r"), (Rows{"25"}));
  EXPECT_EQ(AllBatchSizes("SELECT count(*) FROM l CROSS JOIN r WHERE l.k = r.k"), (Rows{"5"}));
}

TEST_F(JoinSqlTest, ExpressionKeysAndStringKeys) {
  EXPECT_EQ(AllBatchSizes("SELECT v, w FROM l JOIN r ON l.k + 1 = r.k"),
            (Rows{"a|y", "a|z", "b|u", "c|u"}));
  Exec("CREATE TABLE names (name STRING, id BIGINT)");
  Exec("INSERT INTO names VALUES ('x', 100), ('y', 200), ('y', 201)");
  EXPECT_EQ(AllBatchSizes("SELECT r.k, names.id FROM r JOIN names ON r.w = names.name"),
            (Rows{"1|100", "2|200", "2|201"}));
}

TEST_F(JoinSqlTest, SelfJoinAndThreeWayJoin) {
  EXPECT_EQ(AllBatchSizes("SELECT a.v, b.v FROM l a JOIN l b ON a.k = b.k AND a.v < b.v"),
            (Rows{"b|c"}));
  EXPECT_EQ(AllBatchSizes("SELECT l.v, r.w, r2.n FROM l JOIN r ON l.k = r.k "
                          "JOIN r r2 ON r.w = r2.w WHERE r2.n > 10"),
            (Rows{"b|y|20", "b|z|30", "c|y|20", "c|z|30"}));
}

TEST_F(JoinSqlTest, EmptySides) {
  Exec("CREATE TABLE e (k BIGINT)");
  EXPECT_EQ(AllBatchSizes("SELECT count(*) FROM l JOIN e ON l.k = e.k"), (Rows{"0"}));
  EXPECT_EQ(AllBatchSizes("SELECT count(*) FROM l LEFT JOIN e ON l.k = e.k"), (Rows{"5"}));
  EXPECT_EQ(AllBatchSizes("SELECT count(*) FROM e RIGHT JOIN l ON l.k = e.k"), (Rows{"5"}));
  EXPECT_EQ(AllBatchSizes("SELECT count(*) FROM e FULL JOIN l ON l.k = e.k"), (Rows{"5"}));
}

TEST_F(JoinSqlTest, MemoryLimitAppliesToBuildSide) {
  ASSERT_TRUE(session_->SetSetting("query_memory_limit", "16").ok());
  std::string err = Error("SELECT count(*) FROM l JOIN r ON l.k = r.k");
  EXPECT_NE(err.find("join build side"), std::string::npos) << err;
}

}  // namespace
}  // namespace copra
