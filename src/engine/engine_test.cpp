// End-to-end tests of the embedded engine: SQL text in, rows out.
#include <gtest/gtest.h>

#include "engine/database.h"
#include "engine/session.h"

namespace copra {
namespace {

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(DatabaseOptions{""});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    session_ = db_->Connect();
  }

  // Rows rendered as "a|b" lines, or "ERROR: ..." for a failed statement.
  std::vector<std::string> Query(const std::string& sql) {
    auto result = session_->Execute(sql);
    if (!result.ok()) return {result.status().ToString()};
    std::vector<std::string> rows;
    auto batches = (*result)->FetchAll();
    if (!batches.ok()) return {batches.status().ToString()};
    for (const BatchPtr& b : *batches) {
      for (int64_t r = 0; r < b->num_rows(); ++r) {
        std::string line;
        for (size_t c = 0; c < b->num_columns(); ++c) {
          if (c > 0) line += "|";
          Value v = b->column(c)->GetValue(r);
          line += v.is_null() ? "NULL" : v.ToString();
        }
        rows.push_back(line);
      }
    }
    return rows;
  }

  void Exec(const std::string& sql) {
    auto result = session_->Execute(sql);
    ASSERT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
    ASSERT_TRUE((*result)->FetchAll().ok());
  }

  std::string Error(const std::string& sql) {
    auto result = session_->Execute(sql);
    if (result.ok()) {
      auto rows = (*result)->FetchAll();
      if (rows.ok()) return "no error";
      return rows.status().ToString();
    }
    return result.status().ToString();
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> session_;
};

using Rows = std::vector<std::string>;

TEST_F(EngineTest, SelectWithoutFrom) {
  EXPECT_EQ(Query("SELECT 1 + 1 AS two"), Rows{"2"});
  EXPECT_EQ(Query("SELECT 'a' || 'b', NULL, 2.5 * 2"), Rows{"ab|NULL|5"});
}

TEST_F(EngineTest, ResultSchemaNamesColumns) {
  auto result = session_->Execute("SELECT 1 + 1 AS two, 3, abs(-1)");
  ASSERT_TRUE(result.ok());
  const Schema& s = *(*result)->schema();
  EXPECT_EQ(s.field(0).name, "two");
  EXPECT_EQ(s.field(1).name, "3");
  EXPECT_EQ(s.field(2).name, "abs(-1)");
}

TEST_F(EngineTest, NumbersTable) {
  EXPECT_EQ(Query("SELECT number FROM numbers LIMIT 3"), (Rows{"0", "1", "2"}));
  EXPECT_EQ(Query("SELECT count(*) FROM numbers"), Rows{"100"});
  EXPECT_EQ(Query("SELECT sum(number) FROM numbers WHERE number < 10"), Rows{"45"});
}

TEST_F(EngineTest, CreateInsertSelect) {
  Exec("CREATE TABLE cpu (host STRING, ts TIMESTAMP TIME INDEX, usage DOUBLE, PRIMARY KEY (host))");
  Exec(
      "INSERT INTO cpu VALUES ('a', '2016-01-01 00:00:00', 1.5), ('b', '2016-01-01 00:00:10', 2.5),"
      " ('a', '2016-01-01 00:00:20', 3.5)");
  EXPECT_EQ(Query("SELECT host, usage FROM cpu WHERE usage > 2 ORDER BY usage"),
            (Rows{"b|2.5", "a|3.5"}));
  EXPECT_EQ(Query("SELECT host, avg(usage), count(*) FROM cpu GROUP BY host ORDER BY host"),
            (Rows{"a|2.5|2", "b|2.5|1"}));
  EXPECT_EQ(Query("SELECT ts FROM cpu ORDER BY ts DESC LIMIT 1"), Rows{"2016-01-01 00:00:20"});
  Exec("INSERT INTO cpu (ts, host) VALUES ('2016-01-02', 'c')");
  EXPECT_EQ(Query("SELECT host, usage FROM cpu WHERE usage IS NULL"), Rows{"c|NULL"});
  EXPECT_EQ(Query("DELETE FROM cpu WHERE host = 'a'").size(), 0u);
  EXPECT_EQ(Query("SELECT count(*) FROM cpu"), Rows{"2"});
}

TEST_F(EngineTest, GroupingErrors) {
  Exec("CREATE TABLE t (a BIGINT, b BIGINT)");
  EXPECT_NE(Error("SELECT a, b FROM t GROUP BY a").find("must appear in the GROUP BY"),
            std::string::npos);
  EXPECT_NE(Error("SELECT * FROM t WHERE sum(a) > 1").find("not allowed in WHERE"),
            std::string::npos);
}

TEST_F(EngineTest, UnknownNamesSuggest) {
  Exec("CREATE TABLE metrics (value DOUBLE)");
  EXPECT_NE(Error("SELECT * FROM metric").find("did you mean \"metrics\""), std::string::npos);
  EXPECT_NE(Error("SELECT valeu FROM metrics").find("did you mean \"value\""), std::string::npos);
  std::string err = Error("SELECT\n  valeu FROM metrics");
  EXPECT_NE(err.find("line 2, column 3"), std::string::npos) << err;
}

TEST_F(EngineTest, DivisionByZeroIsAnError) {
  std::string err = Error("SELECT 1 / 0");
  EXPECT_NE(err.find("division by zero"), std::string::npos) << err;
  // Short-circuit: the division only runs where the guard holds.
  EXPECT_EQ(Query("SELECT count(*) FROM numbers WHERE number <> 0 AND 10 / number > 1"), Rows{"5"});
}

TEST_F(EngineTest, SetOperationsAndDistinct) {
  EXPECT_EQ(Query("SELECT 1 UNION SELECT 1 UNION ALL SELECT 2 ORDER BY 1"), (Rows{"1", "2"}));
  EXPECT_EQ(Query("SELECT number % 3 FROM numbers INTERSECT SELECT 2 ORDER BY 1"), Rows{"2"});
  EXPECT_EQ(Query("SELECT DISTINCT number % 2 AS m FROM numbers ORDER BY m"), (Rows{"0", "1"}));
}

TEST_F(EngineTest, JoinsAndCtes) {
  Exec("CREATE TABLE l (k BIGINT, v STRING)");
  Exec("CREATE TABLE r (k BIGINT, w STRING)");
  Exec("INSERT INTO l VALUES (1, 'a'), (2, 'b'), (NULL, 'n')");
  Exec("INSERT INTO r VALUES (1, 'x'), (3, 'z')");
  EXPECT_EQ(Query("SELECT v, w FROM l JOIN r ON l.k = r.k"), Rows{"a|x"});
  EXPECT_EQ(Query("SELECT v, w FROM l LEFT JOIN r USING (k) ORDER BY v"),
            (Rows{"a|x", "b|NULL", "n|NULL"}));
  EXPECT_EQ(Query("WITH big AS (SELECT k FROM l WHERE k > 1) SELECT count(*) FROM big"), Rows{"1"});
}

TEST_F(EngineTest, ExplainShowsPlans) {
  auto rows = Query("EXPLAIN SELECT number + 1 FROM numbers WHERE number > 5 LIMIT 2");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].rfind("logical_plan|", 0), 0u);
  EXPECT_EQ(rows[1].rfind("physical_plan|", 0), 0u);
  auto analyzed = Query("EXPLAIN ANALYZE SELECT count(*) FROM numbers");
  EXPECT_NE(analyzed.back().find("rows="), std::string::npos);
}

