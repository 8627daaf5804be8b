// RegionScan against a model of the table: random writes, delete markers,
// flushes and compactions produce runs (files, memtables) that overlap,
// touch at one timestamp or are apart; every scan, with and without a time
// range and a field filter, must equal the model, whichever way the scan
// merges (collecting contested rows or a streaming k-way merge).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

#include "function/function_registry.h"
#include "function/scalar_function.h"
#include "planner/bound_expr.h"
#include "storage/region.h"
#include "vector/column_builder.h"

namespace copra::storage {
namespace {

struct Row {
  std::string host;
  int64_t v;
  int64_t ts;
  bool operator==(const Row& o) const { return host == o.host && v == o.v && ts == o.ts; }
};

// `with_host` false: as a scan that does not read the key column prints it.
std::string Line(const Row& r, bool with_host = true) {
  return (with_host ? r.host : "*") + "/" + std::to_string(r.v) + "/" + std::to_string(r.ts);
}

TableSchema Schema(bool append) {
  std::vector<TableColumn> cols = {
      {"host", LogicalType::String(), true, ColumnRole::kTag, std::nullopt, ""},
      {"v", LogicalType::Int64(), true, ColumnRole::kField, std::nullopt, ""},
      {"ts", LogicalType::Timestamp(), false, ColumnRole::kTimeIndex, std::nullopt, ""}};
  std::map<std::string, std::string> options;
  if (append) options["append_mode"] = "true";
  return TableSchema(std::move(cols), {0}, 2, std::move(options));
}

// The visible rows, maintained by the table model's rules.
class Model {
 public:
  explicit Model(bool append) : append_(append) {}
  void Put(const std::vector<Row>& rows) {
    for (const Row& r : rows) {
      if (!append_) {
        std::erase_if(rows_, [&](const Row& x) { return x.host == r.host && x.ts == r.ts; });
      }
      rows_.push_back(r);
    }
  }
  void Delete(const std::vector<Row>& rows) {
    for (const Row& r : rows) {
      std::erase_if(rows_, [&](const Row& x) {
        return x.host == r.host && x.ts == r.ts && (!append_ || x.v == r.v);
      });
    }
  }
  std::vector<std::string> Lines(int64_t lo, int64_t hi, int64_t min_v,
                                 bool with_host = true) const {
    std::vector<std::string> out;
    for (const Row& r : rows_) {
      if (r.ts >= lo && r.ts < hi && r.v > min_v) out.push_back(Line(r, with_host));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  const std::vector<Row>& rows() const { return rows_; }

 private:
  bool append_;
  std::vector<Row> rows_;
};

class RegionScanTest : public ::testing::TestWithParam<std::tuple<bool, int64_t>> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/copra-region-scan-XXXXXX";
    dir_ = mkdtemp(tmpl);
    options_.memtable_bytes = 1 << 30;
    options_.row_group_rows = 4;
    options_.compaction_trigger_files = 0;
    options_.wal_sync = WalSyncMode::kNever;
    options_.scan_max_collected_rows = std::get<1>(GetParam());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  BatchPtr MakeBatch(const Region& region, const std::vector<Row>& rows) {
    ColumnBuilder h(LogicalType::String()), v(LogicalType::Int64()), t(LogicalType::Timestamp());
    for (const Row& r : rows) {
      (void)h.AppendString(r.host);
      v.Append<int64_t>(r.v);
      t.Append<int64_t>(r.ts);
    }
    return Batch::Make(region.schema().batch_schema(), {h.Finish(), v.Finish(), t.Finish()},
                       static_cast<int64_t>(rows.size()));
  }

  // Rows of a scan over [lo, hi) (pushed down) and v > min_v (pushed down
  // for pruning, applied here as the plan would).
  // Without `with_host` the scan reads v and ts only (the key column is
  // then read only for rows that are merged).
  std::vector<std::string> Scan(Region& region, int64_t lo, int64_t hi, int64_t min_v,
                                ScanMetrics* metrics, bool with_host = true) {
    ScanRequest request;
    request.projection = with_host ? std::vector<int>{0, 1, 2} : std::vector<int>{1, 2};
    request.batch_size = 5;
    request.time_range = TimeRange{lo, hi};
    // The real comparison, so the scan evaluates it on uncontested rows.
    auto gt =
        FunctionRegistry::Global().ResolveScalar(">", {LogicalType::Int64(), LogicalType::Int64()});
    EXPECT_TRUE(gt.ok());
    request.filters.push_back(
        BoundExpr::Function(gt->function, {BoundExpr::ColumnRef(1, LogicalType::Int64(), "v"),
                                           BoundExpr::Constant(Value::Int64(min_v))}));
    auto reader = region.Scan(request, metrics);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<std::string> out;
    if (!reader.ok()) return out;
    while (true) {
      auto b = (*reader)->Next();
      EXPECT_TRUE(b.ok()) << b.status().ToString();
      if (!b.ok() || *b == nullptr) break;
      for (int64_t i = 0; i < (*b)->num_rows(); ++i) {
        const size_t o = with_host ? 1 : 0;
        Row r{with_host ? std::string((*b)->column(0)->GetString(i)) : "*",
              (*b)->column(o)->data<int64_t>()[i], (*b)->column(o + 1)->data<int64_t>()[i]};
        if (r.ts < lo || r.ts >= hi) ADD_FAILURE() << "row outside the time range: " << Line(r);
        if (r.v > min_v) out.push_back(Line(r, with_host));
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string dir_;
  StorageOptions options_;
  ScalarFunction gt_{};
};

TEST_P(RegionScanTest, RandomWritesFlushesAndDeletesMatchTheModel) {
  const bool append = std::get<0>(GetParam());
  gt_.name = ">";
  for (uint32_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::mt19937 rng(seed);
    auto region_or = Region::Open(dir_, Schema(append), options_);
    ASSERT_TRUE(region_or.ok()) << region_or.status().ToString();
    Region& region = **region_or;
    Model model(append);
    int64_t clock = 0;  // time-ordered loads advance it, sharing a tick
    for (int step = 0; step < 14; ++step) {
      const uint32_t what = rng() % 10;
      if (what < 5) {
        std::vector<Row> rows;
        const bool ordered = rng() % 3 != 0;
        const int n = 1 + static_cast<int>(rng() % 12);
        for (int i = 0; i < n; ++i) {
          Row r{"h" + std::to_string(rng() % 5), static_cast<int64_t>(rng() % 10), 0};
          if (ordered) {
            if (rng() % 3 == 0) ++clock;
            r.ts = clock;
          } else {
            r.ts = static_cast<int64_t>(rng() % 40);
          }
          rows.push_back(r);
        }
        ASSERT_TRUE(region.Write(MakeBatch(region, rows), kOpPut).ok());
        model.Put(rows);
      } else if (what < 7 && !model.rows().empty()) {
        std::vector<Row> rows;
        for (int i = 0; i < 2; ++i) rows.push_back(model.rows()[rng() % model.rows().size()]);
        ASSERT_TRUE(region.Write(MakeBatch(region, rows), kOpDelete).ok());
        model.Delete(rows);
      } else if (what < 9) {
        ASSERT_TRUE(region.Flush().ok());
      } else {
        ASSERT_TRUE(region.Compact(rng() % 2 == 0).ok());
      }
      if (step % 3 != 2) continue;
      for (int q = 0; q < 4; ++q) {
        int64_t lo = static_cast<int64_t>(rng() % 42) - 1;
        int64_t hi = lo + 1 + static_cast<int64_t>(rng() % 30);
        if (q == 0) lo = -1, hi = 100;
        const int64_t min_v = q < 2 ? -1 : static_cast<int64_t>(rng() % 8);
        ScanMetrics metrics;
        const bool with_host = q != 1;
        EXPECT_EQ(Scan(region, lo, hi, min_v, &metrics, with_host),
                  model.Lines(lo, hi, min_v, with_host))
            << "step " << step << " range [" << lo << "," << hi << ") v > " << min_v;
      }
    }
  }
}

TEST_P(RegionScanTest, NewerVersionFailingAFieldFilterHidesTheOlderOne) {
  const bool append = std::get<0>(GetParam());
  gt_.name = ">";
  auto region_or = Region::Open(dir_, Schema(append), options_);
  ASSERT_TRUE(region_or.ok());
  Region& region = **region_or;
  Model model(append);
  // File 1: times 0..5 with large values; file 2 touches it at time 5 and
  // rewrites a@5 with a small value; file 3 overlaps both; the memtable
  // rewrites b@2.
  std::vector<std::vector<Row>> writes = {
      {{"a", 100, 0}, {"a", 100, 5}, {"b", 100, 2}, {"b", 100, 5}},
      {{"a", 1, 5}, {"a", 1, 6}, {"c", 1, 5}, {"c", 1, 7}},
      {{"b", 2, 4}, {"b", 3, 6}, {"a", 90, 6}},
      {{"b", 4, 2}}};
  for (size_t i = 0; i < writes.size(); ++i) {
    ASSERT_TRUE(region.Write(MakeBatch(region, writes[i]), kOpPut).ok());
    model.Put(writes[i]);
    if (i + 1 < writes.size()) ASSERT_TRUE(region.Flush().ok());
  }
  for (int64_t min_v : {-1, 0, 2, 50, 95}) {
    for (auto [lo, hi] : {std::pair<int64_t, int64_t>{0, 10}, {5, 6}, {3, 7}, {6, 8}}) {
      for (bool with_host : {true, false}) {
        ScanMetrics metrics;
        EXPECT_EQ(Scan(region, lo, hi, min_v, &metrics, with_host),
                  model.Lines(lo, hi, min_v, with_host))
            << "range [" << lo << "," << hi << ") v > " << min_v;
      }
    }
  }
  // Apart from the shared times, rows stream with full pruning: a range
  // inside file 1 only, filtered on v, skips file 1's small-valued groups.
  ScanMetrics metrics;
  EXPECT_EQ(Scan(region, 0, 1, 50, &metrics), model.Lines(0, 1, 50));
  EXPECT_EQ(metrics.files_scanned, 1);
}

// The page index narrows a row group to the pages a query needs: one host,
// a few timestamps, one page of each column; pruning off decodes them all.
TEST(RegionScanPagesTest, PagesOutsideTheQueryAreNotDecoded) {
  char tmpl[] = "/tmp/copra-region-pages-XXXXXX";
  const std::string dir = mkdtemp(tmpl);
  for (bool pruning : {true, false}) {
    SCOPED_TRACE(pruning ? "pruning" : "no pruning");
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    StorageOptions options;
    options.row_group_rows = 64;  // pages of 8 rows
    options.compaction_trigger_files = 0;
    options.wal_sync = WalSyncMode::kNever;
    options.pruning = pruning;
    auto region = Region::Open(dir, Schema(false), options);
    ASSERT_TRUE(region.ok()) << region.status().ToString();
    ColumnBuilder h(LogicalType::String()), v(LogicalType::Int64()), t(LogicalType::Timestamp());
    for (int host = 0; host < 4; ++host) {
      for (int64_t ts = 0; ts < 64; ++ts) {
        (void)h.AppendString("h" + std::to_string(host));
        v.Append<int64_t>(host * 100 + ts);
        t.Append<int64_t>(ts);
      }
    }
    ASSERT_TRUE((*region)
                    ->Write(Batch::Make((*region)->schema().batch_schema(),
                                        {h.Finish(), v.Finish(), t.Finish()}, 256),
                            kOpPut)
                    .ok());
    ASSERT_TRUE((*region)->Flush().ok());
    auto eq = FunctionRegistry::Global().ResolveScalar(
        "=", {LogicalType::String(), LogicalType::String()});
    ASSERT_TRUE(eq.ok());
    ScanRequest request;
    request.projection = {0, 1, 2};
    request.time_range = TimeRange{16, 24};
    request.filters.push_back(
        BoundExpr::Function(eq->function, {BoundExpr::ColumnRef(0, LogicalType::String(), "host"),
                                           BoundExpr::Constant(Value::String("h1"))}));
    ScanMetrics metrics;
    auto reader = (*region)->Scan(request, &metrics);
    ASSERT_TRUE(reader.ok());
    std::vector<int64_t> values;
    while (true) {
      auto b = (*reader)->Next();
      ASSERT_TRUE(b.ok());
      if (*b == nullptr) break;
      for (int64_t i = 0; i < (*b)->num_rows(); ++i) {
        if ((*b)->column(0)->GetString(i) == "h1")
          values.push_back((*b)->column(1)->data<int64_t>()[i]);
      }
    }
    std::sort(values.begin(), values.end());
    ASSERT_EQ(values.size(), 8u);
    EXPECT_EQ(values.front(), 116);
    EXPECT_EQ(values.back(), 123);
    if (pruning) {
      EXPECT_EQ(metrics.row_groups_scanned, 1);
      EXPECT_EQ(metrics.pages_scanned, 3);  // rows 16-23 of host, v and ts
      EXPECT_EQ(metrics.pages_pruned, 3 * 7);
    } else {
      // Every page of host and ts in all four row groups; v only where a
      // row passed the host and time conditions (late materialization).
      EXPECT_EQ(metrics.row_groups_scanned, 4);
      EXPECT_EQ(metrics.pages_scanned, 2 * 8 * 4 + 1);
      EXPECT_EQ(metrics.pages_pruned, 7);
    }
  }
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Modes, RegionScanTest,
                         ::testing::Combine(::testing::Bool(),
                                            ::testing::Values<int64_t>(1 << 20, 0)));

}  // namespace
}  // namespace copra::storage
