// Expression helpers shared by the optimizer rules that move expressions
// between plan nodes (predicate_pushdown, projection_pruning,
// time_range_extraction). Pure functions over immutable BoundExprs.
#pragma once

#include <vector>

#include "planner/bound_expr.h"

namespace copra {

// True when no function in the tree is non-deterministic (now(), random()):
// evaluating it twice, or on a different set of rows, cannot change results.
bool IsDeterministic(const BoundExpr& expr);

// Returns `expr` with every column ref i replaced by replacements[i] (an
// expression over some other input, e.g. a projection's expression over its
// child). REQUIRES: replacements[i] non-null for every referenced column.
BoundExprPtr SubstituteColumns(const BoundExprPtr& expr,
                               const std::vector<BoundExprPtr>& replacements);

// The input columns `expr` references, sorted and without repeats.
std::vector<int> ReferencedColumns(const BoundExpr& expr);

}  // namespace copra
