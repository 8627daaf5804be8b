// ExpressionEvaluator: runs BoundExprs over a Batch, a whole column at a
// time. Function calls dispatch once per batch to the function's kernel; no
// per-row virtual calls. AND, OR, CASE evaluate their later operands only on
// the rows that still need them, so `x <> 0 AND 10 / x > 1` never divides by
// zero.
//
// Stateless apart from the statement context; one per operator, used by one
// thread.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "function/datum.h"
#include "planner/bound_expr.h"
#include "vector/batch.h"

namespace copra {

struct EvalContext {
  // Statement start time (now()), nanoseconds since the epoch.
  int64_t statement_time_nanos = 0;
};

class ExpressionEvaluator {
 public:
  explicit ExpressionEvaluator(EvalContext ctx = {}) : ctx_(ctx) {}

  // Evaluates `expr` over `batch`. The result is a scalar Datum when the
  // expression does not depend on the batch's rows.
  Result<Datum> Evaluate(const BoundExpr& expr, const Batch& batch) const;
  // Same, materialized as a column of batch.num_rows() rows.
  Result<ColumnPtr> EvaluateToColumn(const BoundExpr& expr, const Batch& batch) const;

  // Evaluates a row-independent expression (constant folding, LIMIT
  // arguments, VALUES rows) to a Value.
  Result<Value> EvaluateConstant(const BoundExpr& expr) const;

 private:
  Result<Datum> EvaluateFunction(const BoundExpr& expr, const Batch& batch) const;
  Result<Datum> EvaluateLogical(const BoundExpr& expr, const Batch& batch) const;
  Result<Datum> EvaluateCase(const BoundExpr& expr, const Batch& batch) const;
  Result<Datum> EvaluateCoalesce(const BoundExpr& expr, const Batch& batch) const;

  EvalContext ctx_;
};

}  // namespace copra
