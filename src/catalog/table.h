// Table: what the engine sees of any table — user tables (memory or
// storage-backed), system tables (numbers, information_schema) and later
// external streams. Scans take the optimizer's pushed-down work in a
// ScanRequest.
//
// Thread safety: implementations must allow concurrent Scan/Insert/Delete
// from different sessions.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table_schema.h"
#include "common/status.h"
#include "vector/batch_reader.h"

namespace copra {

struct BoundExpr;
struct AggregateFunction;

// Half-open range [start, end) over the time index, in the column's unit.
struct TimeRange {
  int64_t start = std::numeric_limits<int64_t>::min();
  int64_t end = std::numeric_limits<int64_t>::max();
  bool IsEmpty() const { return start >= end; }
  bool IsUnbounded() const {
    return start == std::numeric_limits<int64_t>::min() &&
           end == std::numeric_limits<int64_t>::max();
  }
};

// Partial aggregation done by the table itself (optimizer rule
// aggregate_pushdown): the scan returns one row per group — the group values
// followed by one column per call — instead of table rows. Expressions are
// over the table's columns, like ScanRequest::filters; the table applies the
// filters exactly before aggregating. A caller merges the partial rows with
// a final aggregate.
struct ScanAggregation {
  struct Call {
    const AggregateFunction* function = nullptr;  // count, sum, min, max (no DISTINCT)
    std::vector<std::shared_ptr<const BoundExpr>> args;
  };
  std::vector<std::shared_ptr<const BoundExpr>> groups;
  std::vector<Call> calls;
  SchemaPtr schema;                  // of the partial rows: groups ++ calls
  int64_t statement_time_nanos = 0;  // for now() in the expressions
};

struct ScanRequest {
  // Table column indexes to produce, in this order. Empty = no columns
  // (the scan still produces row counts, e.g. for count(*)).
  std::vector<int> projection;
  // Only rows whose time index lies in this range are needed.
  std::optional<TimeRange> time_range;
  // Predicates over the table's full row schema (column refs index table
  // columns) that the table MAY use to skip data. The plan re-applies them
  // unless the table reports them exact (not yet).
  std::vector<std::shared_ptr<const BoundExpr>> filters;
  // At most this many rows are needed (no order required).
  std::optional<int64_t> limit;
  // Maximum rows per produced batch.
  int64_t batch_size = kDefaultBatchSize;
  // Set only for tables that SupportsScanAggregation(); `projection` then
  // names the columns the aggregation and the filters read.
  std::shared_ptr<const ScanAggregation> aggregation;
};

// Counters a scan reports for EXPLAIN ANALYZE.
struct ScanMetrics {
  int64_t files_scanned = 0;
  int64_t files_pruned = 0;
  int64_t row_groups_scanned = 0;
  int64_t row_groups_pruned = 0;
  // Data pages (of the column chunks read) decoded, and skipped by the
  // page index or because they held no wanted row.
  int64_t pages_scanned = 0;
  int64_t pages_pruned = 0;
  int64_t rows_scanned = 0;
  int64_t bytes_scanned = 0;
};

class Table {
 public:
  Table(std::string name, TableSchema schema)
      : name_(std::move(name)), schema_(std::move(schema)) {}
  virtual ~Table() = default;

  const std::string& name() const { return name_; }
  const TableSchema& schema() const { return schema_; }
  // System tables are read-only and not listed by SHOW TABLES.
  virtual bool IsSystem() const { return false; }
  // "memory", "mito" (storage), "system"...
  virtual std::string engine() const = 0;

  // Whether Scan takes ScanRequest::aggregation (the storage-side partial
  // aggregation; tables that keep their rows elsewhere save moving them).
  virtual bool SupportsScanAggregation() const { return false; }

  // Opens a scan. The reader's schema is the projected columns, or with an
  // aggregation its schema.
  virtual Result<std::unique_ptr<BatchReader>> Scan(const ScanRequest& request,
                                                    ScanMetrics* metrics) = 0;

  // Appends rows. `batch` has exactly the table's batch_schema() (callers
  // cast, reorder and fill defaults first). Returns rows written.
  virtual Result<int64_t> Insert(const BatchPtr& batch);

  // Per batch of the full table, `predicate` returns a BOOLEAN column;
  // rows where it is TRUE are removed. Returns rows deleted.
  using RowPredicate = std::function<Result<ColumnPtr>(const BatchPtr&)>;
  virtual Result<int64_t> Delete(const RowPredicate& predicate);

 private:
  std::string name_;
  TableSchema schema_;
};

using TablePtr = std::shared_ptr<Table>;

}  // namespace copra
