// Statistics pruning: decides from a chunk's per-column min/max/null counts
// (a Parquet row group's statistics) whether a pushed-down filter can be
// TRUE for any of its rows. "false" means the chunk can be skipped.
//
// Understood: comparisons (=, <>, <, <=, >, >=) between a column and a
// constant in either order, IS [NOT] NULL, AND, OR; anything else may
// match. Float columns are never pruned by value (NaN sorts above every
// number in Copra but writers may leave it out of min/max). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "planner/bound_expr.h"
#include "types/value.h"

namespace copra::storage {

struct ColumnRange {
  std::optional<Value> min, max;  // absent: unknown
  int64_t null_count = -1;        // -1: unknown
  int64_t num_rows = 0;
};

// `range_of(column)` gives the statistics of a table column, or nullptr.
bool MayMatch(const BoundExpr& filter,
              const std::function<const ColumnRange*(int column)>& range_of);

// The converse: whether `filter` is TRUE for every row of the chunk (same
// forms understood; anything else, floats and unknown statistics: false).
bool MustMatch(const BoundExpr& filter,
               const std::function<const ColumnRange*(int column)>& range_of);

}  // namespace copra::storage
