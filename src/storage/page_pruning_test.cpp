#include "storage/page_pruning.h"

#include <gtest/gtest.h>

#include <map>

#include "function/scalar_function.h"

namespace copra::storage {
namespace {

// Column 0: time (BIGINT-valued TIMESTAMP), column 1: host (STRING),
// column 2: a nullable BIGINT field. A row group of 1000 rows.
class PagePruningTest : public ::testing::Test {
 protected:
  PagePruningTest() {
    for (const char* op : {"=", "<", ">="}) {
      ScalarFunction f;
      f.name = op;
      ops_[op] = f;
    }
    group_[0] = {Value::Int64(0), Value::Int64(999), 0, 1000};
    group_[1] = {Value::String("a"), Value::String("z"), 0, 1000};
    group_[2] = {Value::Int64(0), Value::Int64(100), 50, 1000};
  }
  // Pages of `column`: first rows and [min, max] per page.
  static ColumnPages Pages(int column, std::vector<int64_t> first,
                           std::vector<std::pair<Value, Value>> bounds,
                           std::vector<int64_t> nulls = {}) {
    ColumnPages p;
    p.column = column;
    p.first_rows = std::move(first);
    for (size_t i = 0; i < bounds.size(); ++i) {
      ColumnRange r;
      const int64_t end = i + 1 < p.first_rows.size() ? p.first_rows[i + 1] : 1000;
      r.num_rows = end - p.first_rows[i];
      r.null_count = i < nulls.size() ? nulls[i] : 0;
      if (!bounds[i].first.is_null()) {
        r.min = bounds[i].first;
        r.max = bounds[i].second;
      }
      p.ranges.push_back(std::move(r));
    }
    return p;
  }
  BoundExprPtr Cmp(const std::string& op, int col, Value v) {
    LogicalType t = group_[col].min->type();
    return BoundExpr::Function(
        &ops_[op], {BoundExpr::ColumnRef(col, t, "c"), BoundExpr::Constant(std::move(v))});
  }
  PagePruning Prune(const std::vector<ColumnPages>& pages, int64_t lo, int64_t hi,
                    std::vector<std::shared_ptr<const BoundExpr>> filters = {}) {
    return PruneRowGroupPages(1000, pages, 0, lo, hi, filters, [this](int c) -> const ColumnRange* {
      auto it = group_.find(c);
      return it == group_.end() ? nullptr : &it->second;
    });
  }
  // Time pages of 250 rows: [0,249], [250,499], ...
  ColumnPages TimePages() {
    return Pages(0, {0, 250, 500, 750},
                 {{Value::Int64(0), Value::Int64(249)},
                  {Value::Int64(250), Value::Int64(499)},
                  {Value::Int64(500), Value::Int64(749)},
                  {Value::Int64(750), Value::Int64(999)}});
  }
  std::map<std::string, ScalarFunction> ops_;
  std::map<int, ColumnRange> group_;
};

std::string Str(const std::vector<RowRange>& ranges) {
  std::string s;
  for (const RowRange& r : ranges)
    s += "[" + std::to_string(r.begin) + "," + std::to_string(r.end) + ")";
  return s;
}

TEST_F(PagePruningTest, TimeRangeAtPageBoundaries) {
  const std::vector<ColumnPages> pages = {TimePages()};
  // [250, 500): exactly the second page.
  PagePruning p = Prune(pages, 250, 500);
  EXPECT_EQ(Str(p.rows), "[250,500)");
  EXPECT_EQ(p.pages_kept, 1);
  EXPECT_EQ(p.pages_pruned, 3);
  // One row past a boundary takes the next page too.
  EXPECT_EQ(Str(Prune(pages, 249, 501).rows), "[0,750)");
  EXPECT_EQ(Str(Prune(pages, 999, 5000).rows), "[750,1000)");
  EXPECT_EQ(Str(Prune(pages, 1000, 5000).rows), "");
  EXPECT_EQ(Str(Prune(pages, -100, 0).rows), "");
}

TEST_F(PagePruningTest, UnalignedColumnsAndAValueSpanningPages) {
  // host pages cut elsewhere: 'k' spans host pages 1 and 2 (rows 300-699).
  ColumnPages host = Pages(1, {0, 300, 600, 900},
                           {{Value::String("a"), Value::String("f")},
                            {Value::String("g"), Value::String("k")},
                            {Value::String("k"), Value::String("m")},
                            {Value::String("n"), Value::String("z")}});
  const std::vector<ColumnPages> pages = {TimePages(), host};
  PagePruning p = Prune(pages, 0, 1000, {Cmp("=", 1, Value::String("k"))});
  EXPECT_EQ(Str(p.rows), "[300,900)");
  // And the time range cuts it further, at a time page boundary.
  p = Prune(pages, 0, 500, {Cmp("=", 1, Value::String("k"))});
  EXPECT_EQ(Str(p.rows), "[300,500)");
  EXPECT_EQ(p.pages_kept, 1 + 1);  // time page 1, host page 1
  // A value no page holds.
  p = Prune(pages, 0, 1000, {Cmp("=", 1, Value::String("h0"))});
  EXPECT_EQ(Str(p.rows), "[300,600)");  // inside ['g', 'k']
  p = Prune(pages, 0, 1000, {Cmp("=", 1, Value::String("0"))});
  EXPECT_EQ(Str(p.rows), "");
  EXPECT_EQ(p.pages_pruned, 8);
}

TEST_F(PagePruningTest, NullsAndMissingStatistics) {
  // Field pages: all NULL, no statistics (unknown), values.
  ColumnPages field = Pages(2, {0, 400, 800},
                            {{Value::Null(LogicalType::Int64()), Value::Null(LogicalType::Int64())},
                             {Value::Null(LogicalType::Int64()), Value::Null(LogicalType::Int64())},
                             {Value::Int64(50), Value::Int64(60)}},
                            {400, -1, 0});
  const std::vector<ColumnPages> pages = {field};
  // x >= 55: the all-NULL page cannot match; the unknown page may.
  EXPECT_EQ(Str(Prune(pages, 0, 1000, {Cmp(">=", 2, Value::Int64(55))}).rows), "[400,1000)");
  // x IS NULL: the page without NULLs cannot match; the unknown one may.
  auto is_null = BoundExpr::IsNull(BoundExpr::ColumnRef(2, LogicalType::Int64(), "x"), false);
  EXPECT_EQ(Str(Prune(pages, 0, 1000, {is_null}).rows), "[0,800)");
  auto not_null = BoundExpr::IsNull(BoundExpr::ColumnRef(2, LogicalType::Int64(), "x"), true);
  EXPECT_EQ(Str(Prune(pages, 0, 1000, {not_null}).rows), "[400,1000)");
  // A filter on a column without a page index uses the row group's range.
  EXPECT_EQ(Str(Prune(pages, 0, 1000, {Cmp("=", 1, Value::String("zz"))}).rows), "");
}

TEST_F(PagePruningTest, RowsOfRanges) {
  EXPECT_EQ(RowsOfRanges({{2, 4}, {7, 8}}), (std::vector<int32_t>{2, 3, 7}));
}

}  // namespace
}  // namespace copra::storage
