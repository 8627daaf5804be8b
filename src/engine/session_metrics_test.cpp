// The engine's metrics move when sessions run statements (common/copra_metrics.h).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>

#include "common/copra_metrics.h"
#include "engine/database.h"
#include "engine/session.h"

namespace copra {
namespace {

class SessionMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DatabaseOptions options;
    options.data_dir = "";  // in memory
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    session_ = db_->Connect();
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Session> session_;
};

TEST_F(SessionMetricsTest, CountsStatementsAndErrorsByProtocol) {
  const CopraMetrics& m = CopraMetrics::Get();
  session_->set_protocol(ClientProtocol::kPgwire);
  uint64_t queries = m.query(ClientProtocol::kPgwire)->value();
  uint64_t errors = m.query_error(ClientProtocol::kPgwire)->value();
  uint64_t http_queries = m.query(ClientProtocol::kHttp)->value();
  Counter* syntax = m.errors_by_code[static_cast<int>(ErrorCode::kSyntaxError)];
  Counter* undefined = m.errors_by_code[static_cast<int>(ErrorCode::kUndefinedTable)];
  Counter* division = m.errors_by_code[static_cast<int>(ErrorCode::kDivisionByZero)];
  uint64_t syntax_before = syntax->value();
  uint64_t undefined_before = undefined->value();
  uint64_t division_before = division->value();

  ASSERT_TRUE(session_->Execute("SELECT 1").ok());
  EXPECT_FALSE(session_->Execute("SELEKT 1").ok());            // syntax error
  EXPECT_FALSE(session_->Execute("SELECT * FROM nope").ok());  // unknown table
  EXPECT_TRUE(session_->Execute("").ok());                     // empty: not a statement
  int results = 0;
  Status st = session_->ExecuteScript("SELECT 1; SELECT 2; SELECT 1/0; SELECT 3",
                                      [&](QueryResult& r) -> Status {
                                        ++results;
                                        return r.FetchAll().status();
                                      });
  EXPECT_FALSE(st.ok());

  // 3 + 3 (the script stops at its error); errors: 2 + 1.
  EXPECT_EQ(m.query(ClientProtocol::kPgwire)->value() - queries, 6u);
  EXPECT_EQ(m.query_error(ClientProtocol::kPgwire)->value() - errors, 3u);
  EXPECT_EQ(m.query(ClientProtocol::kHttp)->value(), http_queries);
  EXPECT_EQ(syntax->value() - syntax_before, 1u);
  EXPECT_EQ(undefined->value() - undefined_before, 1u);
  EXPECT_EQ(division->value() - division_before, 1u);
}

TEST_F(SessionMetricsTest, CountsRowsInserted) {
  const CopraMetrics& m = CopraMetrics::Get();
  uint64_t before = m.rows(WriteSource::kInsert)->value();
  ASSERT_TRUE(session_->Execute("CREATE TABLE t (ts TIMESTAMP TIME INDEX, v DOUBLE)").ok());
  ASSERT_TRUE(session_->Execute("INSERT INTO t VALUES (1, 1.0), (2, 2.0), (3, 3.0)").ok());
  ASSERT_TRUE(session_->Execute("CREATE TABLE u (ts TIMESTAMP TIME INDEX, v DOUBLE)").ok());
  ASSERT_TRUE(session_->Execute("INSERT INTO u SELECT ts, v FROM t").ok());
  EXPECT_EQ(m.rows(WriteSource::kInsert)->value() - before, 6u);
}

TEST(SessionMetricsStorageTest, CountsWalSyncsAndBytes) {
  char tmpl[] = "/tmp/copra-metrics-XXXXXX";
  std::string dir = mkdtemp(tmpl);
  const CopraMetrics& m = CopraMetrics::Get();
  {
    DatabaseOptions options;
    options.data_dir = dir;  // WAL synced on every commit (the default)
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    std::unique_ptr<Session> session = (*db)->Connect();
    ASSERT_TRUE(session->Execute("CREATE TABLE t (ts TIMESTAMP TIME INDEX, v DOUBLE)").ok());
    uint64_t syncs = m.wal_syncs->value();
    uint64_t bytes = m.wal_bytes->value();
    uint64_t timed = m.wal_sync_seconds->Read().count;
    ASSERT_TRUE(session->Execute("INSERT INTO t VALUES (1, 1.0)").ok());
    ASSERT_TRUE(session->Execute("INSERT INTO t VALUES (2, 2.0)").ok());
    EXPECT_GE(m.wal_syncs->value() - syncs, 2u);
    EXPECT_GE(m.wal_sync_seconds->Read().count - timed, 2u);
    EXPECT_GT(m.wal_bytes->value() - bytes, 2 * sizeof(double));
  }
  std::filesystem::remove_all(dir);
}

TEST_F(SessionMetricsTest, EveryEngineSeriesIsRenderedFromTheStart) {
  CopraMetrics::Get();
  std::string text = MetricsRegistry::Global().RenderText();
  for (const char* line : {
           "copra_queries_total{protocol=\"pgwire\"} ",
           "copra_query_errors_total{protocol=\"http\"} ",
           "copra_query_errors_by_sqlstate_total{sqlstate=\"42601\",code=\"syntax_error\"} ",
           "# TYPE copra_pgwire_query_duration_seconds histogram\n",
           "# TYPE copra_pgwire_sent_bytes_total counter\n",
           "copra_rows_written_total{source=\"line_protocol\"} ",
           "# TYPE copra_wal_syncs_total counter\n",
           "# TYPE copra_wal_bytes_total counter\n",
           "copra_python_call_duration_seconds_bucket{kind=\"udf\",le=\"+Inf\"} ",
           "# TYPE copra_pgwire_connections gauge\n",
           "# TYPE copra_uptime_seconds gauge\n",
       }) {
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace copra
