#include "storage/stats_pruning.h"

#include <string>

#include "function/scalar_function.h"

namespace copra::storage {

namespace {

bool Comparable(const LogicalType& a, const LogicalType& b) {
  if (a.IsFloat() || b.IsFloat()) return false;
  if (a.IsInteger() && b.IsInteger()) return true;
  if (a.IsVarWidth() && b.IsVarWidth()) return a.id() == b.id();
  if (a.id() == TypeId::kTimestamp && b.id() == TypeId::kTimestamp) return true;
  if (a.id() == TypeId::kDate && b.id() == TypeId::kDate) return true;
  if (a.IsBoolean() && b.IsBoolean()) return true;
  return false;
}

// Mirror of a comparison when the constant is on the left: 5 < x is x > 5.
std::string Flip(const std::string& op) {
  if (op == "<") return ">";
  if (op == "<=") return ">=";
  if (op == ">") return "<";
  if (op == ">=") return "<=";
  return op;
}

bool ComparisonMayMatch(const std::string& op, const ColumnRange& r, const Value& c) {
  if (c.is_null()) return false;  // comparison with NULL is never TRUE
  if (r.null_count >= 0 && r.null_count == r.num_rows) return false;  // all NULL
  if (!r.min || !r.max || r.min->is_null() || r.max->is_null()) return true;
  if (!Comparable(r.min->type(), c.type())) return true;
  const int cmp_min = r.min->Compare(c);
  const int cmp_max = r.max->Compare(c);
  if (op == "=") return cmp_min <= 0 && cmp_max >= 0;
  if (op == "<>" || op == "!=") return !(cmp_min == 0 && cmp_max == 0);
  if (op == "<") return cmp_min < 0;
  if (op == "<=") return cmp_min <= 0;
  if (op == ">") return cmp_max > 0;
  if (op == ">=") return cmp_max >= 0;
  return true;
}

// Every row (all non-NULL, within [min, max]) compares TRUE with c.
bool ComparisonMustMatch(const std::string& op, const ColumnRange& r, const Value& c) {
  if (c.is_null() || r.null_count != 0) return false;
  if (!r.min || !r.max || r.min->is_null() || r.max->is_null()) return false;
  if (!Comparable(r.min->type(), c.type())) return false;
  const int cmp_min = r.min->Compare(c);
  const int cmp_max = r.max->Compare(c);
  if (op == "=") return cmp_min == 0 && cmp_max == 0;
  if (op == "<>" || op == "!=") return cmp_max < 0 || cmp_min > 0;
  if (op == "<") return cmp_max < 0;
  if (op == "<=") return cmp_max <= 0;
  if (op == ">") return cmp_min > 0;
  if (op == ">=") return cmp_min >= 0;
  return false;
}

}  // namespace

bool MustMatch(const BoundExpr& filter,
               const std::function<const ColumnRange*(int column)>& range_of) {
  switch (filter.kind) {
    case BoundExprKind::kAnd:
      for (const BoundExprPtr& c : filter.children) {
        if (!MustMatch(*c, range_of)) return false;
      }
      return true;
    case BoundExprKind::kOr:
      for (const BoundExprPtr& c : filter.children) {
        if (MustMatch(*c, range_of)) return true;
      }
      return false;
    case BoundExprKind::kIsNull: {
      const BoundExpr& arg = *filter.children[0];
      if (arg.kind != BoundExprKind::kColumnRef) return false;
      const ColumnRange* r = range_of(arg.column_index);
      if (r == nullptr || r->null_count < 0) return false;
      return filter.negated ? r->null_count == 0 : r->null_count == r->num_rows;
    }
    case BoundExprKind::kConstant:
      return !filter.value.is_null() && filter.value.type().IsBoolean() && filter.value.GetBool();
    case BoundExprKind::kFunction: {
      if (filter.function == nullptr || filter.children.size() != 2) return false;
      const std::string& op = filter.function->name;
      const BoundExpr& l = *filter.children[0];
      const BoundExpr& r = *filter.children[1];
      if (l.kind == BoundExprKind::kColumnRef && r.kind == BoundExprKind::kConstant) {
        const ColumnRange* range = range_of(l.column_index);
        return range != nullptr && ComparisonMustMatch(op, *range, r.value);
      }
      if (r.kind == BoundExprKind::kColumnRef && l.kind == BoundExprKind::kConstant) {
        const ColumnRange* range = range_of(r.column_index);
        return range != nullptr && ComparisonMustMatch(Flip(op), *range, l.value);
      }
      return false;
    }
    default: return false;
  }
}

bool MayMatch(const BoundExpr& filter,
              const std::function<const ColumnRange*(int column)>& range_of) {
  switch (filter.kind) {
    case BoundExprKind::kAnd:
      for (const BoundExprPtr& c : filter.children) {
        if (!MayMatch(*c, range_of)) return false;
      }
      return true;
    case BoundExprKind::kOr:
      for (const BoundExprPtr& c : filter.children) {
        if (MayMatch(*c, range_of)) return true;
      }
      return false;
    case BoundExprKind::kIsNull: {
      const BoundExpr& arg = *filter.children[0];
      if (arg.kind != BoundExprKind::kColumnRef) return true;
      const ColumnRange* r = range_of(arg.column_index);
      if (r == nullptr || r->null_count < 0) return true;
      return filter.negated ? r->null_count < r->num_rows : r->null_count > 0;
    }
    case BoundExprKind::kConstant:
      // A constant FALSE or NULL filter matches nothing.
      if (filter.value.is_null()) return false;
      if (filter.value.type().IsBoolean()) return filter.value.GetBool();
      return true;
    case BoundExprKind::kFunction: {
      if (filter.function == nullptr || filter.children.size() != 2) return true;
      const std::string& op = filter.function->name;
      if (op != "=" && op != "<>" && op != "!=" && op != "<" && op != "<=" && op != ">" &&
          op != ">=") {
        return true;
      }
      const BoundExpr& l = *filter.children[0];
      const BoundExpr& r = *filter.children[1];
      if (l.kind == BoundExprKind::kColumnRef && r.kind == BoundExprKind::kConstant) {
        const ColumnRange* range = range_of(l.column_index);
        return range == nullptr || ComparisonMayMatch(op, *range, r.value);
      }
      if (r.kind == BoundExprKind::kColumnRef && l.kind == BoundExprKind::kConstant) {
        const ColumnRange* range = range_of(r.column_index);
        return range == nullptr || ComparisonMayMatch(Flip(op), *range, l.value);
      }
      return true;
    }
    default: return true;
  }
}

}  // namespace copra::storage
