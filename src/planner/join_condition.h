// SplitEquiJoinCondition: finds the hash-join keys in a join condition. The
// physical planner calls it for every join with a condition; a result with
// keys becomes a HashJoinOperator, one without a NestedLoopJoinOperator.
//
// A conjunct `l = r` is a key when one side references only left columns,
// the other only right columns, both have the same type (the binder casts
// comparison operands to a common type) and the type can be hashed
// (JoinHashTable::SupportsKeyType: not INTERVAL). Every other conjunct,
// including equalities within one side or with constants, stays in the
// residual predicate.
#pragma once

#include <cstddef>
#include <vector>

#include "planner/bound_expr.h"

namespace copra {

struct EquiJoinCondition {
  std::vector<BoundExprPtr> left_keys;   // over the left input's columns
  std::vector<BoundExprPtr> right_keys;  // over the right input's columns
  BoundExprPtr residual;                 // over left ++ right; null if none
};

// `condition` is over left ++ right, where the left input has `left_width`
// columns and the right `right_width`.
EquiJoinCondition SplitEquiJoinCondition(const BoundExprPtr& condition, size_t left_width,
                                         size_t right_width);

}  // namespace copra
