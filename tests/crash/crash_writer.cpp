// crash_writer: the process the crash test kills. See test_crash.py.
//
//   crash_writer write <data_dir> <first_batch>
//     Writes numbered batches to table `t` forever, printing "ack <batch>
//     <rows>" only after Insert returned (the rows are durable), and from
//     time to time deletes an older batch ("del <batch>" once acknowledged),
//     flushes, compacts and changes the schema (ALTER TABLE ADD/DROP
//     COLUMN), so a SIGKILL can land anywhere in the write, flush,
//     compaction and schema-change paths.
//   crash_writer verify <data_dir>
//     Opens the database (recovery) and prints "batch <b> <rows>" for every
//     batch present, then "ok".
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "catalog/catalog.h"
#include "engine/database.h"
#include "engine/session.h"
#include "vector/column_builder.h"

using namespace copra;

namespace {

constexpr const char* kCreate =
    "CREATE TABLE IF NOT EXISTS t (k STRING, b BIGINT, v DOUBLE, ts TIMESTAMP TIME INDEX, "
    "PRIMARY KEY (k)) WITH (time_window = '1h')";

int64_t RowsOf(int64_t batch) { return 20 + batch % 40; }

DatabaseOptions Options(const char* dir) {
  DatabaseOptions options;
  options.data_dir = dir;
  options.storage.memtable_bytes = 64 << 10;  // flush often
  options.storage.flush_age_ms = 200;
  options.storage.compaction_trigger_files = 3;
  options.storage.row_group_rows = 64;
  return options;
}

int Fail(const Status& st) {
  std::fprintf(stderr, "crash_writer: %s\n", st.ToString().c_str());
  return 2;
}

int Write(const char* dir, int64_t first) {
  auto db = Database::Open(Options(dir));
  if (!db.ok()) return Fail(db.status());
  auto session = (*db)->Connect();
  auto created = session->Execute(kCreate);
  if (!created.ok()) return Fail(created.status());
  auto table = (*db)->catalog().GetTable("public", "t");
  if (!table.ok()) return Fail(table.status());
  for (int64_t b = first;; ++b) {
    const TableSchema& table_schema = (*table)->schema();
    const int64_t n = RowsOf(b);
    ColumnBuilder k(LogicalType::String()), bb(LogicalType::Int64()), v(LogicalType::Float64()),
        ts(LogicalType::Timestamp());
    for (int64_t i = 0; i < n; ++i) {
      (void)k.AppendString("s" + std::to_string(i % 7));
      bb.Append<int64_t>(b);
      v.Append<double>(static_cast<double>(b * 1000 + i));
      // Spread over a few hour windows so flushes write several files.
      ts.Append<int64_t>((b % 5) * 3600000 + b * 1000 + i);
    }
    // Columns added by ALTER TABLE below stay NULL.
    std::vector<ColumnPtr> columns(table_schema.num_columns());
    columns[static_cast<size_t>(table_schema.FindColumn("k"))] = k.Finish();
    columns[static_cast<size_t>(table_schema.FindColumn("b"))] = bb.Finish();
    columns[static_cast<size_t>(table_schema.FindColumn("v"))] = v.Finish();
    columns[static_cast<size_t>(table_schema.FindColumn("ts"))] = ts.Finish();
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c] == nullptr) columns[c] = Column::MakeNull(table_schema.column(c).type, n);
    }
    auto batch = Batch::Make(table_schema.batch_schema(), std::move(columns), n);
    auto written = (*table)->Insert(batch);
    if (!written.ok()) return Fail(written.status());
    std::printf("ack %lld %lld\n", static_cast<long long>(b), static_cast<long long>(n));
    std::fflush(stdout);
    if (b % 11 == 0 && b - 5 >= first) {
      auto del = session->Execute("DELETE FROM t WHERE b = " + std::to_string(b - 5));
      if (!del.ok()) return Fail(del.status());
      std::printf("del %lld\n", static_cast<long long>(b - 5));
      std::fflush(stdout);
    }
    if (b % 17 == 0) {
      auto r = session->Execute("ADMIN FLUSH TABLE t");
      if (!r.ok()) return Fail(r.status());
    }
    if (b % 29 == 0) {
      auto r = session->Execute("ADMIN COMPACT TABLE t");
      if (!r.ok()) return Fail(r.status());
    }
    if (b % 23 == 0) {
      auto r = session->Execute("ALTER TABLE t ADD COLUMN IF NOT EXISTS c" + std::to_string(b) +
                                " BIGINT DEFAULT " + std::to_string(b));
      if (!r.ok()) return Fail(r.status());
      if (b >= 46) {
        r = session->Execute("ALTER TABLE t DROP COLUMN IF EXISTS c" + std::to_string(b - 46));
        if (!r.ok()) return Fail(r.status());
      }
      table = (*db)->catalog().GetTable("public", "t");
      if (!table.ok()) return Fail(table.status());
    }
  }
}

int Verify(const char* dir) {
  auto db = Database::Open(Options(dir));
  if (!db.ok()) return Fail(db.status());
  auto session = (*db)->Connect();
  auto created = session->Execute(kCreate);
  if (!created.ok()) return Fail(created.status());
  auto result = session->Execute("SELECT b, count(*) FROM t GROUP BY b ORDER BY b");
  if (!result.ok()) return Fail(result.status());
  while (true) {
    auto batch = (*result)->Next();
    if (!batch.ok()) return Fail(batch.status());
    if (*batch == nullptr) break;
    for (int64_t i = 0; i < (*batch)->num_rows(); ++i) {
      std::printf("batch %s %s\n", (*batch)->column(0)->GetValue(i).ToString().c_str(),
                  (*batch)->column(1)->GetValue(i).ToString().c_str());
    }
  }
  std::printf("ok\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "write") return Write(argv[2], std::atoll(argv[3]));
  if (argc == 3 && std::string(argv[1]) == "verify") return Verify(argv[2]);
  std::fprintf(stderr, "usage: crash_writer write <dir> <first_batch> | verify <dir>\n");
  return 64;
}
