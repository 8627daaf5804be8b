// In-list evaluation: `x IN (c1, ..., cn)` as the binder writes it — an OR
// of `x = ci` over one column x and non-NULL constants of x's type — in one
// pass over the column, instead of one comparison per constant, each over
// the rows the earlier ones left open (the generic OR, which gathers the
// column again for every constant). Same three-valued result: NULL where x
// is NULL, else whether x equals some ci. Used by ExpressionEvaluator for
// string and 64-bit integer / timestamp columns (bitwise equality).
//
// Pure function; thread-safe.
#pragma once

#include <optional>

#include "function/datum.h"
#include "planner/bound_expr.h"
#include "vector/batch.h"

namespace copra {

// The value of `expr` over `batch`, or nothing when `expr` is not such an
// in-list (the caller evaluates it the general way).
std::optional<Datum> EvaluateInList(const BoundExpr& expr, const Batch& batch);

}  // namespace copra
