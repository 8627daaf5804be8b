// End-to-end checks of the optimizer through the engine: every query must
// return the same rows with all rules on, with each rule switched off, and
// with the optimizer off; EXPLAIN must show what the rules did.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/database.h"
#include "engine/session.h"
#include "optimizer/optimizer.h"

namespace copra {
namespace {

class OptimizerEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(DatabaseOptions{.data_dir = ""});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    session_ = db_->Connect();
    Run("CREATE TABLE m (host STRING, region STRING, ts TIMESTAMP TIME INDEX, cpu DOUBLE, "
        "mem BIGINT, PRIMARY KEY (host))");
    Run("INSERT INTO m VALUES "
        "('a', 'eu', '2024-01-01 00:00:00', 10.5, 100), "
        "('a', 'eu', '2024-01-01 00:00:10', 20.0, 200), "
        "('a', 'eu', '2024-01-01 00:00:20', NULL, 300), "
        "('b', 'us', '2024-01-01 00:00:00', 30.0, NULL), "
        "('b', 'us', '2024-01-01 00:00:10', 40.0, 500), "
        "('c', NULL, '2024-01-01 00:00:05', 50.0, 600), "
        "('c', NULL, '2024-01-02 00:00:00', 60.0, 700)");
    Run("CREATE TABLE t (a BIGINT, b BIGINT, c STRING)");
    Run("INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y'), (3, NULL, 'x'), (NULL, 40, 'z'), "
        "(5, 50, NULL), (2, 21, 'y')");
    Run("CREATE TABLE u (a BIGINT, d DOUBLE)");
    Run("INSERT INTO u VALUES (1, 1.5), (2, 2.5), (2, 3.5), (4, 4.5), (NULL, 5.5)");
    // Several batches per table, so filters and pruning cross batch borders.
    Run("SET batch_size = 2");
  }

  void Run(const std::string& sql) {
    auto r = session_->Execute(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    if ((*r)->returns_rows()) {
      ASSERT_TRUE((*r)->FetchAll().ok());
    }
  }

  // Rows as text ("v1|v2|..."), NULL as "NULL"; sorted unless `ordered`.
  Result<std::vector<std::string>> Rows(const std::string& sql, bool ordered = false) {
    COPRA_ASSIGN_OR_RETURN(auto result, session_->Execute(sql));
    COPRA_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, result->FetchAll());
    std::vector<std::string> rows;
    for (const BatchPtr& b : batches) {
      for (int64_t r = 0; r < b->num_rows(); ++r) {
        std::string row;
        for (size_t c = 0; c < b->num_columns(); ++c) {
          if (c > 0) row += "|";
          Value v = b->column(c)->GetValue(r);
          row += v.is_null() ? "NULL" : v.ToString();
        }
        rows.push_back(std::move(row));
      }
    }
    if (!ordered) std::sort(rows.begin(), rows.end());
    return rows;
  }