TEST_F(EngineTest, SmallBatchesGiveSameResults) {
  ASSERT_TRUE(session_->SetSetting("batch_size", "3").ok());
  EXPECT_EQ(Query("SELECT count(*), sum(number) FROM numbers"), Rows{"100|4950"});
  EXPECT_EQ(Query("SELECT number FROM numbers ORDER BY number DESC LIMIT 2 OFFSET 1"),
            (Rows{"98", "97"}));
}

TEST_F(EngineTest, ShowAndDescribe) {
  Exec("CREATE TABLE cpu (host STRING, ts TIMESTAMP TIME INDEX, PRIMARY KEY (host))");
  EXPECT_EQ(Query("SHOW TABLES"), Rows{"cpu"});
  EXPECT_EQ(Query("DESCRIBE cpu"),
            (Rows{"host|STRING|PRI|YES||TAG", "ts|TIMESTAMP(3)|TIME INDEX|NO||TIMESTAMP"}));
  Exec("CREATE DATABASE other");
  EXPECT_EQ(Query("SHOW DATABASES"), (Rows{"other", "public"}));
  Exec("USE other");
  EXPECT_EQ(Query("SHOW TABLES").size(), 0u);
}

TEST_F(EngineTest, RandomIsPerRow) {
  EXPECT_EQ(Query("SELECT count(DISTINCT random()) > 90 FROM numbers"), Rows{"true"});
}

