// storage_bench: measures the durable storage engine (docs/benchmarks.md,
// section "Storage").
//
//   storage_bench ingest [--rows N] [--hosts H] [--batch B] [--dir D] [--fsync
//   every|interval|never]
//     TSBS cpu-only rows (10 tags, 10 float fields) inserted through the
//     Table API in batches of B rows (the bulk path); prints rows/s until
//     every write is acknowledged (durable in the WAL), the time to flush
//     the rest, and peak RSS.
//   storage_bench copy --csv FILE [--format csv|parquet] [--dir D] [--fsync ...]
//     COPY of a TSBS cpu file (bench/tsbs/generate.py --format csv or
//     parquet: ts, 10 tags, 10 fields, with a header) into a fresh table;
//     prints rows/s until COPY returns (every row durable in the WAL), the
//     process's CPU time, the load average and peak RSS.
//   storage_bench csv --csv FILE [--threads N]
//     Only parses the TSBS CSV file into typed batches (ParallelCsvReader),
//     without storing them: the parsing side of COPY alone.
//   storage_bench prune [--days 30] [--hosts H] [--dir D]
//     Loads D days of rows at 10 s intervals into 1-hour windows, then runs
//     an aggregate over one hour with pruning on and off (EXPLAIN ANALYZE
//     counts and median times of 5 runs each).
//   storage_bench tsbs [--days 3] [--hosts 100] [--dir D] [--disable RULES]
//                      [--only QUERY] [--keep 1] [--chunk-rows N] [--compact 1]
//                      [--auto-compact 0] [--collect-rows N]
//     Loads D days of TSBS cpu rows into a table with the default 1-day
//     windows (as bench/run does), then times TSBS query types that the
//     scan-side work helps (median of 5 runs each; RULES: optimizer rules
//     switched off, e.g. aggregate_pushdown, to compare). --chunk-rows
//     inserts in chunks of N rows (as COPY does; a chunk that ends inside a
//     10 s tick makes flushed files touch at that timestamp), --compact 1
//     runs ADMIN COMPACT after the load, --auto-compact 0 turns background
//     compaction off, --collect-rows sets the storage option
//     scan_max_collected_rows (0: merge overlapping files whole).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "engine/database.h"
#include "engine/session.h"
#include "storage/csv/parallel_csv_reader.h"
#include "storage/storage_engine.h"
#include "vector/column_builder.h"

using namespace copra;
using Clock = std::chrono::steady_clock;

