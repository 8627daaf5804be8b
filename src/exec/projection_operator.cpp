#include "exec/projection_operator.h"

namespace copra {

ProjectionOperator::ProjectionOperator(SchemaPtr schema, PhysicalOperatorPtr child,
                                       std::vector<BoundExprPtr> exprs)
    : PhysicalOperator(std::move(schema), Children(std::move(child))), exprs_(std::move(exprs)) {}

std::string ProjectionOperator::ListExprs(const std::vector<BoundExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    out += exprs[i]->ToString();
  }
  return out;
}

std::string ProjectionOperator::details() const { return ListExprs(exprs_); }

Result<BatchPtr> ProjectionOperator::NextImpl() {
  ExpressionEvaluator evaluator(ctx_->eval);
  COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child().Next());
  if (batch == nullptr) return batch;
  return Evaluate(evaluator, exprs_, schema(), *batch);
}

Result<BatchPtr> ProjectionOperator::Evaluate(ExpressionEvaluator& evaluator,
                                              const std::vector<BoundExprPtr>& exprs,
                                              const SchemaPtr& schema, const Batch& batch) {
  std::vector<ColumnPtr> columns;
  columns.reserve(exprs.size());
  for (const BoundExprPtr& e : exprs) {
    COPRA_ASSIGN_OR_RETURN(ColumnPtr c, evaluator.EvaluateToColumn(*e, batch));
    columns.push_back(std::move(c));
  }
  return Batch::Make(schema, std::move(columns), batch.num_rows());
}

}  // namespace copra
