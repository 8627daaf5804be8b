// SQL over durable storage tables: a Database with a data directory,
// reopened to check that tables, databases, rows and deletes survive.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "catalog/catalog.h"
#include "engine/sql_test_fixture.h"
#include "storage/manifest.h"
#include "storage/storage_table.h"

namespace copra {
namespace {

class StorageSqlTest : public SqlTest {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/copra-sql-XXXXXX";
    dir_ = mkdtemp(tmpl);
    Reopen();
  }
  void TearDown() override {
    session_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen(storage::StorageOptions storage = {}) {
    session_.reset();
    db_.reset();
    DatabaseOptions options;
    options.data_dir = dir_;
    options.storage = storage;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    session_ = db_->Connect();
  }
  std::string dir_;
};

TEST_F(StorageSqlTest, TablesAndRowsSurviveARestart) {
  Exec("CREATE TABLE cpu (host STRING, usage DOUBLE, ts TIMESTAMP TIME INDEX, PRIMARY KEY (host))");
  Exec("INSERT INTO cpu VALUES ('a', 1, 1000), ('b', 2, 1000), ('a', 3, 1000)");
  EXPECT_EQ(SortedQuery("SELECT host, usage FROM cpu"), (Rows{"a|3", "b|2"}));
  Reopen();
  EXPECT_EQ(Query("SELECT engine FROM information_schema.tables WHERE table_name = 'cpu'").size(),
            1u);
  EXPECT_EQ(SortedQuery("SELECT host, usage FROM cpu"), (Rows{"a|3", "b|2"}));
  Exec("ADMIN FLUSH TABLE cpu");
  Exec("INSERT INTO cpu VALUES ('b', 5, 1000)");
  Reopen();
  EXPECT_EQ(SortedQuery("SELECT host, usage FROM cpu"), (Rows{"a|3", "b|5"}));
}

TEST_F(StorageSqlTest, DeleteAndTruncateAreDurable) {
  Exec("CREATE TABLE m (k STRING, v BIGINT, ts TIMESTAMP TIME INDEX, PRIMARY KEY (k))");
  Exec("INSERT INTO m VALUES ('a', 1, 1), ('b', 2, 2), ('c', 3, 3)");
  Exec("ADMIN flush_table('m')");
  EXPECT_EQ(Query("DELETE FROM m WHERE v >= 2"), (Rows{}));
  EXPECT_EQ(SortedQuery("SELECT k FROM m"), (Rows{"a"}));
  Reopen();
  EXPECT_EQ(SortedQuery("SELECT k FROM m"), (Rows{"a"}));
  Exec("ADMIN compact_table('m')");
  EXPECT_EQ(SortedQuery("SELECT k FROM m"), (Rows{"a"}));
  Exec("TRUNCATE TABLE m");
  Reopen();
  EXPECT_EQ(SortedQuery("SELECT count(*) FROM m"), (Rows{"0"}));
}

TEST_F(StorageSqlTest, PlainTablesAndStreamsAreDurableAndKeepDuplicates) {
  Exec("CREATE TABLE plain (a INT, b STRING)");
  Exec("INSERT INTO plain VALUES (1, 'x'), (1, 'x'), (2, 'y')");
  Exec("CREATE STREAM s (k STRING, ts TIMESTAMP TIME INDEX, PRIMARY KEY (k))");
  Exec("INSERT INTO s VALUES ('a', 1), ('a', 1)");
  Reopen();
  EXPECT_EQ(SortedQuery("SELECT a, b FROM plain"), (Rows{"1|x", "1|x", "2|y"}));
  EXPECT_EQ(SortedQuery("SELECT count(*) FROM s"), (Rows{"2"}));
  Exec("DELETE FROM plain WHERE a = 1");
  Reopen();
  EXPECT_EQ(SortedQuery("SELECT a, b FROM plain"), (Rows{"2|y"}));
}

TEST_F(StorageSqlTest, DropRemovesDataAndDatabasesPersist) {
  Exec("CREATE DATABASE metrics");
  Exec("CREATE TABLE metrics.t (v BIGINT, ts TIMESTAMP TIME INDEX)");
  Exec("INSERT INTO metrics.t VALUES (1, 1)");
  Exec("CREATE TABLE gone (v BIGINT, ts TIMESTAMP TIME INDEX)");
  Exec("INSERT INTO gone VALUES (1, 1)");
  Exec("DROP TABLE gone");
  Reopen();
  EXPECT_EQ(Query("SELECT v FROM metrics.t"), (Rows{"1"}));
  EXPECT_NE(Error("SELECT * FROM gone").find("does not exist"), std::string::npos);
  Exec("CREATE TABLE gone (v BIGINT, ts TIMESTAMP TIME INDEX)");  // the name is free again
  EXPECT_EQ(Query("SELECT count(*) FROM gone"), (Rows{"0"}));
  Exec("DROP DATABASE metrics");
  Reopen();
  EXPECT_NE(Error("SELECT * FROM metrics.t").find("does not exist"), std::string::npos);
  size_t regions = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_ + "/regions")) {
    (void)e;
    ++regions;
  }
  EXPECT_EQ(regions, 1u);  // only the new "gone"
}