namespace {

const char* kTags[] = {
    "hostname", "region",          "datacenter",         "rack", "os", "arch", "team",
    "service",  "service_version", "service_environment"};
const char* kFields[] = {"usage_user",   "usage_system",    "usage_idle",    "usage_nice",
                         "usage_iowait", "usage_irq",       "usage_softirq", "usage_steal",
                         "usage_guest",  "usage_guest_nice"};

struct Args {
  std::string cmd;
  int64_t rows = 5'000'000;
  int64_t hosts = 1000;
  int64_t batch = 100'000;
  int64_t days = 30;
  std::string dir = "/tmp/copra-storage-bench";
  std::string fsync = "every";
  int64_t memtable_mb = 64;
  std::string disable;
  int64_t row_group_rows = 0;  // 0: the default
  std::string only;            // tsbs: run just this query type
  bool keep = false;           // tsbs: reuse the data in --dir, leave it there
  int64_t chunk_rows = 0;      // tsbs: insert in chunks of this many rows (0: per hour)
  bool compact = false;        // tsbs: ADMIN COMPACT after the load
  bool auto_compact = true;    // background compaction
  int64_t collect_rows = -1;   // scan_max_collected_rows (-1: the default)
  bool days_set = false, hosts_set = false;
  std::string csv;             // copy: the file to load
  std::string format = "csv";  // copy: csv or parquet
  int64_t threads = 0;         // csv: parsing threads (0: the default)
};

std::string CreateSql(const std::string& window) {
  std::string sql = "CREATE TABLE cpu (";
  for (const char* t : kTags) sql += std::string(t) + " STRING, ";
  for (const char* f : kFields) sql += std::string(f) + " DOUBLE, ";
  sql += "ts TIMESTAMP TIME INDEX, PRIMARY KEY (";
  for (size_t i = 0; i < 10; ++i) sql += std::string(i ? ", " : "") + kTags[i];
  return sql + ")) WITH (time_window = '" + window + "')";
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

int64_t PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// Batches of `steps` time steps x `hosts` hosts. Tag columns are the same in
// every batch (built once); fields come from a pool; ts is built per batch.
class Generator {
 public:
  Generator(SchemaPtr schema, int64_t hosts, int64_t steps)
      : schema_(schema), hosts_(hosts), steps_(steps) {
    const int64_t n = hosts * steps;
    std::mt19937_64 rng(42);
    for (int t = 0; t < 10; ++t) {
      ColumnBuilder b(LogicalType::String(), n);
      for (int64_t s = 0; s < steps; ++s) {
        for (int64_t h = 0; h < hosts; ++h) {
          std::string v = t == 0
                              ? "host_" + std::to_string(h)
                              : std::string(kTags[t]) + "_" + std::to_string((h * 7 + t) % (t + 3));
          (void)b.AppendString(v);
        }
      }
      tags_.push_back(b.Finish());
    }
    std::uniform_real_distribution<double> d(0, 100);
    for (int p = 0; p < 13; ++p) {
      ColumnBuilder b(LogicalType::Float64(), n);
      for (int64_t i = 0; i < n; ++i) b.Append<double>(d(rng));
      pool_.push_back(b.Finish());
    }
  }
  int64_t rows() const { return hosts_ * steps_; }
  // Batch number k covers time steps [k*steps, (k+1)*steps) of 10 s each.
  BatchPtr Make(int64_t k, int64_t start_ms) const {
    const int64_t n = rows();
    auto ts = Buffer::Allocate(n * 8);
    auto* t = ts->mutable_data_as<int64_t>();
    for (int64_t s = 0; s < steps_; ++s) {
      for (int64_t h = 0; h < hosts_; ++h) t[s * hosts_ + h] = start_ms + (k * steps_ + s) * 10000;
    }
    std::vector<ColumnPtr> cols(tags_.begin(), tags_.end());
    for (int f = 0; f < 10; ++f) cols.push_back(pool_[static_cast<size_t>((k + f) % 13)]);
    cols.push_back(std::make_shared<const Column>(LogicalType::Timestamp(), n, nullptr, ts));
    return Batch::Make(schema_, std::move(cols), n);
  }

 private:
  SchemaPtr schema_;
  int64_t hosts_, steps_;
  std::vector<ColumnPtr> tags_;
  std::vector<ColumnPtr> pool_;
};

Result<std::unique_ptr<Database>> OpenDb(const Args& a, bool pruning) {
  DatabaseOptions o;
  o.data_dir = a.dir;
  o.storage.pruning = pruning;
  o.storage.memtable_bytes = a.memtable_mb << 20;
  if (a.row_group_rows > 0) o.storage.row_group_rows = a.row_group_rows;
  if (!a.auto_compact) o.storage.compaction_trigger_files = 0;
  if (a.collect_rows >= 0) o.storage.scan_max_collected_rows = a.collect_rows;
  if (a.fsync == "interval") o.storage.wal_sync = storage::WalSyncMode::kInterval;
  if (a.fsync == "never") o.storage.wal_sync = storage::WalSyncMode::kNever;
  return Database::Open(o);
}

int Check(const Status& st) {
  if (st.ok()) return 0;
  std::fprintf(stderr, "storage_bench: %s\n", st.ToString().c_str());
  std::exit(1);
}

void Run(Session& s, const std::string& sql) {
  auto r = s.Execute(sql);
  Check(r.status());
  Check((*r)->FetchAll().status());
}

double CpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// CPU seconds of each thread of this process, busiest first (from
// /proc/self/task/*/stat: utime + stime).
std::vector<double> ThreadCpuSeconds() {
  std::vector<double> out;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    std::FILE* f = std::fopen((entry.path() / "stat").c_str(), "r");
    if (f == nullptr) continue;
    char buf[1024];
    size_t n = std::fread(buf, 1, sizeof(buf) - 1, f);
    std::fclose(f);
    buf[n] = '\0';
    const char* p = std::strrchr(buf, ')');
    if (p == nullptr) continue;
    // Fields after the command: state is field 3; utime and stime are 14, 15.
    unsigned long long utime = 0, stime = 0;
    if (std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime,
                    &stime) == 2) {
      out.push_back(static_cast<double>(utime + stime) / tick);
    }
  }
  std::sort(out.rbegin(), out.rend());
  return out;
}

