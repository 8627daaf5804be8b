#include "optimizer/expression_rewrite.h"

#include <algorithm>

#include "function/scalar_function.h"

namespace copra {

bool IsDeterministic(const BoundExpr& expr) {
  if (expr.kind == BoundExprKind::kFunction && !expr.function->deterministic) return false;
  for (const BoundExprPtr& c : expr.children) {
    if (!IsDeterministic(*c)) return false;
  }
  return true;
}

BoundExprPtr SubstituteColumns(const BoundExprPtr& expr,
                               const std::vector<BoundExprPtr>& replacements) {
  if (expr->kind == BoundExprKind::kColumnRef) {
    const BoundExprPtr& r = replacements.at(static_cast<size_t>(expr->column_index));
    COPRA_CHECK(r != nullptr);
    return r;
  }
  if (expr->children.empty()) return expr;
  std::vector<BoundExprPtr> children;
  children.reserve(expr->children.size());
  bool changed = false;
  for (const BoundExprPtr& c : expr->children) {
    children.push_back(SubstituteColumns(c, replacements));
    changed |= children.back() != c;
  }
  if (!changed) return expr;
  auto copy = std::make_shared<BoundExpr>(*expr);
  copy->children = std::move(children);
  return copy;
}

std::vector<int> ReferencedColumns(const BoundExpr& expr) {
  std::vector<int> out;
  expr.CollectColumns(&out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace copra
