// Rule simplify_boolean: removes constant TRUE/FALSE operands from AND/OR,
// double negation, and filters whose predicate is constant.
#include "optimizer/rules.h"

namespace copra {

namespace {

bool IsBoolConstant(const BoundExprPtr& e, bool value) {
  return e->kind == BoundExprKind::kConstant && !e->value.is_null() && e->type.IsBoolean() &&
         e->value.GetBool() == value;
}

bool IsNullConstant(const BoundExprPtr& e) {
  return e->kind == BoundExprKind::kConstant && e->value.is_null();
}

BoundExprPtr Simplify(const BoundExprPtr& expr) {
  if (expr->children.empty()) return expr;
  std::vector<BoundExprPtr> children;
  bool changed = false;
  for (const BoundExprPtr& c : expr->children) {
    children.push_back(Simplify(c));
    changed |= children.back() != c;
  }
  if (expr->kind == BoundExprKind::kAnd || expr->kind == BoundExprKind::kOr) {
    const bool is_and = expr->kind == BoundExprKind::kAnd;
    std::vector<BoundExprPtr> kept;
    for (const BoundExprPtr& c : children) {
      if (IsBoolConstant(c, !is_and)) return c;  // FALSE in AND, TRUE in OR decides
      if (IsBoolConstant(c, is_and)) {
        changed = true;  // neutral element
        continue;
      }
      kept.push_back(c);
    }
    if (kept.empty()) return BoundExpr::Constant(Value::Boolean(is_and));
    if (kept.size() == 1) return kept[0];
    if (!changed) return expr;
    return is_and ? BoundExpr::And(std::move(kept)) : BoundExpr::Or(std::move(kept));
  }
  if (expr->kind == BoundExprKind::kNot && children[0]->kind == BoundExprKind::kNot) {
    return children[0]->children[0];
  }
  if (!changed) return expr;
  auto copy = std::make_shared<BoundExpr>(*expr);
  copy->children = std::move(children);
  return copy;
}

LogicalPlanPtr SimplifyTree(LogicalPlanPtr plan, Status* status) {
  for (LogicalPlanPtr& c : plan->children) c = SimplifyTree(std::move(c), status);
  Status st = RewriteNodeExpressions(plan.get(), [](const BoundExprPtr& e) -> Result<BoundExprPtr> {
    return Simplify(e);
  });
  if (!st.ok()) *status = st;
  if (plan->kind == LogicalPlanKind::kFilter) {
    if (IsBoolConstant(plan->predicate, true)) return std::move(plan->children[0]);
    if (IsBoolConstant(plan->predicate, false) || IsNullConstant(plan->predicate)) {
      return MakeEmpty(plan->schema);
    }
  }
  return plan;
}

class SimplifyBooleanRule : public OptimizerRule {
 public:
  const char* name() const override { return "simplify_boolean"; }
  Result<LogicalPlanPtr> Apply(LogicalPlanPtr plan) const override {
    Status status;
    plan = SimplifyTree(std::move(plan), &status);
    COPRA_RETURN_NOT_OK(status);
    return plan;
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeSimplifyBooleanRule() {
  return std::make_unique<SimplifyBooleanRule>();
}

}  // namespace copra
