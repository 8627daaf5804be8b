#include "storage/region.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "function/scalar_function.h"
#include "planner/bound_expr.h"
#include "storage/file_util.h"
#include "vector/column_builder.h"

namespace copra::storage {
namespace {

constexpr int64_t kDay = 86400000;

TableSchema CpuSchema(std::map<std::string, std::string> options = {}) {
  std::vector<TableColumn> cols = {
      {"host", LogicalType::String(), true, ColumnRole::kTag, std::nullopt, ""},
      {"v", LogicalType::Float64(), true, ColumnRole::kField, std::nullopt, ""},
      {"ts", LogicalType::Timestamp(), false, ColumnRole::kTimeIndex, std::nullopt, ""}};
  return TableSchema(std::move(cols), {0}, 2, std::move(options));
}

struct Row {
  std::string host;
  double v;
  int64_t ts;
};

class RegionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/copra-region-XXXXXX";
    dir_ = mkdtemp(tmpl);
    options_.memtable_bytes = 1 << 30;
    options_.row_group_rows = 4;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::shared_ptr<Region> Open(const TableSchema& schema) {
    auto r = Region::Open(dir_, schema, options_);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : nullptr;
  }

  BatchPtr MakeBatch(const Region& region, const std::vector<Row>& rows) {
    ColumnBuilder h(LogicalType::String()), v(LogicalType::Float64()), t(LogicalType::Timestamp());
    for (const Row& r : rows) {
      (void)h.AppendString(r.host);
      v.Append<double>(r.v);
      t.Append<int64_t>(r.ts);
    }
    return Batch::Make(region.schema().batch_schema(), {h.Finish(), v.Finish(), t.Finish()},
                       static_cast<int64_t>(rows.size()));
  }

  void Put(Region& region, const std::vector<Row>& rows, uint8_t op = kOpPut) {
    auto n = region.Write(MakeBatch(region, rows), op);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
  }