  std::string Explain(const std::string& sql) {
    auto rows = Rows("EXPLAIN " + sql, true);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    if (!rows.ok() || rows->empty()) return "";
    // First row: "logical_plan|<plan>".
    return (*rows)[0];
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> session_;
};

// Queries whose results must not depend on the optimizer.
const char* const kQueries[] = {
    // filters into scans, through projections and subqueries
    "SELECT * FROM t WHERE a > 1",
    "SELECT a, c FROM t WHERE b > 15 AND c <> 'z'",
    "SELECT x FROM (SELECT a + b AS x, c FROM t) s WHERE x > 20 AND c = 'y'",
    "SELECT * FROM (SELECT * FROM t WHERE a IS NOT NULL) s WHERE b IS NULL OR b < 30",
    "SELECT * FROM (SELECT a, 100 / a AS q FROM t WHERE a <> 0) s WHERE q > 30",
    "SELECT * FROM (SELECT * FROM t ORDER BY a LIMIT 3) s WHERE b > 15",
    "SELECT * FROM (SELECT * FROM t ORDER BY b DESC) s WHERE a < 5",
    "SELECT * FROM (SELECT DISTINCT c, a FROM t) s WHERE c = 'y'",
    "SELECT * FROM (SELECT a FROM t UNION ALL SELECT a FROM u) s WHERE a >= 2",
    "SELECT * FROM (SELECT a FROM t UNION SELECT a FROM u) s WHERE a >= 2",
    "SELECT * FROM (SELECT a FROM t EXCEPT SELECT a FROM u) s WHERE a > 1",
    "SELECT * FROM t WHERE false",
    "SELECT * FROM t WHERE a > 1 AND false",
    // aggregates
    "SELECT c, count(*), sum(b) FROM t GROUP BY c HAVING c <> 'x' AND count(*) > 1",
    "SELECT * FROM (SELECT c, max(b) AS mb FROM t GROUP BY c) s WHERE c IS NOT NULL AND mb > 20",
    "SELECT count(*) FROM t",
    "SELECT count(*) FROM t WHERE a > 1",
    "SELECT count(*) FROM t HAVING count(*) > 100",
    "SELECT 1 FROM (SELECT count(*), sum(a) FROM t) s",
    "SELECT k FROM (SELECT a AS k, sum(b), min(c) FROM t GROUP BY a) s",
    // joins
    "SELECT * FROM t, u WHERE t.a = u.a",
    "SELECT t.c, u.d FROM t, u WHERE t.a = u.a AND u.d > 2 AND t.b > 15",
    "SELECT * FROM t JOIN u ON t.a = u.a AND t.b > 10 AND u.d < 4",
    "SELECT * FROM t LEFT JOIN u ON t.a = u.a AND u.d > 2",
    "SELECT * FROM t LEFT JOIN u ON t.a = u.a AND t.b > 15",
    "SELECT * FROM t LEFT JOIN u ON t.a = u.a WHERE t.c = 'y'",
    "SELECT * FROM t LEFT JOIN u ON t.a = u.a WHERE u.d IS NULL",
    "SELECT * FROM t LEFT JOIN u ON t.a = u.a WHERE u.d > 2 OR t.b > 30",
    "SELECT * FROM t RIGHT JOIN u ON t.a = u.a AND t.b > 15",
    "SELECT * FROM t RIGHT JOIN u ON t.a = u.a AND u.d > 2",
    "SELECT * FROM t RIGHT JOIN u ON t.a = u.a WHERE t.b IS NULL",
    "SELECT * FROM t RIGHT JOIN u ON t.a = u.a WHERE u.d < 4",
    "SELECT * FROM t FULL JOIN u ON t.a = u.a AND u.d > 2 WHERE t.b > 15 OR t.b IS NULL",
    "SELECT t.a, count(*) FROM t CROSS JOIN u WHERE t.a = u.a GROUP BY t.a",
    "SELECT count(*) FROM t, u",
    "SELECT x.a FROM t x, t y, u z WHERE x.a = y.a AND y.a = z.a AND z.d > 2",
    "SELECT * FROM (SELECT t.a AS ta, u.d FROM t JOIN u ON t.a = u.a) s WHERE ta = 2",
    // time ranges
    "SELECT * FROM m WHERE ts >= '2024-01-01 00:00:05' AND ts < '2024-01-01 00:00:20'",
    "SELECT host, cpu FROM m WHERE ts BETWEEN '2024-01-01 00:00:00' AND '2024-01-01 00:00:10'",
    "SELECT host FROM m WHERE ts > '2024-01-01 00:00:10'",
    "SELECT host FROM m WHERE ts <= '2024-01-01 00:00:05' AND host = 'c'",
    "SELECT host FROM m WHERE '2024-01-01 00:00:10' = ts",
    "SELECT * FROM m WHERE ts > '2024-01-02' AND ts < '2024-01-01'",
    "SELECT count(*) FROM m WHERE ts > '2024-01-02' AND ts < '2024-01-01'",
    "SELECT host, count(*) FROM m WHERE ts < '2024-01-01 00:00:15' GROUP BY host",
    "SELECT * FROM m WHERE ts >= CAST('2024-01-01 00:00:09.9995' AS TIMESTAMP(6))",
    "SELECT * FROM m WHERE CAST(ts AS TIMESTAMP(0)) = CAST('2024-01-01 00:00:10' AS TIMESTAMP(0))",
    "SELECT * FROM m WHERE ts = '2024-01-01 00:00:00' OR ts = '2024-01-02 00:00:00'",
    "SELECT region, avg(cpu) FROM m WHERE ts < '2024-01-01 00:00:30' AND mem > 100 "
    "GROUP BY region",
    // time-sliced TopN (newest / oldest buckets first)
    "SELECT date_trunc('second', ts) AS s, max(cpu) FROM m WHERE ts < '2024-01-01 00:00:15' "
    "GROUP BY s ORDER BY s DESC LIMIT 2",
    "SELECT date_trunc('minute', ts) AS s, count(*) FROM m WHERE ts < '2024-01-03' "
    "GROUP BY s ORDER BY s DESC LIMIT 2",
    "SELECT date_trunc('second', ts) AS s, sum(mem) FROM m WHERE ts >= '2024-01-01 00:00:06' "
    "GROUP BY s HAVING sum(mem) > 0 ORDER BY s LIMIT 2 OFFSET 1",
    "SELECT ts, host FROM m WHERE ts < '2024-01-02' ORDER BY ts DESC, host LIMIT 3",
    // projections
    "SELECT a FROM t ORDER BY b",
    "SELECT c FROM (SELECT a, b, c FROM t ORDER BY a LIMIT 4) s",
    "SELECT a FROM t ORDER BY b DESC LIMIT 2",
    "SELECT count(*) FROM (SELECT * FROM t WHERE a > 1 LIMIT 2) s",
    "SELECT * FROM (SELECT * FROM t WHERE b > 10 LIMIT 2 OFFSET 1) s",
    "SELECT DISTINCT c FROM t",
    "SELECT b FROM (SELECT DISTINCT a, b FROM t) s",
    "SELECT host FROM m WHERE cpu > 15",
    "SELECT u.d FROM t JOIN u ON t.a = u.a",
    "SELECT 1 FROM t, u WHERE t.a = u.a",
};

TEST_F(OptimizerEndToEndTest, SameResultsWithEveryRuleOnOrOff) {
  std::vector<std::string> configs = {""};
  for (const std::string& rule : OptimizerRuleNames()) configs.push_back(rule);
  for (const char* query : kQueries) {
    ASSERT_TRUE(session_->SetSetting("optimizer", "off").ok());
    auto expected = Rows(query);
    ASSERT_TRUE(expected.ok()) << query << ": " << expected.status().ToString();
    ASSERT_TRUE(session_->SetSetting("optimizer", "on").ok());
    for (const std::string& disabled : configs) {
      ASSERT_TRUE(session_->SetSetting("optimizer_disabled_rules", disabled).ok());
      auto got = Rows(query);
      ASSERT_TRUE(got.ok()) << query << " without [" << disabled
                            << "]: " << got.status().ToString();
      EXPECT_EQ(*got, *expected) << query << " without [" << disabled << "]";
    }
    ASSERT_TRUE(session_->SetSetting("optimizer_disabled_rules", "").ok());
  }
}

TEST_F(OptimizerEndToEndTest, OrderedResultsKeepTheirOrder) {
  const char* query = "SELECT a, b FROM t WHERE b > 10 ORDER BY b DESC";
  ASSERT_TRUE(session_->SetSetting("optimizer", "off").ok());
  auto expected = Rows(query, true);
  ASSERT_TRUE(expected.ok());
  ASSERT_TRUE(session_->SetSetting("optimizer", "on").ok());
  auto got = Rows(query, true);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, *expected);
  EXPECT_EQ(expected->front(), "5|50");
}

