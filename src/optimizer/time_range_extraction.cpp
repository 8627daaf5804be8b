// Rule time_range_extraction: for scans of tables with a TIME INDEX, derives
// the range [start, end) of time index values the scan's filters can accept,
// so storage can skip whole files and the scan can skip everything when the
// range is empty. The filters stay: the range only prunes, it never
// decides alone which rows pass.
//
// Recognised conjuncts compare the time index column, or a cast of it to a
// TIMESTAMP of another unit (the binder inserts those when a literal has a
// different precision), with a non-NULL constant of the compared type:
// ts >= c, ts > c, ts < c, ts <= c, ts = c, either way round (BETWEEN arrives
// as two such conjuncts). The ranges of all of them are intersected, and
// with any range the scan already had; an OR of such comparisons (ts IN
// (...)) gives the smallest range covering all of them. Anything else is ignored, which only
// makes the range wider than it could be, never wrong.
#include <algorithm>
#include <limits>

#include "function/scalar_function.h"
#include "optimizer/rules.h"

namespace copra {

namespace {

using Int128 = __int128;

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Floor and ceiling of a / b for b > 0.
Int128 FloorDiv(Int128 a, Int128 b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
Int128 CeilDiv(Int128 a, Int128 b) { return -FloorDiv(-a, b); }

// The values v of the compared expression a conjunct accepts: lo <= v <= hi.
struct Bounds {
  Int128 lo = kMin;
  Int128 hi = kMax;
};

// Reverses the comparison for `c op expr` → `expr op' c`.
std::string Flip(const std::string& op) {
  if (op == "<") return ">";
  if (op == "<=") return ">=";
  if (op == ">") return "<";
  if (op == ">=") return "<=";
  return op;
}

bool BoundsOf(const std::string& op, int64_t c, Bounds* b) {
  if (op == ">=") {
    b->lo = c;
  } else if (op == ">") {
    b->lo = Int128{c} + 1;
  } else if (op == "<=") {
    b->hi = c;
  } else if (op == "<") {
    b->hi = Int128{c} - 1;
  } else if (op == "=" || op == "is_not_distinct_from") {  // c is not NULL
    b->lo = b->hi = c;
  } else {
    return false;
  }
  return true;
}

bool IsTimeColumn(const BoundExpr& e, int time_index) {
  return e.kind == BoundExprKind::kColumnRef && e.column_index == time_index;
}

// If `e` is the time index column, possibly cast to a TIMESTAMP of another
// unit, returns true and the unit conversion: *finer > 1 when the cast
// multiplies the column's ticks, *coarser > 1 when it floor-divides them.
bool MatchTimeExpr(const BoundExpr& e, int time_index, const LogicalType& column_type,
                   int64_t* finer, int64_t* coarser) {
  *finer = *coarser = 1;
  if (IsTimeColumn(e, time_index)) return true;
  if (e.kind != BoundExprKind::kCast || !IsTimeColumn(*e.children[0], time_index)) return false;
  if (column_type.id() != TypeId::kTimestamp || e.type.id() != TypeId::kTimestamp) return false;
  int64_t from = UnitsPerSecond(column_type.unit());
  int64_t to = UnitsPerSecond(e.type.unit());
  if (to >= from) {
    *finer = to / from;
  } else {
    *coarser = from / to;
  }
  return true;
}

// Bounds on the time index column implied by the comparison `conjunct`;
// false when it is not a recognised comparison.
bool ComparisonBounds(const BoundExpr& conjunct, int time_index, const LogicalType& column_type,
                      Bounds* out) {
  if (conjunct.kind != BoundExprKind::kFunction || conjunct.children.size() != 2) return false;
  std::string op = conjunct.function->name;
  const BoundExpr* expr = conjunct.children[0].get();
  const BoundExpr* constant = conjunct.children[1].get();
  if (expr->kind == BoundExprKind::kConstant) {
    std::swap(expr, constant);
    op = Flip(op);
  }
  if (constant->kind != BoundExprKind::kConstant || constant->value.is_null()) return false;
  if (constant->type != expr->type) return false;
  if (!(expr->type.id() == TypeId::kTimestamp || expr->type.IsSignedInteger())) return false;
  int64_t finer, coarser;
  if (!MatchTimeExpr(*expr, time_index, column_type, &finer, &coarser)) return false;
  Bounds v;
  if (!BoundsOf(op, constant->value.GetInt64(), &v)) return false;
  // Map bounds on the compared value back to the column's ticks.
  if (finer > 1) {  // value = ticks * finer
    out->lo = v.lo == kMin ? Int128{kMin} : CeilDiv(v.lo, finer);
    out->hi = v.hi == kMax ? Int128{kMax} : FloorDiv(v.hi, finer);
  } else if (coarser > 1) {  // value = floor(ticks / coarser)
    out->lo = v.lo == kMin ? Int128{kMin} : v.lo * coarser;
    out->hi = v.hi == kMax ? Int128{kMax} : v.hi * coarser + coarser - 1;
  } else {
    *out = v;
  }
  return true;
}

// Bounds implied by `e`: a comparison, an AND (the intersection of what its
// recognised operands imply) or an OR all of whose operands are recognised
// (the smallest range covering them, e.g. for ts IN (a, b)).
bool ColumnBoundsOf(const BoundExpr& e, int time_index, const LogicalType& column_type,
                    Bounds* out) {
  if (e.kind != BoundExprKind::kAnd && e.kind != BoundExprKind::kOr) {
    return ComparisonBounds(e, time_index, column_type, out);
  }
  const bool is_and = e.kind == BoundExprKind::kAnd;
  bool found = false;
  Bounds acc;
  for (const BoundExprPtr& c : e.children) {
    Bounds b;
    if (!ColumnBoundsOf(*c, time_index, column_type, &b)) {
      if (is_and) continue;
      return false;
    }
    if (!found) {
      acc = b;
    } else if (is_and) {
      acc.lo = std::max(acc.lo, b.lo);
      acc.hi = std::min(acc.hi, b.hi);
    } else {
      acc.lo = std::min(acc.lo, b.lo);
      acc.hi = std::max(acc.hi, b.hi);
    }
    found = true;
  }
  if (found) *out = acc;
  return found;
}

int64_t Clamp(Int128 v) { return static_cast<int64_t>(std::clamp<Int128>(v, kMin, kMax)); }

void ExtractTimeRange(LogicalPlan* scan) {
  const int time_index = scan->table->schema().time_index();
  if (time_index < 0) return;
  const LogicalType& column_type =
      scan->table->schema().column(static_cast<size_t>(time_index)).type;
  std::vector<BoundExprPtr> conjuncts;
  for (const BoundExprPtr& f : scan->scan_filters) SplitConjunction(f, &conjuncts);
  bool found = false;
  Int128 lo = kMin, hi = kMax;  // inclusive bounds on the column
  for (const BoundExprPtr& c : conjuncts) {
    Bounds b;
    if (!ColumnBoundsOf(*c, time_index, column_type, &b)) continue;
    found = true;
    lo = std::max(lo, b.lo);
    hi = std::min(hi, b.hi);
  }
  if (!found) return;
  TimeRange range;
  range.start = Clamp(lo);
  // Half-open end; INT64_MAX stays the "+inf" sentinel.
  range.end = hi >= kMax ? kMax : Clamp(hi + 1);
  if (lo > hi) {
    // Nothing can pass: keep the range visibly empty even when a bound
    // saturated.
    range.end = std::min(range.end, range.start);
  }
  if (scan->time_range.has_value()) {
    range.start = std::max(range.start, scan->time_range->start);
    range.end = std::min(range.end, scan->time_range->end);
  }
  scan->time_range = range;
}

void ExtractTree(LogicalPlan* plan) {
  for (LogicalPlanPtr& c : plan->children) ExtractTree(c.get());
  if (plan->kind == LogicalPlanKind::kScan) ExtractTimeRange(plan);
}

class TimeRangeExtractionRule : public OptimizerRule {
 public:
  const char* name() const override { return "time_range_extraction"; }
  Result<LogicalPlanPtr> Apply(LogicalPlanPtr plan) const override {
    ExtractTree(plan.get());
    return plan;
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeTimeRangeExtractionRule() {
  return std::make_unique<TimeRangeExtractionRule>();
}

}  // namespace copra