  // "host/v/ts" of every visible row, sorted.
  std::vector<std::string> ScanAll(Region& region, ScanRequest request = {},
                                   ScanMetrics* metrics = nullptr) {
    request.projection = {0, 1, 2};
    ScanMetrics local;
    auto reader = region.Scan(request, metrics ? metrics : &local);
    EXPECT_TRUE(reader.ok()) << reader.status().ToString();
    std::vector<std::string> out;
    if (!reader.ok()) return out;
    while (true) {
      auto b = (*reader)->Next();
      EXPECT_TRUE(b.ok()) << b.status().ToString();
      if (!b.ok() || *b == nullptr) break;
      for (int64_t i = 0; i < (*b)->num_rows(); ++i) {
        out.push_back(std::string((*b)->column(0)->GetString(i)) + "/" +
                      (*b)->column(1)->GetValue(i).ToString() + "/" +
                      std::to_string((*b)->column(2)->data<int64_t>()[i]));
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string dir_;
  StorageOptions options_;
};

using Rows = std::vector<std::string>;

TEST_F(RegionTest, LaterWriteReplacesEarlierInMemtableAndAcrossFiles) {
  auto region = Open(CpuSchema());
  Put(*region, {{"a", 1, 10}, {"b", 2, 10}, {"a", 3, 10}});
  EXPECT_EQ(ScanAll(*region), (Rows{"a/3/10", "b/2/10"}));
  ASSERT_TRUE(region->Flush().ok());
  Put(*region, {{"b", 5, 10}});
  EXPECT_EQ(ScanAll(*region), (Rows{"a/3/10", "b/5/10"}));
  ASSERT_TRUE(region->Flush().ok());
  EXPECT_EQ(region->stats().files, 2);
  EXPECT_EQ(ScanAll(*region), (Rows{"a/3/10", "b/5/10"}));
  ASSERT_TRUE(region->Compact(true).ok());
  EXPECT_EQ(region->stats().files, 1);
  EXPECT_EQ(ScanAll(*region), (Rows{"a/3/10", "b/5/10"}));
}

TEST_F(RegionTest, AppendModeKeepsDuplicates) {
  auto region = Open(CpuSchema({{"append_mode", "true"}}));
  Put(*region, {{"a", 1, 10}, {"a", 1, 10}});
  ASSERT_TRUE(region->Flush().ok());
  Put(*region, {{"a", 1, 10}});
  EXPECT_EQ(ScanAll(*region), (Rows{"a/1/10", "a/1/10", "a/1/10"}));
}

TEST_F(RegionTest, DeleteMarkersHideOlderRowsEverywhere) {
  auto region = Open(CpuSchema());
  Put(*region, {{"a", 1, 10}, {"b", 2, 10}, {"c", 3, kDay}});
  ASSERT_TRUE(region->Flush().ok());
  Put(*region, {{"a", 1, 10}}, kOpDelete);
  EXPECT_EQ(ScanAll(*region), (Rows{"b/2/10", "c/3/" + std::to_string(kDay)}));
  ASSERT_TRUE(region->Flush().ok());
  EXPECT_EQ(ScanAll(*region), (Rows{"b/2/10", "c/3/" + std::to_string(kDay)}));
  Put(*region, {{"a", 7, 10}});  // written again after the delete
  EXPECT_EQ(ScanAll(*region), (Rows{"a/7/10", "b/2/10", "c/3/" + std::to_string(kDay)}));
  ASSERT_TRUE(region->Flush().ok());
  ASSERT_TRUE(region->Compact(true).ok());
  EXPECT_EQ(ScanAll(*region), (Rows{"a/7/10", "b/2/10", "c/3/" + std::to_string(kDay)}));
}

TEST_F(RegionTest, PartialCompactionKeepsDeleteMarkers) {
  options_.compaction_max_input_bytes = 3000;  // the two small files, not the big one
  auto region = Open(CpuSchema());
  std::vector<Row> many;
  for (int i = 0; i < 2000; ++i) many.push_back({"h" + std::to_string(i * 7919), 1.0 * i, 10});
  many.push_back({"a", 1, 10});
  Put(*region, many);
  ASSERT_TRUE(region->Flush().ok());
  Put(*region, {{"a", 1, 10}}, kOpDelete);
  ASSERT_TRUE(region->Flush().ok());
  Put(*region, {{"zz", 2, 10}});
  ASSERT_TRUE(region->Flush().ok());
  ASSERT_TRUE(region->Compact(true).ok());
  EXPECT_EQ(region->stats().files, 2);  // big file + the merged small ones
  Rows rows = ScanAll(*region);
  EXPECT_EQ(rows.size(), 2001u);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), "a/1/10"), 0);
}

TEST_F(RegionTest, CompactionMergesNeighboursInTimeSoFilesDoNotOverlap) {
  options_.compaction_trigger_files = 4;
  auto region = Open(CpuSchema());
  // Four flushes in time order (each touching the next at one timestamp);
  // the first and third are small. Merging the smallest files first would
  // give a file spanning the second one.
  const int sizes[] = {2, 400, 2, 400};
  int64_t t = 0;
  for (int f = 0; f < 4; ++f) {
    std::vector<Row> rows;
    for (int i = 0; i < sizes[f]; ++i) rows.push_back({"h" + std::to_string(i % 7), 1.0 * i, t++});
    --t;  // the next file starts at this file's last timestamp
    Put(*region, rows);
    ASSERT_TRUE(region->Flush().ok());
  }
  Rows before = ScanAll(*region);
  Result<Manifest> m = LoadManifest(dir_);
  ASSERT_TRUE(m.ok());
  int64_t big = 0, small = m->files[0].file_bytes;
  for (const FileMeta& f : m->files) {
    big = std::max(big, f.file_bytes);
    small = std::min(small, f.file_bytes);
  }
  options_.compaction_max_input_bytes = big + small;  // one big file + a small one
  region.reset();
  region = Open(CpuSchema());
  ASSERT_TRUE(region->Compact(false).ok());
  m = LoadManifest(dir_);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->files.size(), 3u);
  std::vector<FileMeta> files = m->files;
  std::sort(files.begin(), files.end(),
            [](const FileMeta& a, const FileMeta& b) { return a.min_time < b.min_time; });
  for (size_t i = 1; i < files.size(); ++i) {
    EXPECT_LE(files[i - 1].max_time, files[i].min_time) << "files " << i - 1 << " and " << i;
  }
  EXPECT_EQ(ScanAll(*region), before);
  ASSERT_TRUE(region->Compact(true).ok());  // every run of neighbours within the budget
  EXPECT_EQ(ScanAll(*region), before);
}