TEST_F(OptimizerEndToEndTest, ExplainShowsScanFiltersTimeRangeAndProjection) {
  std::string plan = Explain(
      "SELECT host FROM m WHERE ts >= '2024-01-01 00:00:05' AND ts < '2024-01-01 00:00:20' "
      "AND cpu > 1");
  EXPECT_NE(plan.find("projection=[host]"), std::string::npos) << plan;
  EXPECT_NE(plan.find("filters=[(ts >= TIMESTAMP '2024-01-01 00:00:05'), "
                      "(ts < TIMESTAMP '2024-01-01 00:00:20'), (cpu > 1.0)]"),
            std::string::npos)
      << plan;
  EXPECT_NE(plan.find("time_range=[1704067205000, 1704067220000)"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("Filter:"), std::string::npos) << plan;
}

TEST_F(OptimizerEndToEndTest, ExplainPhysicalScanShowsTimeRange) {
  auto rows =
      Rows("EXPLAIN SELECT host FROM m WHERE ts > '2024-01-02' AND ts < '2024-01-01'", true);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_NE((*rows)[1].find("time_range=[1704153600001, 1704067200000)"), std::string::npos)
      << (*rows)[1];
}

TEST_F(OptimizerEndToEndTest, DisabledRuleLeavesItsWorkUndone) {
  const std::string query = "SELECT a FROM t WHERE b > 1";
  EXPECT_NE(Explain(query).find("TableScan: t projection=[a] filters=[(b > 1)]"), std::string::npos)
      << Explain(query);
  ASSERT_TRUE(session_->SetSetting("optimizer_disabled_rules", "predicate_pushdown").ok());
  std::string plan = Explain(query);
  EXPECT_NE(plan.find("Filter: (b > 1)"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("filters="), std::string::npos) << plan;
  ASSERT_TRUE(
      session_->SetSetting("optimizer_disabled_rules", "projection_pruning, limit_pushdown").ok());
  plan = Explain(query);
  EXPECT_NE(plan.find("projection=[a, b, c] filters=[(b > 1)]"), std::string::npos) << plan;
}

TEST_F(OptimizerEndToEndTest, ExplainVerboseListsTheNewRules) {
  auto rows = Rows("EXPLAIN VERBOSE SELECT host FROM m WHERE ts > '2024-01-01'", true);
  ASSERT_TRUE(rows.ok());
  std::string all;
  for (const std::string& r : *rows) all += r + "\n";
  EXPECT_NE(all.find("logical_plan after predicate_pushdown"), std::string::npos) << all;
  EXPECT_NE(all.find("logical_plan after time_range_extraction"), std::string::npos) << all;
  EXPECT_NE(all.find("logical_plan after projection_pruning"), std::string::npos) << all;
}

TEST_F(OptimizerEndToEndTest, UnknownRuleNameIsAnError) {
  Status st = session_->SetSetting("optimizer_disabled_rules", "predicate_pushdwn");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.ToString().find("predicate_pushdown"), std::string::npos) << st.ToString();
  EXPECT_TRUE(session_->SetSetting("optimizer_disabled_rules", "time_range_extraction").ok());
}

}  // namespace
}  // namespace copra
