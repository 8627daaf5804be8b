// HashJoinOperator: equi-joins. The build side (the right input) is indexed
// in a JoinHashTable by `right_keys`; each probe batch (left input) looks up
// `left_keys`, and pairs with equal keys are the candidates that the
// residual predicate (the ON conjuncts that are not key equalities)
// filters. NULL keys never match. Join types, output order, batch sizes and
// memory accounting are JoinOperator's (exec/join_operator.h).
//
// Created by the physical planner from SplitEquiJoinCondition
// (planner/join_condition.h).
#pragma once

#include <vector>

#include "exec/join_hash_table.h"
#include "exec/join_operator.h"

namespace copra {

class HashJoinOperator : public JoinOperator {
 public:
  // `left_keys` are over the left input's columns, `right_keys` over the
  // right input's (same count >= 1, pairwise equal types that
  // JoinHashTable::SupportsKeyType); `residual` (may be null) over
  // left ++ right columns. REQUIRES: type is not kCross.
  HashJoinOperator(SchemaPtr schema, PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                   LogicalJoinType type, std::vector<BoundExprPtr> left_keys,
                   std::vector<BoundExprPtr> right_keys, BoundExprPtr residual);

  std::string name() const override { return "HashJoin"; }
  // "Inner, keys=[(a = b)], residual=(x < y)"
  std::string details() const override;

 protected:
  Result<bool> OnBuild() override;
  Status OnProbeBatch() override;
  bool CollectCandidates(size_t limit, bool first_only, JoinPairs* pairs) override;

 private:
  std::vector<BoundExprPtr> left_keys_;
  std::vector<BoundExprPtr> right_keys_;
  JoinHashTable table_;

  JoinHashTable::ProbeKeys probe_keys_;
  int64_t probe_row_ = 0;
  int32_t chain_ = -1;  // next build row to emit for probe_row_
  bool chain_started_ = false;
};

}  // namespace copra