// A time-ordered load flushes files that share no time. Background
// compaction leaves big ones alone (fewer than compaction_trigger_files fit
// in its budget) but merges them as soon as two share time, and merges
// small ones when enough of them fit in one step.
TEST_F(RegionTest, BackgroundCompactionMergesFilesThatShareTimeOrAreSmall) {
  options_.compaction_trigger_files = 3;
  auto flush_range = [&](Region& region, int64_t first, int64_t last) {
    std::vector<Row> rows;
    for (int64_t t = first; t <= last; ++t) rows.push_back({"h" + std::to_string(t % 5), 1.0, t});
    Put(region, rows);
    ASSERT_TRUE(region.Flush().ok());
  };
  auto region = Open(CpuSchema());
  for (int f = 0; f < 4; ++f) flush_range(*region, f * 100, f * 100 + 99);  // disjoint
  Result<Manifest> m = LoadManifest(dir_);
  ASSERT_TRUE(m.ok());
  int64_t largest = 0;
  for (const FileMeta& f : m->files) largest = std::max(largest, f.file_bytes);
  Rows before = ScanAll(*region);

  // Two of them fit in one step: not worth rewriting, as they share no time.
  options_.compaction_max_input_bytes = 2 * largest;
  region.reset();
  region = Open(CpuSchema());
  EXPECT_FALSE(region->NeedsCompaction(0));
  ASSERT_TRUE(region->Compact(false).ok());
  EXPECT_EQ(region->stats().files, 4);

  // A late file overlapping the second one's time: both are merged.
  flush_range(*region, 150, 160);
  EXPECT_TRUE(region->NeedsCompaction(0));
  ASSERT_TRUE(region->Compact(false).ok());
  EXPECT_EQ(region->stats().files, 4);
  EXPECT_FALSE(region->NeedsCompaction(0));
  EXPECT_EQ(ScanAll(*region), before);  // the late rows replaced equal ones

  // With room for three files in a step, the trigger's number of them are
  // merged even though they share no time.
  options_.compaction_max_input_bytes = 3 * largest;
  region.reset();
  region = Open(CpuSchema());
  Result<Manifest> now = LoadManifest(dir_);
  ASSERT_TRUE(now.ok());
  ASSERT_TRUE(region->Compact(false).ok());
  EXPECT_LT(region->stats().files, 4);
  EXPECT_EQ(ScanAll(*region), before);
}

TEST_F(RegionTest, RecoversFromWalAndFiles) {
  {
    auto region = Open(CpuSchema());
    Put(*region, {{"a", 1, 10}});
    ASSERT_TRUE(region->Flush().ok());
    Put(*region, {{"b", 2, 20}});
    Put(*region, {{"a", 9, 10}});
  }
  auto region = Open(CpuSchema());
  EXPECT_EQ(ScanAll(*region), (Rows{"a/9/10", "b/2/20"}));
  EXPECT_EQ(region->stats().memtable_rows, 2);
  Put(*region, {{"c", 3, 30}});
  ASSERT_TRUE(region->Flush().ok());
  region.reset();
  region = Open(CpuSchema());
  EXPECT_EQ(ScanAll(*region), (Rows{"a/9/10", "b/2/20", "c/3/30"}));
  EXPECT_EQ(region->stats().memtable_rows, 0);
  // The WAL no longer holds flushed rows.
  int segments = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_ + "/wal")) {
    segments += std::filesystem::file_size(e.path()) > 0 ? 1 : 0;
  }
  EXPECT_EQ(segments, 0);
}