TEST_F(StorageSqlTest, ExplainAnalyzeShowsPrunedFiles) {
  Exec("CREATE TABLE w (v BIGINT, ts TIMESTAMP TIME INDEX) WITH (time_window = '1h')");
  Exec(
      "INSERT INTO w VALUES (1, '2024-01-01 00:10:00'), (2, '2024-01-01 01:10:00'), "
      "(3, '2024-01-01 02:10:00')");
  Exec("ADMIN FLUSH TABLE w");
  std::string plan = Query(
                         "EXPLAIN ANALYZE SELECT v FROM w WHERE ts >= '2024-01-01 01:00:00' AND "
                         "ts < '2024-01-01 02:00:00'")
                         .back();
  EXPECT_NE(plan.find("files_scanned=1, files_pruned=2"), std::string::npos) << plan;
  EXPECT_EQ(
      Query("SELECT v FROM w WHERE ts >= '2024-01-01 01:00:00' AND ts < '2024-01-01 02:00:00'"),
      (Rows{"2"}));
}

// The page index at work: a one-host, one-hour query over a day of four
// hosts decodes a few pages of the row groups it reads, not all of them.
// Fails if page pruning or late materialization is switched off.
TEST_F(StorageSqlTest, ExplainAnalyzeShowsPrunedPages) {
  Exec("CREATE TABLE cpu (host STRING, usage DOUBLE, ts TIMESTAMP TIME INDEX, PRIMARY KEY (host))");
  Exec(
      "INSERT INTO cpu SELECT 'h' || (number / 8640), (number % 8640) * 0.01, "
      "CAST(1704067200000 + (number % 8640) * 10000 AS TIMESTAMP) FROM numbers(34560)");
  Exec("ADMIN FLUSH TABLE cpu");
  const std::string where =
      " WHERE host = 'h2' AND ts >= '2024-01-01 07:00:00' AND ts < '2024-01-01 08:00:00'";
  for (const std::string& select :
       {std::string("SELECT max(usage), count(*) FROM cpu"), std::string("SELECT * FROM cpu")}) {
    SCOPED_TRACE(select);
    const std::string plan = Query("EXPLAIN ANALYZE " + select + where).back();
    auto counter = [&](const std::string& name) -> int64_t {
      const size_t at = plan.find(name + "=");
      if (at == std::string::npos) return -1;
      return std::stoll(plan.substr(at + name.size() + 1));
    };
    // Rows are sorted by (host, ts) in 8 Ki-row groups of 1 Ki-row pages:
    // h2's day spans two row groups, its hour one page per column; a page
    // where h2 meets another host covers the whole day in ts and may match
    // too (its host and ts pages are read, its usage page is not).
    EXPECT_EQ(counter("row_groups_scanned"), 2) << plan;
    EXPECT_EQ(counter("rows_scanned"), 360) << plan;
    EXPECT_GE(counter("pages_scanned"), 3) << plan;
    EXPECT_LE(counter("pages_scanned"), 8) << plan;  // 48 pages in the two row groups
    EXPECT_GE(counter("pages_pruned"), 30) << plan;
  }
  EXPECT_EQ(Query("SELECT max(usage), count(*) FROM cpu" + where), (Rows{"28.79|360"}));
  EXPECT_EQ(Query("SELECT count(*) FROM cpu WHERE usage > 86.3 AND host = 'h1'"), (Rows{"9"}));
}

