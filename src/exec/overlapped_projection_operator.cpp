#include "exec/overlapped_projection_operator.h"

#include <system_error>

#include "common/cancel_flag.h"
#include "exec/projection_operator.h"
#include "function/scalar_function.h"

namespace copra {

OverlappedProjectionOperator::OverlappedProjectionOperator(SchemaPtr schema,
                                                           PhysicalOperatorPtr child,
                                                           std::vector<BoundExprPtr> exprs)
    : PhysicalOperator(std::move(schema), Children(std::move(child))), exprs_(std::move(exprs)) {}

OverlappedProjectionOperator::~OverlappedProjectionOperator() {
  for (auto& f : in_flight_) f.wait();
}

std::string OverlappedProjectionOperator::details() const {
  return ProjectionOperator::ListExprs(exprs_);
}

bool OverlappedProjectionOperator::Overlaps(const BoundExpr& expr) {
  if (expr.kind == BoundExprKind::kFunction && expr.function != nullptr &&
      expr.function->may_overlap_batches != nullptr && expr.function->may_overlap_batches()) {
    return true;
  }
  for (const BoundExprPtr& c : expr.children) {
    if (c != nullptr && Overlaps(*c)) return true;
  }
  return false;
}

Result<BatchPtr> OverlappedProjectionOperator::NextImpl() {
  while (!child_done_ && in_flight_.size() < kBatchesInFlight) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child().Next());
    if (batch == nullptr) {
      child_done_ = true;
      break;
    }
    auto evaluate = [this, batch = std::move(batch), cancel = ctx_->cancel,
                     eval = ctx_->eval]() -> Result<BatchPtr> {
      ScopedCancelFlag cancel_scope(cancel);
      ExpressionEvaluator evaluator(eval);
      return ProjectionOperator::Evaluate(evaluator, exprs_, schema(), *batch);
    };
    try {
      in_flight_.push_back(std::async(std::launch::async, evaluate));  // a copy
    } catch (const std::system_error&) {
      // No thread to be had: evaluate here.
      std::promise<Result<BatchPtr>> done;
      done.set_value(evaluate());
      in_flight_.push_back(done.get_future());
    }
  }
  if (in_flight_.empty()) return BatchPtr();
  std::future<Result<BatchPtr>> first = std::move(in_flight_.front());
  in_flight_.pop_front();
  return first.get();
}

}  // namespace copra
