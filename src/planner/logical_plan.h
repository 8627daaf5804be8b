// LogicalPlan: the relational algebra tree the binder produces and the
// optimizer rewrites. Each node has an output schema; expressions in a node
// reference the output columns of its child (children[0]) by position, or,
// for joins, of the concatenation left ++ right.
//
// Ownership: a tree of unique_ptrs. Optimizer rules take a plan by value and
// return the rewritten plan (see optimizer/rule.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/table.h"
#include "function/aggregate_function.h"
#include "planner/bound_expr.h"
#include "planner/set_function.h"
#include "vector/batch.h"

namespace copra {

enum class LogicalPlanKind : uint8_t {
  kScan,          // read a table
  kValues,        // literal rows (also the 1-row input of SELECT without FROM)
  kFilter,        // keep rows where `predicate` is TRUE
  kProjection,    // compute `exprs`
  kAggregate,     // GROUP BY `groups`, computing `aggregates`
  kSort,          // ORDER BY `sort_keys`
  kLimit,         // OFFSET `offset` LIMIT `limit`
  kTopN,          // Sort + Limit fused (produced by the optimizer)
  kJoin,          // `join_type` join on `predicate`
  kSetOperation,  // UNION / INTERSECT / EXCEPT [ALL]
  kDistinct,      // remove duplicate rows
  kEmpty,         // no rows (e.g. WHERE FALSE)
  kWindow,        // child columns ++ one column per window function call
  kProjectSet,    // child columns ++ one column per set-returning call (set_function.h)
};

struct SortKey {
  BoundExprPtr expr;
  bool descending = false;
  bool nulls_first = false;
  std::string ToString() const;
};

struct AggregateCall {
  const AggregateFunction* function = nullptr;
  std::vector<BoundExprPtr> args;  // over the child's columns
  // Feed `function` only the distinct non-NULL argument values of each group
  // (sum(DISTINCT x)); false for count(DISTINCT x), bound to count_distinct.
  bool distinct = false;
  // FILTER (WHERE ...): only rows where it is TRUE reach `function`; null =
  // every row. Over the child's columns, like `args`.
  BoundExprPtr filter;
  std::string name;  // display, e.g. "count(*)", "avg(cpu)"
  LogicalType type;
  std::string ToString() const;
};

// Window functions (f(...) OVER (...)): each call has its own partitioning,
// ordering and frame; the kWindow node appends one column per call.
enum class WindowFunctionKind : uint8_t {
  kAggregate,  // any aggregate function over the frame
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,  // args[0] = bucket count (constant)
  kLag,    // args = value [, offset (constant) [, default]]
  kLead,
  kFirstValue,  // over the frame
  kLastValue,
  kNthValue,  // args = value, n (constant)
};

enum class WindowFrameUnit : uint8_t { kRows, kRange };
enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing,
};

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kUnboundedPreceding;
  // kPreceding/kFollowing: a non-negative constant; ROWS: BIGINT rows;
  // RANGE: a number (numeric ORDER BY key) or an INTERVAL (temporal key).
  Value offset;
  std::string ToString() const;
};

// Default (PostgreSQL): RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW,
// i.e. the whole partition when there is no ORDER BY.
struct WindowFrame {
  WindowFrameUnit unit = WindowFrameUnit::kRange;
  FrameBound start{FrameBoundKind::kUnboundedPreceding, Value()};
  FrameBound end{FrameBoundKind::kCurrentRow, Value()};
  std::string ToString() const;
};

struct WindowCall {
  WindowFunctionKind kind = WindowFunctionKind::kAggregate;
  const AggregateFunction* aggregate = nullptr;  // kAggregate
  std::vector<BoundExprPtr> args;                // over the child's columns
  BoundExprPtr filter;                           // kAggregate: FILTER (WHERE ...)
  std::vector<BoundExprPtr> partition_by;        // over the child's columns
  std::vector<SortKey> order_by;                 // over the child's columns
  WindowFrame frame;
  std::string name;  // display: "rank() OVER (PARTITION BY host ORDER BY v)"
  LogicalType type;
  std::string ToString() const { return name; }
};

enum class LogicalJoinType : uint8_t { kInner, kLeft, kRight, kFull, kCross, kSemi, kAnti };
enum class SetOperationType : uint8_t { kUnion, kIntersect, kExcept };

