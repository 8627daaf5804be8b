// Page pruning: narrows a row group to the rows whose data pages may hold
// wanted rows, from the per-page statistics of a Parquet page index
// (ColumnIndex + OffsetIndex). Pages of different columns need not be
// aligned: the row group is cut at every page boundary of every column
// involved, and each piece is kept when the time range and every filter may
// match the statistics of the pages covering it (storage/stats_pruning.h
// decides). Columns without page statistics fall back to the row group's.
//
// Exactness: a dropped piece holds no row that satisfies the time range and
// all the filters, so callers must pass only filters that may drop the rows
// they are applied to (for rows that may have a newer version in another
// source, filters over key and time columns only: see region_scan.h).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "planner/bound_expr.h"
#include "storage/parquet/file_info.h"
#include "storage/stats_pruning.h"

namespace copra::storage {

using parquet::RowRange;

// One column's data pages in a row group.
struct ColumnPages {
  int column = -1;                  // internal (table) column index
  std::vector<int64_t> first_rows;  // ascending, the first is 0
  std::vector<ColumnRange> ranges;  // statistics per page
};

struct PagePruning {
  std::vector<RowRange> rows;  // ascending, disjoint, non-adjacent
  // Pages (summed over `pages`' columns) that hold some kept row, and not.
  int64_t pages_kept = 0;
  int64_t pages_pruned = 0;
};

// Rows [0, num_rows) of a row group that may hold rows with time in
// [lo, hi) (`time_column` < 0: no time condition) satisfying every filter.
// `pages`: the columns that have a page index; `range_of` gives the row
// group's statistics of any other column (or nullptr).
PagePruning PruneRowGroupPages(int64_t num_rows, const std::vector<ColumnPages>& pages,
                               int time_column, int64_t lo, int64_t hi,
                               const std::vector<std::shared_ptr<const BoundExpr>>& filters,
                               const std::function<const ColumnRange*(int column)>& range_of);

// Row offsets [begin, end) of every range, ascending.
std::vector<int32_t> RowsOfRanges(const std::vector<RowRange>& ranges);

}  // namespace copra::storage
