#include "exec/filter_operator.h"

#include "vector/selection.h"

namespace copra {

namespace {
std::vector<PhysicalOperatorPtr> One(PhysicalOperatorPtr c) {
  std::vector<PhysicalOperatorPtr> v;
  v.push_back(std::move(c));
  return v;
}
}  // namespace

FilterOperator::FilterOperator(PhysicalOperatorPtr child, BoundExprPtr predicate)
    // Braces: child->schema() must be read before child is moved (the
    // order of arguments in parentheses is unspecified).
    : PhysicalOperator{child->schema(), One(std::move(child))}, predicate_(std::move(predicate)) {}

Result<BatchPtr> FilterOperator::NextImpl() {
  ExpressionEvaluator evaluator(ctx_->eval);
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child().Next());
    if (batch == nullptr) return batch;
    COPRA_ASSIGN_OR_RETURN(Datum mask, evaluator.Evaluate(*predicate_, *batch));
    if (mask.is_scalar) {
      if (mask.column->IsValid(0) && mask.column->GetBool(0)) return batch;
      continue;
    }
    BatchPtr out = FilterBatch(batch, *mask.column);
    if (out->num_rows() > 0) return out;
  }
}

}  // namespace copra
