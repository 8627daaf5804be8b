#include "exec/filter_operator.h"

#include "vector/selection.h"

namespace copra {

FilterOperator::FilterOperator(PhysicalOperatorPtr child, BoundExprPtr predicate)
    : PhysicalOperator(std::move(child)), predicate_(std::move(predicate)) {}

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