double LoadAverage() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : 0;
}

int Ingest(const Args& a) {
  std::filesystem::remove_all(a.dir);
  auto db = OpenDb(a, true);
  Check(db.status());
  auto session = (*db)->Connect();
  Run(*session, CreateSql("1d"));
  auto table = (*db)->catalog().GetTable("public", "cpu");
  Check(table.status());
  const int64_t steps = std::max<int64_t>(1, a.batch / a.hosts);
  Generator gen((*table)->schema().batch_schema(), a.hosts, steps);
  const int64_t batches = std::max<int64_t>(1, a.rows / gen.rows());
  const int64_t start = 1700000000000;
  auto t0 = Clock::now();
  const double c0 = CpuSeconds();
  for (int64_t k = 0; k < batches; ++k) Check((*table)->Insert(gen.Make(k, start)).status());
  auto t1 = Clock::now();
  const double c1 = CpuSeconds();
  Run(*session, "ADMIN FLUSH TABLE cpu");
  auto t2 = Clock::now();
  const double c2 = CpuSeconds();
  const int64_t total = batches * gen.rows();
  std::printf("ingest: %lld rows (%lld hosts, batches of %lld rows, fsync=%s)\n",
              static_cast<long long>(total), static_cast<long long>(a.hosts),
              static_cast<long long>(gen.rows()), a.fsync.c_str());
  std::printf("  acknowledged in %.2f s: %.0f rows/s\n", Seconds(t0, t1), total / Seconds(t0, t1));
  std::printf("  final flush %.2f s; including it %.0f rows/s\n", Seconds(t1, t2),
              total / Seconds(t0, t2));
  // CPU time of the whole process (writer, flush and compaction threads):
  // on a shared machine this says more than the wall time.
  std::printf(
      "  CPU %.2f s until acknowledged, %.2f s including the final flush: %.0f rows per "
      "CPU-second (load average %.1f)\n",
      c1 - c0, c2 - c0, total / (c2 - c0), LoadAverage());
  std::vector<double> threads = ThreadCpuSeconds();
  std::printf("  busiest threads (CPU s, whole run):");
  for (size_t i = 0; i < threads.size() && i < 3; ++i) std::printf(" %.2f", threads[i]);
  std::printf("\n  peak RSS %lld MB\n", static_cast<long long>(PeakRssMb()));
  auto count = session->Execute("SELECT count(*) FROM cpu");
  Check(count.status());
  auto rows = (*count)->FetchAll();
  Check(rows.status());
  std::printf("  count(*) = %s\n", (*rows)[0]->column(0)->GetValue(0).ToString().c_str());
  return 0;
}

int Copy(const Args& a) {
  if (a.csv.empty()) {
    std::fprintf(stderr, "storage_bench copy: give the file with --csv FILE\n");
    return 64;
  }
  std::filesystem::remove_all(a.dir);
  auto db = OpenDb(a, true);
  Check(db.status());
  auto session = (*db)->Connect();
  // The column order of bench/tsbs (schema.py create_table('copra')).
  std::string sql = "CREATE TABLE cpu (ts TIMESTAMP TIME INDEX";
  for (const char* t : kTags) sql += std::string(", ") + t + " STRING";
  for (const char* f : kFields) sql += std::string(", ") + f + " DOUBLE";
  sql += ", PRIMARY KEY (";
  for (size_t i = 0; i < 10; ++i) sql += std::string(i ? ", " : "") + kTags[i];
  Run(*session, sql + "))");
  const std::string copy = "COPY cpu FROM '" + a.csv + "' WITH (format '" + a.format + "'" +
                           (a.format == "csv" ? ", header true)" : ")");
  const double load = LoadAverage();
  auto t0 = Clock::now();
  const double c0 = CpuSeconds();
  auto r = session->Execute(copy);
  Check(r.status());
  const int64_t rows = (*r)->rows();
  auto t1 = Clock::now();
  const double c1 = CpuSeconds();
  std::printf("copy: %lld rows from %s (fsync=%s, load average %.1f before, %.1f after)\n",
              static_cast<long long>(rows), a.csv.c_str(), a.fsync.c_str(), load, LoadAverage());
  std::printf("  COPY returned in %.3f s: %.0f rows/s\n", Seconds(t0, t1), rows / Seconds(t0, t1));
  std::printf("  CPU %.2f s: %.0f rows per CPU-second\n", c1 - c0, rows / (c1 - c0));
  std::printf("  peak RSS %lld MB\n", static_cast<long long>(PeakRssMb()));
  return 0;
}

