// Rule time_sliced_top_n: a TopN whose first sort key is a time bucket of
// the scanned table's time index — date_trunc(unit, ts), date_bin(width,
// ts[, origin]), time_bucket(width, ts[, origin]) or ts itself — needs only
// the newest (DESC) or oldest (ASC) buckets. The rule marks such a TopN
// (LogicalPlan::time_slice_bucket); the physical planner then runs its input
// slice by slice from the bounded end of the scan's time range
// (exec/time_slice_operator.h) and stops once a slice boundary leaves
// enough rows, e.g. `GROUP BY date_trunc('minute', ts) ORDER BY 1 DESC
// LIMIT 5` reads about five minutes instead of everything before the bound.
//
// Exact because each bucket function f is a floor: f(x) <= x, f is
// monotone and f(f(x)) = f(x), so for a slice bound b = f(y) a row is in
// the slice [b, hi) exactly when its bucket is >= b: every group keyed by
// the bucket lies wholly in one slice, and every row of a later slice sorts
// before every row of an earlier one. The time index is NOT NULL, so no
// NULL bucket sorts first.
//
// Applies when the path from the TopN down to its one scan consists of
// projections, filters and aggregates grouped by the key (including the
// pushed-down form of rule aggregate_pushdown), and the scan's time range is
// bounded on the side the slices start from (the TSBS `ts < X` of
// groupby-orderby-limit).
#include "function/scalar_function.h"
#include "optimizer/expression_rewrite.h"
#include "optimizer/rules.h"

namespace copra {

namespace {

// `e` over the output of `node`, rewritten over the table columns of the
// scan at the bottom; null when the path holds something else than
// projections, filters and aggregates whose groups `e` uses.
BoundExprPtr OverTable(BoundExprPtr e, const LogicalPlan& node, const LogicalPlan** scan) {
  auto only_below = [&](size_t n) {
    for (int c : ReferencedColumns(*e)) {
      if (c < 0 || static_cast<size_t>(c) >= n) return false;
    }
    return true;
  };
  switch (node.kind) {
    case LogicalPlanKind::kProjection:
      return OverTable(SubstituteColumns(e, node.exprs), node.child(), scan);
    case LogicalPlanKind::kFilter: return OverTable(e, node.child(), scan);
    case LogicalPlanKind::kAggregate:
      if (!only_below(node.groups.size())) return nullptr;
      return OverTable(SubstituteColumns(e, node.groups), node.child(), scan);
    case LogicalPlanKind::kScan:
      if (node.table == nullptr || node.scan_limit.has_value()) return nullptr;
      *scan = &node;
      if (node.scan_aggregated) {
        if (!only_below(node.groups.size())) return nullptr;
        return SubstituteColumns(e, node.groups);  // groups are over table columns
      }
      if (!only_below(node.projection.size())) return nullptr;
      return RemapColumns(e, node.projection);
    default: return nullptr;
  }
}

bool IsColumn(const BoundExpr& e, int column) {
  return e.kind == BoundExprKind::kColumnRef && e.column_index == column;
}

bool IsConstant(const BoundExpr& e) {
  return e.kind == BoundExprKind::kConstant && !e.value.is_null();
}

// Whether `e` (over table columns) is a floor function of `time` (see the
// header comment).
bool IsTimeBucket(const BoundExpr& e, int time) {
  if (IsColumn(e, time)) return true;
  if (e.kind != BoundExprKind::kFunction || e.function == nullptr) return false;
  const std::string& fn = e.function->name;
  const auto& args = e.children;
  if (fn == "date_trunc") {
    return args.size() == 2 && IsConstant(*args[0]) && IsColumn(*args[1], time);
  }
  if (fn == "date_bin" || fn == "time_bucket") {
    return (args.size() == 2 || args.size() == 3) && IsConstant(*args[0]) &&
           IsColumn(*args[1], time) && (args.size() == 2 || IsConstant(*args[2]));
  }
  return false;
}

void Mark(LogicalPlan* top_n) {
  if (top_n->sort_keys.empty() || !top_n->limit.has_value()) return;
  const LogicalPlan* scan = nullptr;
  BoundExprPtr key = OverTable(top_n->sort_keys[0].expr, top_n->child(), &scan);
  if (key == nullptr || scan == nullptr) return;
  const int time = scan->table->schema().time_index();
  if (time < 0 || scan->table->schema().column(static_cast<size_t>(time)).nullable) return;
  if (!IsTimeBucket(*key, time)) return;
  // The slices start from the bounded end of the range.
  const TimeRange range = scan->time_range.value_or(TimeRange{});
  if (range.IsEmpty()) return;
  if (top_n->sort_keys[0].descending ? range.end == TimeRange{}.end
                                     : range.start == TimeRange{}.start) {
    return;
  }
  std::vector<int> to_first(static_cast<size_t>(time) + 1, -1);
  to_first[static_cast<size_t>(time)] = 0;
  top_n->time_slice_bucket = RemapColumns(key, to_first);
}

void MarkAll(LogicalPlan* plan) {
  for (LogicalPlanPtr& c : plan->children) MarkAll(c.get());
  if (plan->kind == LogicalPlanKind::kTopN) Mark(plan);
}

class TimeSlicedTopNRule : public OptimizerRule {
 public:
  const char* name() const override { return "time_sliced_top_n"; }
  Result<LogicalPlanPtr> Apply(LogicalPlanPtr plan) const override {
    MarkAll(plan.get());
    return plan;
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeTimeSlicedTopNRule() {
  return std::make_unique<TimeSlicedTopNRule>();
}

}  // namespace copra
