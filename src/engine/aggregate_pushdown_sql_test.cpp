// Aggregate pushdown on storage tables: the same queries with the rule on
// and off return the same rows, over data spread across flushed files,
// overlapping memtable rows, replaced rows and delete markers; EXPLAIN
// ANALYZE shows the partial aggregation in the scan.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <random>

#include "engine/sql_test_fixture.h"

namespace copra {
namespace {

class AggregatePushdownSqlTest : public SqlTest {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/copra-aggpush-XXXXXX";
    dir_ = mkdtemp(tmpl);
    DatabaseOptions options;
    options.data_dir = dir_;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    session_ = db_->Connect();
  }
  void TearDown() override {
    session_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  Rows WithRule(const std::string& sql, bool on) {
    EXPECT_TRUE(
        session_->SetSetting("optimizer_disabled_rules", on ? "" : "aggregate_pushdown").ok());
    return SortedQuery(sql);
  }
  std::string dir_;
};

TEST_F(AggregatePushdownSqlTest, SameRowsWithAndWithoutPushdown) {
  Exec(
      "CREATE TABLE t (host STRING, dc STRING, ts TIMESTAMP TIME INDEX, v DOUBLE, n BIGINT, "
      "PRIMARY KEY (host, dc))");
  std::mt19937 rng(7);
  for (int round = 0; round < 4; ++round) {
    std::string sql = "INSERT INTO t VALUES ";
    for (int i = 0; i < 200; ++i) {
      if (i > 0) sql += ", ";
      const int host = static_cast<int>(rng() % 5);
      const int64_t ts = static_cast<int64_t>(rng() % 400) * 60000;  // repeats: replaced rows
      const std::string v = rng() % 7 == 0 ? "NULL" : std::to_string(rng() % 1000) + ".25";
      sql += "('h" + std::to_string(host) + "', 'd" + std::to_string(host % 2) + "', " +
             std::to_string(ts) + ", " + v + ", " + std::to_string(rng() % 100) + ")";
    }
    Exec(sql);
    if (round < 3) Exec("ADMIN FLUSH TABLE t");  // the last round stays in the memtable
    if (round == 1) Exec("DELETE FROM t WHERE n < 10");
  }
  const std::vector<std::string> queries = {
      "SELECT count(*), count(v), sum(v), min(v), max(v), avg(v), sum(n), min(ts), max(ts) FROM t",
      "SELECT host, count(*), sum(v), min(v), max(v), avg(v), max(n) FROM t GROUP BY host",
      "SELECT date_trunc('hour', ts) AS h, dc, count(*), max(v), avg(v) FROM t GROUP BY h, dc",
      "SELECT host, count(*), avg(v) FROM t WHERE v > 300 AND ts >= 3600000 AND ts < 18000000 "
      "GROUP BY host",
      "SELECT dc, max(v) FROM t WHERE host IN ('h1', 'h3') GROUP BY dc HAVING count(*) > 2",
      "SELECT count(*), max(v) FROM t WHERE ts < 0",
      "SELECT host, count(*) FROM t WHERE host = 'nobody' GROUP BY host",
  };
  for (const std::string& q : queries) {
    Rows on = WithRule(q, true);
    Rows off = WithRule(q, false);
    EXPECT_EQ(on, off) << q;
    EXPECT_FALSE(on.empty() && q.find("nobody") == std::string::npos) << q;
  }
  // The last query group has rows; the pushed-down plan really was used.
  EXPECT_TRUE(session_->SetSetting("optimizer_disabled_rules", "").ok());
  Rows plan = Query("EXPLAIN ANALYZE SELECT host, max(v) FROM t GROUP BY host");
  std::string text;
  for (const std::string& r : plan) text += r + "\n";
  EXPECT_NE(text.find("partial_aggregate=[groupBy=[host], aggr=[max(v)]]"), std::string::npos)
      << text;
  // The scan produces one partial row per host, not the table's rows.
  const size_t scan = text.rfind("TableScan");  // the physical plan's
  ASSERT_NE(scan, std::string::npos) << text;
  const std::string scan_line = text.substr(scan, text.find('\n', scan) - scan);
  EXPECT_NE(scan_line.find("rows=5,"), std::string::npos) << text;
}

TEST_F(AggregatePushdownSqlTest, MemoryTablesKeepThePlainPlan) {
  DatabaseOptions options;
  options.data_dir = "";  // memory tables
  auto db = Database::Open(options);
  ASSERT_TRUE(db.ok());
  auto session = (*db)->Connect();
  ASSERT_TRUE(session->Execute("CREATE TABLE m (a INT, b DOUBLE)").ok());
  auto r = session->Execute("EXPLAIN SELECT a, max(b) FROM m GROUP BY a");
  ASSERT_TRUE(r.ok());
  auto batches = (*r)->FetchAll();
  ASSERT_TRUE(batches.ok());
  std::string text;
  for (const auto& b : *batches) {
    for (int64_t i = 0; i < b->num_rows(); ++i) text += b->column(1)->GetValue(i).ToString();
  }
  EXPECT_EQ(text.find("partial_aggregate"), std::string::npos) << text;
}

}  // namespace
}  // namespace copra