TEST_F(EngineTest, TableFunctions) {
  EXPECT_EQ(Query("SELECT count(*), max(number) FROM numbers(1000)"), Rows{"1000|999"});
  EXPECT_EQ(Query("SELECT * FROM generate_series(1, 10, 4)"), (Rows{"1", "5", "9"}));
  EXPECT_EQ(Query("SELECT s.x FROM generate_series(3, 1, -1) AS s(x)"), (Rows{"3", "2", "1"}));
  EXPECT_EQ(Query("SELECT count(*) FROM generate_series(5, 1)"), Rows{"0"});
  EXPECT_NE(Error("SELECT * FROM generate_series(1, 5, 0)").find("step size"), std::string::npos);
  EXPECT_NE(Error("SELECT * FROM numbrs(3)").find("did you mean \"numbers\""), std::string::npos);
}

TEST_F(EngineTest, CancelStopsAQuery) {
  auto result = session_->Execute("SELECT count(*) FROM numbers(100000000)");
  ASSERT_TRUE(result.ok());
  session_->Cancel();
  auto rows = (*result)->FetchAll();
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), ErrorCode::kQueryCanceled);
}

TEST_F(EngineTest, MemoryLimitIsEnforced) {
  ASSERT_TRUE(session_->SetSetting("query_memory_limit", "100000").ok());
  std::string err = Error("SELECT number FROM numbers(1000000) ORDER BY number DESC");
  EXPECT_NE(err.find("memory limit"), std::string::npos) << err;
  EXPECT_EQ(Query("SELECT count(*) FROM numbers(1000000)"), Rows{"1000000"});
}

TEST_F(EngineTest, ResultsStream) {
  // The first batch of a large scan arrives before the rest is computed.
  ASSERT_TRUE(session_->SetSetting("batch_size", "1000").ok());
  auto result = session_->Execute("SELECT number FROM numbers(100000000)");
  ASSERT_TRUE(result.ok());
  auto first = (*result)->Next();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)->num_rows(), 1000);
  EXPECT_EQ((*result)->rows(), 1000);
}

TEST_F(EngineTest, UncorrelatedSubqueries) {
  EXPECT_EQ(Query("SELECT (SELECT max(number) FROM numbers)"), Rows{"99"});
  EXPECT_EQ(Query("SELECT count(*) FROM numbers WHERE number IN (SELECT number * 10 FROM numbers)"),
            Rows{"10"});
  EXPECT_EQ(Query("SELECT count(*) FROM numbers WHERE number NOT IN (SELECT number FROM numbers "
                  "WHERE number > 4)"),
            Rows{"5"});
  EXPECT_EQ(Query("SELECT EXISTS (SELECT 1 FROM numbers WHERE number > 1000)"), Rows{"false"});
  EXPECT_EQ(Query("SELECT (SELECT number FROM numbers WHERE number > 1000)"), Rows{"NULL"});
  EXPECT_NE(Error("SELECT (SELECT number FROM numbers)").find("more than one row"),
            std::string::npos);
  // Correlated subqueries are decorrelated (tests/sql/select/correlated_subquery.slt).
  EXPECT_EQ(Query("SELECT count(*) FROM numbers n WHERE EXISTS (SELECT 1 FROM numbers m WHERE "
                  "m.number = n.number + 90)"),
            Rows{"10"});
  EXPECT_NE(Error("SELECT number FROM numbers n WHERE EXISTS (SELECT 1 FROM numbers m WHERE "
                  "m.number > n.number)")
                .find("correlated subquery not supported"),
            std::string::npos);
}

TEST_F(EngineTest, ResetRestoresDefaults) {
  Exec("SET batch_size = 3");
  Exec("SET optimizer = off");
  Exec("RESET batch_size");
  EXPECT_EQ(Query("SHOW batch_size"), Rows{"8192"});
  EXPECT_EQ(Query("SHOW optimizer"), Rows{"off"});
  Exec("SET batch_size TO DEFAULT");
  Exec("RESET ALL");
  EXPECT_EQ(Query("SHOW optimizer"), Rows{"on"});
  EXPECT_EQ(session_->batch_size(), 8192);
}

TEST_F(EngineTest, RandomDiffersPerRow) {
  EXPECT_EQ(Query("SELECT count(DISTINCT r) > 90 FROM (SELECT random() AS r FROM numbers) s"),
            Rows{"true"});
}

}  // namespace
}  // namespace copra