int ParseCsv(const Args& a) {
  std::vector<LogicalType> types = {LogicalType::Timestamp(TimeUnit::kMillisecond)};
  std::vector<std::string> names = {"ts"};
  for (const char* t : kTags) types.push_back(LogicalType::String()), names.push_back(t);
  for (const char* f : kFields) types.push_back(LogicalType::Float64()), names.push_back(f);
  csv::CsvOptions o;
  o.header = true;
  csv::ParallelCsvOptions po;
  po.threads = static_cast<int>(a.threads);
  const double load = LoadAverage();
  auto t0 = Clock::now();
  const double c0 = CpuSeconds();
  auto reader = csv::ParallelCsvReader::Open(a.csv, o, types, names, po);
  Check(reader.status());
  int64_t rows = 0;
  while (true) {
    std::vector<ColumnPtr> cols;
    int64_t n = 0;
    auto more = (*reader)->Next(&cols, &n);
    Check(more.status());
    if (!*more) break;
    rows += n;
  }
  auto t1 = Clock::now();
  const double c1 = CpuSeconds();
  std::printf(
      "csv: parsed %lld rows of %s in %.3f s (%.0f rows/s), CPU %.2f s (%.0f ns per row; "
      "load average %.1f)\n",
      static_cast<long long>(rows), a.csv.c_str(), Seconds(t0, t1), rows / Seconds(t0, t1), c1 - c0,
      (c1 - c0) * 1e9 / static_cast<double>(rows), load);
  return 0;
}

// Median wall time of 5 runs; `cpu` (optional) gets the median CPU time,
// steadier than wall time on a loaded machine.
double TimeQuery(Session& s, const std::string& sql, double* cpu = nullptr) {
  std::vector<double> times, cpus;
  for (int i = 0; i < 5; ++i) {
    auto t0 = Clock::now();
    double c0 = CpuSeconds();
    Run(s, sql);
    cpus.push_back(CpuSeconds() - c0);
    times.push_back(Seconds(t0, Clock::now()));
  }
  std::sort(times.begin(), times.end());
  std::sort(cpus.begin(), cpus.end());
  if (cpu != nullptr) *cpu = cpus[2];
  return times[2];
}

std::string ScanLine(Session& s, const std::string& sql) {
  auto r = s.Execute("EXPLAIN ANALYZE " + sql);
  Check(r.status());
  auto b = (*r)->FetchAll();
  Check(b.status());
  std::string plan = b->back()->column(1)->GetValue(b->back()->num_rows() - 1).ToString();
  size_t at = plan.find("rows_scanned");
  return at == std::string::npos ? plan : plan.substr(at, plan.find(']', at) - at);
}

