// Scan aggregation: the storage side of the optimizer's aggregate_pushdown
// (TiKV's coprocessor does the same in its region scans). Wraps a region's
// row stream — already merged and resolved to one version per (tags, time),
// so the aggregate sees exactly the rows a plain scan would return — applies
// the pushed-down filters exactly, evaluates the GROUP BY expressions and
// folds the rows into per-group partial states. Only the partial rows (one
// per group and per kRowsPerPartial rows read, ScanAggregation::schema)
// leave the storage layer; the plan's final aggregate merges them. Emitting
// partials every so often bounds the time between two returns to the plan
// (which checks for cancellation per batch) and the hash table's memory.
//
// `rows` must already be cut to the request's time range exactly (the
// region scan does): the plan drops filter conjuncts on the time index that
// the range implies (exec/table_scan_operator.cpp).
//
// Ownership: the reader owns `rows`. Thread safety: one thread (BatchReader
// contract).
#pragma once

#include <memory>
#include <vector>

#include "catalog/table.h"
#include "storage/stats_pruning.h"

namespace copra::storage {

// `rows` produces batches of the table columns `columns` (in that order);
// `filters` and the aggregation's expressions are over table columns.
// `metrics->rows_scanned` counts the rows read (before the filters).
// Whether row groups can answer `aggregation` from their statistics alone:
// no GROUP BY, and only count(*), count(column), and min/max of a column
// that is not a float (NaN is never in the statistics).
bool StatisticsCanAnswer(const ScanAggregation& aggregation);

// The partial row (aggregation.schema) of a chunk of `num_rows` rows from
// its statistics (`range_of(table column)`), or nullptr when they lack
// something. REQUIRES: StatisticsCanAnswer(aggregation), and every row of
// the chunk is wanted (one version each, inside the time range, every
// filter TRUE: see MustMatch).
BatchPtr PartialFromStatistics(const ScanAggregation& aggregation, int64_t num_rows,
                               const std::function<const ColumnRange*(int column)>& range_of);

Result<std::unique_ptr<BatchReader>> MakeScanAggregateReader(
    std::unique_ptr<BatchReader> rows, const std::vector<int>& columns,
    const std::vector<std::shared_ptr<const BoundExpr>>& filters,
    std::shared_ptr<const ScanAggregation> aggregation, int64_t batch_size, ScanMetrics* metrics,
    int64_t rows_per_partial = int64_t{1} << 20);

}  // namespace copra::storage
