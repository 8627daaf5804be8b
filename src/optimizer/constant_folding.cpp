// Rule constant_folding: evaluates row-independent, deterministic
// subexpressions once at plan time. An expression whose evaluation fails
// (e.g. 1/0 inside a CASE branch that may never run) is left as it is, so
// the error, if any, surfaces only when the row actually needs it.
#include "exec/expression_evaluator.h"
#include "optimizer/rules.h"

namespace copra {

namespace {

BoundExprPtr Fold(const BoundExprPtr& expr) {
  if (expr->kind == BoundExprKind::kConstant) return expr;
  if (expr->IsFoldable()) {
    ExpressionEvaluator evaluator;
    Result<Value> v = evaluator.EvaluateConstant(*expr);
    if (v.ok()) {
      Value value = std::move(v).value();
      if (value.type() != expr->type) {
        // Keep the expression's declared type (e.g. a NULL of type BIGINT).
        if (value.is_null()) {
          value = Value::Null(expr->type);
        } else {
          auto cast = value.CastTo(expr->type);
          if (!cast.ok()) return expr;
          value = std::move(cast).value();
        }
      }
      auto folded = std::make_shared<BoundExpr>();
      folded->kind = BoundExprKind::kConstant;
      folded->type = expr->type;
      folded->value = std::move(value);
      folded->name = expr->name;
      folded->pos = expr->pos;
      return folded;
    }
  }
  if (expr->children.empty()) return expr;
  bool changed = false;
  std::vector<BoundExprPtr> children;
  for (const BoundExprPtr& c : expr->children) {
    children.push_back(Fold(c));
    changed |= children.back() != c;
  }
  if (!changed) return expr;
  auto copy = std::make_shared<BoundExpr>(*expr);
  copy->children = std::move(children);
  return copy;
}

Status FoldTree(LogicalPlan* plan) {
  for (LogicalPlanPtr& c : plan->children) COPRA_RETURN_NOT_OK(FoldTree(c.get()));
  return RewriteNodeExpressions(plan, [](const BoundExprPtr& e) -> Result<BoundExprPtr> {
    return Fold(e);
  });
}

class ConstantFoldingRule : public OptimizerRule {
 public:
  const char* name() const override { return "constant_folding"; }
  Result<LogicalPlanPtr> Apply(LogicalPlanPtr plan) const override {
    COPRA_RETURN_NOT_OK(FoldTree(plan.get()));
    return plan;
  }
};

}  // namespace

std::unique_ptr<OptimizerRule> MakeConstantFoldingRule() {
  return std::make_unique<ConstantFoldingRule>();
}

}  // namespace copra