// count/min/max answered from row-group statistics equal a plain scan's
// answer, with replaced rows, delete markers, time ranges and filters.
TEST_F(StorageSqlTest, AggregatesFromStatisticsMatchAPlainScan) {
  Exec(
      "CREATE TABLE m (host STRING, v BIGINT, f DOUBLE, ts TIMESTAMP TIME INDEX, "
      "PRIMARY KEY (host))");
  Exec(
      "INSERT INTO m SELECT 'h' || (number / 5000), number, CASE WHEN number % 7 = 0 THEN NULL "
      "ELSE number * 0.5 END, CAST((number % 5000) * 1000 AS TIMESTAMP) FROM numbers(20000)");
  Exec("ADMIN FLUSH TABLE m");
  Exec("INSERT INTO m VALUES ('h1', -5, 1.0, 1000)");  // replaces a flushed row
  Exec("DELETE FROM m WHERE host = 'h2' AND v % 100 = 0");
  Exec("ADMIN FLUSH TABLE m");
  Exec("INSERT INTO m VALUES ('h3', 99999, NULL, 9000000)");  // after every file row
  const std::vector<std::string> queries = {
      "SELECT count(*), count(f), min(v), max(v), min(ts), max(ts), min(host), max(host) FROM m",
      "SELECT count(*), min(v), max(ts) FROM m WHERE ts >= 1000000 AND ts < 3000000",
      "SELECT count(*), min(v), max(v), count(f) FROM m WHERE host = 'h0'",
      "SELECT count(*), min(ts), max(v) FROM m WHERE host >= 'h1' AND v > 100",
      "SELECT count(*), max(f) FROM m WHERE v < 4000",
  };
  for (int compacted = 0; compacted < 2; ++compacted) {
    if (compacted) Exec("ADMIN COMPACT TABLE m");
    for (const std::string& q : queries) {
      SCOPED_TRACE(q);
      const Rows pushed = Query(q);
      Exec("SET optimizer_disabled_rules = 'aggregate_pushdown'");
      const Rows plain = Query(q);
      Exec("RESET optimizer_disabled_rules");
      EXPECT_EQ(pushed, plain);
    }
  }
  // After the compaction the file has no delete markers and shares no time
  // with the memtable: its row groups answer count(*) without being read.
  const std::string plan = Query("EXPLAIN ANALYZE SELECT count(*), max(ts) FROM m").back();
  EXPECT_NE(plan.find("rows_scanned=1,"), std::string::npos) << plan;
  EXPECT_EQ(Query("SELECT count(*) FROM m"), (Rows{"19951"}));
  EXPECT_EQ(Query("SELECT count(*), min(v), max(v) FROM m WHERE host = 'h0'"),
            (Rows{"5000|0|4999"}));
}