int Prune(const Args& a) {
  std::filesystem::remove_all(a.dir);
  const int64_t start = 1700000000000 / 86400000 * 86400000;
  {
    auto db = OpenDb(a, true);
    Check(db.status());
    auto session = (*db)->Connect();
    Run(*session, CreateSql("1h"));
    auto table = (*db)->catalog().GetTable("public", "cpu");
    Check(table.status());
    const int64_t steps = 360;  // one hour per batch
    Generator gen((*table)->schema().batch_schema(), a.hosts, steps);
    auto t0 = Clock::now();
    for (int64_t k = 0; k < a.days * 24; ++k) Check((*table)->Insert(gen.Make(k, start)).status());
    Run(*session, "ADMIN FLUSH TABLE cpu");
    Run(*session, "ADMIN COMPACT TABLE cpu");
    std::printf("prune: loaded %lld rows (%lld days, %lld hosts) in %.1f s\n",
                static_cast<long long>(a.days * 24 * gen.rows()), static_cast<long long>(a.days),
                static_cast<long long>(a.hosts), Seconds(t0, Clock::now()));
  }
  const int64_t hour = start + (a.days / 2) * 86400000 + 13 * 3600000;
  const std::string sql =
      "SELECT hostname, avg(usage_user), max(usage_system) FROM cpu WHERE ts >= " +
      std::to_string(hour) + "::TIMESTAMP AND ts < " + std::to_string(hour + 3600000) +
      "::TIMESTAMP GROUP BY hostname";
  double on = 0, off = 0;
  for (bool pruning : {true, false}) {
    auto db = OpenDb(a, pruning);
    Check(db.status());
    auto session = (*db)->Connect();
    double t = TimeQuery(*session, sql);
    (pruning ? on : off) = t;
    std::printf("  pruning %-3s: median %.4f s  [%s]\n", pruning ? "on" : "off", t,
                ScanLine(*session, sql).c_str());
  }
  std::printf("  speedup with pruning: %.1fx\n", off / on);
  return 0;
}

// '2016-01-02 07:00:00', as TSBS writes its bounds.
std::string TsLiteral(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "'%Y-%m-%d %H:%M:%S'", &tm);
  return buf;
}

