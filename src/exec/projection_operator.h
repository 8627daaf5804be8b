// Computes one output column per expression over each input batch.
#pragma once

#include "exec/physical_operator.h"
#include "planner/bound_expr.h"

namespace copra {

class ExpressionEvaluator;

class ProjectionOperator : public PhysicalOperator {
 public:
  ProjectionOperator(SchemaPtr schema, PhysicalOperatorPtr child, std::vector<BoundExprPtr> exprs);
  std::string name() const override { return "Projection"; }
  std::string details() const override;
  // `exprs` as EXPLAIN shows a projection's list: "a, b + 1".
  static std::string ListExprs(const std::vector<BoundExprPtr>& exprs);
  // One column per expression of `exprs` over `batch`, as a batch of `schema`.
  static Result<BatchPtr> Evaluate(ExpressionEvaluator& evaluator,
                                   const std::vector<BoundExprPtr>& exprs, const SchemaPtr& schema,
                                   const Batch& batch);

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  std::vector<BoundExprPtr> exprs_;
};

}  // namespace copra