struct LogicalPlan;
using LogicalPlanPtr = std::unique_ptr<LogicalPlan>;

struct LogicalPlan {
  LogicalPlanKind kind;
  SchemaPtr schema;  // output columns
  std::vector<LogicalPlanPtr> children;

  // kScan
  TablePtr table;
  std::string table_alias;                 // for display
  std::vector<int> projection;             // table columns produced, in order
  std::vector<BoundExprPtr> scan_filters;  // over table columns
  std::optional<TimeRange> time_range;     // learned from the filters
  std::optional<int64_t> scan_limit;
  // The table aggregates (rule aggregate_pushdown): `groups` and
  // `aggregates` below are then over table columns, `projection` lists the
  // columns they and the filters read, and the output is groups ++
  // aggregates (partial results, merged by an Aggregate above).
  bool scan_aggregated = false;

  // kValues: rows of constant-foldable expressions
  std::vector<std::vector<BoundExprPtr>> rows;

  // kFilter (also kJoin's condition; null = cross join)
  BoundExprPtr predicate;

  // kProjection
  std::vector<BoundExprPtr> exprs;

  // kAggregate: output = groups ++ aggregates (also kScan with scan_aggregated)
  std::vector<BoundExprPtr> groups;
  std::vector<AggregateCall> aggregates;

  // kSort, kTopN
  std::vector<SortKey> sort_keys;
  // kTopN whose input may run time slice by slice (rule time_sliced_top_n,
  // exec/time_slice_operator.h): the first sort key as a floor function of
  // the time index of the one scan below, over a one-column input holding
  // that column (column 0). Null = no slicing.
  BoundExprPtr time_slice_bucket;

  // kLimit, kTopN
  std::optional<int64_t> limit;
  int64_t offset = 0;

  // kJoin
  LogicalJoinType join_type = LogicalJoinType::kInner;

  // kSetOperation
  SetOperationType set_op = SetOperationType::kUnion;
  bool set_all = false;

  // kWindow
  std::vector<WindowCall> windows;

  // kProjectSet: each input row gives max(rows of each call) output rows
  std::vector<SetFunctionCall> set_functions;

  explicit LogicalPlan(LogicalPlanKind k) : kind(k) {}

  const LogicalPlan& child(size_t i = 0) const { return *children[i]; }

  // One line describing this node: "Filter: (cpu > 1)".
  std::string NodeToString() const;
  // The indented tree, one node per line.
  std::string ToString() const;
  // A deep copy (expressions are shared; they are immutable).
  LogicalPlanPtr Clone() const;
};

// Builders that compute output schemas.
LogicalPlanPtr MakeScan(TablePtr table, std::string alias, std::vector<int> projection);
LogicalPlanPtr MakeValues(SchemaPtr schema, std::vector<std::vector<BoundExprPtr>> rows);
LogicalPlanPtr MakeFilter(LogicalPlanPtr child, BoundExprPtr predicate);
LogicalPlanPtr MakeProjection(LogicalPlanPtr child, std::vector<BoundExprPtr> exprs,
                              std::vector<std::string> names);
LogicalPlanPtr MakeAggregate(LogicalPlanPtr child, std::vector<BoundExprPtr> groups,
                             std::vector<AggregateCall> aggregates);
LogicalPlanPtr MakeSort(LogicalPlanPtr child, std::vector<SortKey> keys);
LogicalPlanPtr MakeLimit(LogicalPlanPtr child, std::optional<int64_t> limit, int64_t offset);
LogicalPlanPtr MakeJoin(LogicalPlanPtr left, LogicalPlanPtr right, LogicalJoinType type,
                        BoundExprPtr condition);
LogicalPlanPtr MakeSetOperation(LogicalPlanPtr left, LogicalPlanPtr right, SetOperationType op,
                                bool all, SchemaPtr schema);
LogicalPlanPtr MakeDistinct(LogicalPlanPtr child);
LogicalPlanPtr MakeEmpty(SchemaPtr schema);
LogicalPlanPtr MakeWindow(LogicalPlanPtr child, std::vector<WindowCall> windows);
LogicalPlanPtr MakeProjectSet(LogicalPlanPtr child, std::vector<SetFunctionCall> calls);

}  // namespace copra