int Tsbs(Args a) {
  if (!a.days_set) a.days = 3;
  if (!a.hosts_set) a.hosts = 100;
  const int64_t start = 1451606400000;  // 2016-01-01, as TSBS
  if (!a.keep || !std::filesystem::exists(a.dir)) {
    std::filesystem::remove_all(a.dir);
    auto db = OpenDb(a, true);
    Check(db.status());
    auto session = (*db)->Connect();
    Run(*session, CreateSql("1d"));
    auto table = (*db)->catalog().GetTable("public", "cpu");
    Check(table.status());
    const int64_t steps = 360;
    Generator gen((*table)->schema().batch_schema(), a.hosts, steps);
    auto t0 = Clock::now();
    for (int64_t k = 0; k < a.days * 24; ++k) {
      BatchPtr hour_rows = gen.Make(k, start);
      const int64_t chunk = a.chunk_rows > 0 ? a.chunk_rows : hour_rows->num_rows();
      for (int64_t off = 0; off < hour_rows->num_rows(); off += chunk) {
        const int64_t n = std::min(chunk, hour_rows->num_rows() - off);
        Check((*table)->Insert(hour_rows->Slice(off, n)).status());
      }
    }
    Run(*session, "ADMIN FLUSH TABLE cpu");
    if (a.compact) Run(*session, "ADMIN COMPACT TABLE cpu");
    std::printf("tsbs: loaded %lld rows (%lld days, %lld hosts) in %.1f s\n",
                static_cast<long long>(a.days * 24 * gen.rows()), static_cast<long long>(a.days),
                static_cast<long long>(a.hosts), Seconds(t0, Clock::now()));
  }
  auto db = OpenDb(a, true);
  Check(db.status());
  auto session = (*db)->Connect();
  if (!a.disable.empty()) Check(session->SetSetting("optimizer_disabled_rules", a.disable));
  const int64_t hour = 3600000;
  const int64_t t = start + a.days / 2 * 86400000 + 7 * hour;
  auto range = [&](int64_t hours) {
    return "ts >= " + TsLiteral(t) + " AND ts < " + TsLiteral(t + hours * hour);
  };
  std::string hosts8 =
      "hostname IN ('host_1', 'host_12', 'host_23', 'host_34', 'host_45', "
      "'host_56', 'host_67', 'host_78')";
  std::string max_all;
  for (int f = 0; f < 10; ++f) max_all += std::string(", max(") + kFields[f] + ")";
  struct Q {
    const char* name;
    std::string sql;
  };
  std::vector<Q> queries = {
      {"single-groupby-1-1-1",
       "SELECT date_trunc('minute', ts) AS minute, max(usage_user) FROM cpu WHERE hostname IN "
       "('host_7') AND " +
           range(1) + " GROUP BY minute ORDER BY minute"},
      {"single-groupby-5-8-1",
       "SELECT date_trunc('minute', ts) AS minute, max(usage_user), max(usage_system), "
       "max(usage_idle), max(usage_nice), max(usage_iowait) FROM cpu WHERE " +
           hosts8 + " AND " + range(1) + " GROUP BY minute ORDER BY minute"},
      {"cpu-max-all-8", "SELECT date_trunc('hour', ts) AS hour" + max_all + " FROM cpu WHERE " +
                            hosts8 + " AND " + range(8) + " GROUP BY hour ORDER BY hour"},
      {"double-groupby-1",
       "SELECT date_trunc('hour', ts) AS hour, hostname, avg(usage_user) FROM cpu WHERE " +
           range(12) + " GROUP BY hour, hostname ORDER BY hour, hostname"},
      {"double-groupby-all",
       "SELECT date_trunc('hour', ts) AS hour, hostname, avg(usage_user), avg(usage_system), "
       "avg(usage_idle), avg(usage_nice), avg(usage_iowait), avg(usage_irq), avg(usage_softirq), "
       "avg(usage_steal), avg(usage_guest), avg(usage_guest_nice) FROM cpu WHERE " +
           range(12) + " GROUP BY hour, hostname ORDER BY hour, hostname"},
      {"high-cpu-1",
       "SELECT * FROM cpu WHERE usage_user > 90.0 AND hostname IN ('host_7') AND " + range(12)},
      {"high-cpu-all", "SELECT * FROM cpu WHERE usage_user > 90.0 AND " + range(12)},
      {"count-all", "SELECT count(*), max(ts) FROM cpu"},
  };
  for (const Q& q : queries) {
    if (!a.only.empty() && a.only != q.name) continue;
    double cpu = 0;
    double secs = TimeQuery(*session, q.sql, &cpu);
    std::printf("  %-22s median %8.2f ms (cpu %8.2f ms)  [%s]\n", q.name, secs * 1000, cpu * 1000,
                ScanLine(*session, q.sql).c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (argc < 2) {
    std::fprintf(
        stderr,
        "usage: storage_bench ingest|copy|csv|prune|tsbs [--rows N] [--hosts H] [--batch B] "
        "[--days D] [--dir DIR] [--fsync every|interval|never] "
        "[--memtable-mb M]\n");
    return 64;
  }
  a.cmd = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--rows")
      a.rows = std::stoll(v);
    else if (k == "--hosts")
      a.hosts = std::stoll(v), a.hosts_set = true;
    else if (k == "--batch")
      a.batch = std::stoll(v);
    else if (k == "--days")
      a.days = std::stoll(v), a.days_set = true;
    else if (k == "--dir")
      a.dir = v;
    else if (k == "--fsync")
      a.fsync = v;
    else if (k == "--memtable-mb")
      a.memtable_mb = std::stoll(v);
    else if (k == "--disable")
      a.disable = v;
    else if (k == "--row-group-rows")
      a.row_group_rows = std::stoll(v);
    else if (k == "--only")
      a.only = v;
    else if (k == "--keep")
      a.keep = v == "1" || v == "true";
    else if (k == "--chunk-rows")
      a.chunk_rows = std::stoll(v);
    else if (k == "--compact")
      a.compact = v == "1" || v == "true";
    else if (k == "--auto-compact")
      a.auto_compact = v == "1" || v == "true";
    else if (k == "--collect-rows")
      a.collect_rows = std::stoll(v);
    else if (k == "--csv")
      a.csv = v;
    else if (k == "--format")
      a.format = v;
    else if (k == "--threads")
      a.threads = std::stoll(v);
  }
  int rc = a.cmd == "ingest"  ? Ingest(a)
           : a.cmd == "copy"  ? Copy(a)
           : a.cmd == "csv"   ? ParseCsv(a)
           : a.cmd == "prune" ? Prune(a)
           : a.cmd == "tsbs"  ? Tsbs(a)
                              : 64;
  if (!a.keep) std::filesystem::remove_all(a.dir);
  return rc;
}