// Background jobs: a full memtable is flushed and a window with enough
// files is compacted without any ADMIN statement.
TEST_F(StorageSqlTest, BackgroundFlushAndCompaction) {
  storage::StorageOptions options;
  options.memtable_bytes = 1;  // every write fills the memtable
  options.compaction_trigger_files = 3;
  Reopen(options);
  Exec("CREATE TABLE b (k STRING, v BIGINT, ts TIMESTAMP TIME INDEX, PRIMARY KEY (k))");
  for (int i = 0; i < 6; ++i) {
    Exec("INSERT INTO b VALUES ('k" + std::to_string(i) + "', " + std::to_string(i) + ", 1000)");
  }
  auto table = db_->catalog().GetTable("public", "b");
  ASSERT_TRUE(table.ok());
  auto region = std::dynamic_pointer_cast<storage::StorageTable>(*table)->region();
  // Poll (bounded) until the background threads caught up.
  for (int i = 0; i < 200; ++i) {
    storage::RegionStats s = region->stats();
    if (s.memtable_rows == 0 && s.files == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(region->stats().memtable_rows, 0);
  EXPECT_EQ(region->stats().files, 1);
  EXPECT_EQ(Query("SELECT count(*) FROM b"), (Rows{"6"}));
}

// COPY ends its inserts between ticks, so a time-ordered file flushed into
// many files (one per insert here) gives files whose time ranges never
// share a timestamp; the rows, and which duplicate wins, are unchanged.
TEST_F(StorageSqlTest, CopyFlushesFilesThatDoNotShareATimestamp) {
  storage::StorageOptions options;
  options.memtable_bytes = 1;            // every insert is flushed on its own
  options.compaction_trigger_files = 0;  // keep the flushed files as they are
  Reopen(options);
  Exec("CREATE TABLE c (ts TIMESTAMP TIME INDEX, host STRING PRIMARY KEY, v BIGINT, pad STRING)");
  // 37 hosts per second, about 24 MB: three blocks of the parallel reader,
  // cut inside a tick. The last row of each (host, second) repeats the
  // key with v = -1 and must win.
  const std::string path = dir_ + "/c.csv";
  {
    std::ofstream out(path);
    const std::string pad(120, 'p');
    for (int s = 0; s < 4000; ++s) {
      char ts[32];
      std::snprintf(ts, sizeof(ts), "2024-01-01 %02d:%02d:%02d", 10 + s / 3600, s / 60 % 60,
                    s % 60);
      for (int h = 0; h < 37; ++h) {
        out << ts << ",h" << h << "," << s << "," << pad << "\n";
        if (h == 36) out << ts << ",h" << h << ",-1," << pad << "\n";
      }
    }
  }
  Exec("COPY c FROM '" + path + "'");
  Exec("ADMIN FLUSH TABLE c");
  auto table = db_->catalog().GetTable("public", "c");
  ASSERT_TRUE(table.ok());
  auto region = std::dynamic_pointer_cast<storage::StorageTable>(*table)->region();
  auto manifest = storage::LoadManifest(region->dir());
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
  std::vector<storage::FileMeta> files = manifest->files;
  ASSERT_GE(files.size(), 3u);
  std::sort(files.begin(), files.end(), [](const storage::FileMeta& a, const storage::FileMeta& b) {
    return a.min_time < b.min_time;
  });
  for (size_t i = 0; i + 1 < files.size(); ++i) {
    EXPECT_LT(files[i].max_time, files[i + 1].min_time) << "files " << i << " and " << i + 1;
  }
  EXPECT_EQ(Query("SELECT count(*), count(DISTINCT ts), min(v) FROM c"), (Rows{"148000|4000|-1"}));
  EXPECT_EQ(Query("SELECT count(*) FROM c WHERE host = 'h36' AND v = -1"), (Rows{"4000"}));
}

TEST_F(StorageSqlTest, BadOptionsAndAdminCallsAreClearErrors) {
  EXPECT_NE(Error("CREATE TABLE x (ts TIMESTAMP TIME INDEX) WITH (ttl = 'soon')")
                .find("invalid duration"),
            std::string::npos);
  EXPECT_NE(Error("ADMIN flush_table('nope')").find("does not exist"), std::string::npos);
  EXPECT_NE(Error("ADMIN frobnicate('x')").find("unknown admin function"), std::string::npos);
}

}  // namespace
}  // namespace copra