TEST_F(RegionTest, FilesAreSplitByTimeWindowAndPrunedByTime) {
  auto region = Open(CpuSchema());
  Put(*region, {{"a", 1, 0}, {"a", 2, kDay + 5}, {"a", 3, 2 * kDay + 5}, {"b", 4, kDay + 6}});
  ASSERT_TRUE(region->Flush().ok());
  EXPECT_EQ(region->stats().files, 3);
  ScanRequest request;
  request.time_range = TimeRange{kDay, 2 * kDay};
  ScanMetrics metrics;
  EXPECT_EQ(ScanAll(*region, request, &metrics),
            (Rows{"a/2/" + std::to_string(kDay + 5), "b/4/" + std::to_string(kDay + 6)}));
  EXPECT_EQ(metrics.files_scanned, 1);
  EXPECT_EQ(metrics.files_pruned, 2);
}

TEST_F(RegionTest, RowGroupsArePrunedByTagStatistics) {
  auto region = Open(CpuSchema());
  std::vector<Row> rows;
  for (int h = 0; h < 4; ++h) {
    for (int i = 0; i < 4; ++i) rows.push_back({"h" + std::to_string(h), 1.0 * i, i});
  }
  Put(*region, rows);
  ASSERT_TRUE(region->Flush().ok());
  ScalarFunction eq;
  eq.name = "=";
  ScanRequest request;
  request.filters.push_back(
      BoundExpr::Function(&eq, {BoundExpr::ColumnRef(0, LogicalType::String(), "host"),
                                BoundExpr::Constant(Value::String("h2"))}));
  ScanMetrics metrics;
  Rows got = ScanAll(*region, request, &metrics);
  EXPECT_EQ(got.size(), 4u);  // one row group of 4 rows, all host h2
  EXPECT_EQ(metrics.row_groups_scanned, 1);
  EXPECT_EQ(metrics.row_groups_pruned, 3);
}

TEST_F(RegionTest, TtlHidesAndCompactionDropsExpiredRows) {
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  auto region = Open(CpuSchema({{"ttl", "1d"}}));
  Put(*region, {{"old", 1, now - 3 * kDay}, {"new", 2, now}});
  EXPECT_EQ(ScanAll(*region), (Rows{"new/2/" + std::to_string(now)}));
  ASSERT_TRUE(region->Flush().ok());
  EXPECT_EQ(ScanAll(*region), (Rows{"new/2/" + std::to_string(now)}));
  EXPECT_EQ(region->stats().file_rows, 1);  // the flush left the expired row out
}

TEST_F(RegionTest, DiskFullIsAClearErrorAndLosesNothing) {
  auto region = Open(CpuSchema());
  Put(*region, {{"a", 1, 10}});
  SetDiskFullForTesting(true);
  auto written = region->Write(MakeBatch(*region, {{"b", 2, 10}}), kOpPut);
  Status flushed = region->Flush();
  SetDiskFullForTesting(false);
  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.status().code(), ErrorCode::kDiskFull);
  EXPECT_EQ(flushed.code(), ErrorCode::kDiskFull);
  EXPECT_EQ(ScanAll(*region), (Rows{"a/1/10"}));
  Put(*region, {{"c", 3, 10}});
  ASSERT_TRUE(region->Flush().ok());
  region.reset();
  region = Open(CpuSchema());
  EXPECT_EQ(ScanAll(*region), (Rows{"a/1/10", "c/3/10"}));
}

TEST_F(RegionTest, CorruptDataFileIsAStatementErrorNotACrash) {
  auto region = Open(CpuSchema());
  Put(*region, {{"a", 1, 10}});
  ASSERT_TRUE(region->Flush().ok());
  for (const auto& e : std::filesystem::directory_iterator(dir_ + "/files")) {
    std::ofstream(e.path(), std::ios::trunc | std::ios::binary) << "not a parquet file at all";
  }
  ScanRequest request;
  request.projection = {0, 1, 2};
  ScanMetrics metrics;
  auto reader = region->Scan(request, &metrics);
  Status st = reader.ok() ? (*reader)->Next().status() : reader.status();
  EXPECT_EQ(st.code(), ErrorCode::kDataCorrupted) << st.ToString();
  EXPECT_NE(st.message().find(".parquet"), std::string::npos) << st.message();
  Put(*region, {{"b", 2, 20}});  // writes still work
}

}  // namespace
}  // namespace copra::storage
