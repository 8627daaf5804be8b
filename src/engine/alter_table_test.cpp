// ALTER TABLE end to end: storage tables across restarts (WAL records and
// Parquet files from before and after a schema change), and writes through
// table objects that predate the change.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "catalog/catalog.h"
#include "engine/sql_test_fixture.h"
#include "storage/storage_table.h"
#include "vector/column_builder.h"

namespace copra {
namespace {

class AlterTableTest : public SqlTest {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/copra-alter-XXXXXX";
    dir_ = mkdtemp(tmpl);
    Reopen();
  }
  void TearDown() override {
    session_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Reopen() {
    session_.reset();
    db_.reset();
    DatabaseOptions options;
    options.data_dir = dir_;
    auto db = Database::Open(options);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    session_ = db_->Connect();
  }
  std::string dir_;
};

TEST_F(AlterTableTest, SchemaChangesSurviveRestartsWithFilesAndWalOfEveryVersion) {
  Exec(
      "CREATE TABLE cpu (host STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, usage DOUBLE, "
      "note STRING)");
  Exec("INSERT INTO cpu VALUES ('a', 1000, 1, 'x'), ('b', 1000, 2, 'y')");
  Exec("ADMIN FLUSH TABLE cpu");                                              // a file of version 0
  Exec("INSERT INTO cpu VALUES ('c', 2000, 3, 'z')");                         // WAL, version 0
  Exec("ALTER TABLE cpu ADD COLUMN cores INT DEFAULT 8");                     // flushes first
  Exec("INSERT INTO cpu (host, ts, usage, cores) VALUES ('d', 3000, 4, 2)");  // WAL, version 1
  Reopen();
  EXPECT_EQ(SortedQuery("SELECT host, usage, note, cores FROM cpu"),
            (Rows{"a|1|x|8", "b|2|y|8", "c|3|z|8", "d|4|NULL|2"}));
  EXPECT_EQ(SortedQuery("SELECT host FROM cpu WHERE cores = 8"), (Rows{"a", "b", "c"}));

  Exec("ALTER TABLE cpu DROP COLUMN note");
  Exec("ALTER TABLE cpu ADD COLUMN dc STRING PRIMARY KEY");
  Exec("INSERT INTO cpu (host, dc, ts, usage) VALUES ('a', 'eu', 1000, 10), ('a', NULL, 1000, 11)");
  Exec("ALTER TABLE cpu RENAME COLUMN usage TO u");
  Exec("ALTER TABLE cpu RENAME TO cpu2");
  Reopen();
  EXPECT_EQ(Query("SHOW TABLES"), (Rows{"cpu2"}));
  EXPECT_EQ(Query("SELECT column_name FROM information_schema.columns WHERE table_name = 'cpu2' "
                  "ORDER BY ordinal_position"),
            (Rows{"host", "ts", "u", "cores", "dc"}));
  Rows create = Query("SHOW CREATE TABLE cpu2");
  ASSERT_EQ(create.size(), 1u);
  EXPECT_NE(create[0].find("CREATE TABLE IF NOT EXISTS \"cpu2\""), std::string::npos) << create[0];
  EXPECT_NE(create[0].find("\"cores\" INT NULL DEFAULT 8"), std::string::npos) << create[0];
  EXPECT_NE(create[0].find("PRIMARY KEY (\"host\", \"dc\")"), std::string::npos) << create[0];
  EXPECT_EQ(create[0].find("note"), std::string::npos) << create[0];
  // The NULL-dc write replaced the old row of ('a', 1000); 'eu' is a new series.
  EXPECT_EQ(SortedQuery("SELECT host, dc, u, cores FROM cpu2"),
            (Rows{"a|NULL|11|8", "a|eu|10|8", "b|NULL|2|8", "c|NULL|3|8", "d|NULL|4|2"}));

  // Compaction rewrites every file to the current schema.
  Exec("ADMIN COMPACT TABLE cpu2");
  Reopen();
  EXPECT_EQ(SortedQuery("SELECT host, dc, u, cores FROM cpu2"),
            (Rows{"a|NULL|11|8", "a|eu|10|8", "b|NULL|2|8", "c|NULL|3|8", "d|NULL|4|2"}));
  auto table = db_->catalog().GetTable("public", "cpu2");
  ASSERT_TRUE(table.ok());
  auto stored = std::dynamic_pointer_cast<storage::StorageTable>(*table);
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored->region()->schema_version(), 4u);
  EXPECT_EQ(stored->region()->stats().files, 1);
}

TEST_F(AlterTableTest, ADroppedColumnNameAddedAgainStartsEmpty) {
  Exec("CREATE TABLE t (k STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, v BIGINT)");
  Exec("INSERT INTO t VALUES ('a', 1, 5)");
  Exec("ALTER TABLE t DROP COLUMN v");
  Exec("ALTER TABLE t ADD COLUMN v BIGINT");
  EXPECT_EQ(Query("SELECT k, v FROM t"), (Rows{"a|NULL"}));
  Reopen();
  EXPECT_EQ(Query("SELECT k, v FROM t"), (Rows{"a|NULL"}));
}

// A statement that resolved the table before the ALTER still writes
// through the old table object: its rows are converted, not lost.
void InsertThroughOldTable(SqlTest* test, Database* db, const std::string& table_name) {
  auto old_table = db->catalog().GetTable("public", table_name);
  ASSERT_TRUE(old_table.ok());
  auto session = db->Connect();
  auto altered = session->Execute("ALTER TABLE " + table_name + " ADD COLUMN extra INT DEFAULT 1");
  ASSERT_TRUE(altered.ok()) << altered.status().ToString();
  const TableSchema& schema = (*old_table)->schema();
  ASSERT_EQ(schema.num_columns(), 3u);
  ColumnBuilder k(LogicalType::String()), ts(schema.column(1).type), v(LogicalType::Float64());
  ASSERT_TRUE(k.AppendValue(Value::String("late")).ok());
  ASSERT_TRUE(ts.AppendValue(Value::Timestamp(5000, schema.column(1).type.unit())).ok());
  ASSERT_TRUE(v.AppendValue(Value::Float64(7)).ok());
  BatchPtr batch = Batch::Make(schema.batch_schema(), {k.Finish(), ts.Finish(), v.Finish()}, 1);
  auto written = (*old_table)->Insert(batch);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(*written, 1);
  (void)test;
}

TEST_F(AlterTableTest, WritesThroughAnOldTableObjectAreForwarded) {
  Exec("CREATE TABLE t (k STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, v DOUBLE)");
  Exec("INSERT INTO t VALUES ('a', 1000, 1)");
  InsertThroughOldTable(this, db_.get(), "t");
  EXPECT_EQ(SortedQuery("SELECT k, v, extra FROM t"), (Rows{"a|1|1", "late|7|1"}));
  Reopen();
  EXPECT_EQ(SortedQuery("SELECT k, v, extra FROM t"), (Rows{"a|1|1", "late|7|1"}));
}

TEST_F(AlterTableTest, InsertsRacingWithAlterTableAreNeverLost) {
  Exec("CREATE TABLE t (k STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, v DOUBLE)");
  constexpr int kThreads = 3;
  constexpr int kRows = 60;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto session = db_->Connect();
      for (int i = 0; i < kRows; ++i) {
        auto r = session->Execute("INSERT INTO t (k, ts, v) VALUES ('w" + std::to_string(t) +
                                  "', " + std::to_string(i + 1) + ", 1)");
        if (!r.ok() || !(*r)->FetchAll().ok()) ++failures;
      }
    });
  }
  for (int i = 0; i < 8; ++i) {
    Exec("ALTER TABLE t ADD COLUMN c" + std::to_string(i) + " BIGINT DEFAULT " + std::to_string(i));
    if (i >= 2) Exec("ALTER TABLE t DROP COLUMN c" + std::to_string(i - 2));
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Query("SELECT count(*), sum(v) FROM t"), (Rows{"180|180"}));
  Reopen();
  EXPECT_EQ(Query("SELECT count(*), sum(v) FROM t"), (Rows{"180|180"}));
  EXPECT_EQ(Query("SELECT count(*) FROM t WHERE c7 = 7"), (Rows{"180"}));
}

class MemoryAlterTableTest : public SqlTest {};

TEST_F(MemoryAlterTableTest, WritesThroughAnOldTableObjectAreForwarded) {
  Exec("CREATE TABLE t (k STRING PRIMARY KEY, ts TIMESTAMP TIME INDEX, v DOUBLE)");
  Exec("INSERT INTO t VALUES ('a', 1000, 1)");
  InsertThroughOldTable(this, db_.get(), "t");
  EXPECT_EQ(SortedQuery("SELECT k, v, extra FROM t"), (Rows{"a|1|1", "late|7|1"}));
}

}  // namespace
}  // namespace copra
