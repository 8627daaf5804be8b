// NestedLoopJoinOperator: joins whose condition has no equality between the
// two sides, and cross joins. Every (left row, right row) pair is a
// candidate; the condition (null for a cross join) is evaluated over chunks
// of up to batch_size pairs at a time, walking the left batch row-major
// across the materialized right input. Join types, output order, batch
// sizes and memory accounting are JoinOperator's (exec/join_operator.h).
#pragma once

#include "exec/join_operator.h"

namespace copra {

class NestedLoopJoinOperator : public JoinOperator {
 public:
  NestedLoopJoinOperator(SchemaPtr schema, PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                         LogicalJoinType type, BoundExprPtr condition);
  std::string name() const override { return "NestedLoopJoin"; }
  // "Left, on=(a < b)"
  std::string details() const override;

 protected:
  Result<bool> OnBuild() override { return build_->num_rows() > 0; }
  Status OnProbeBatch() override;
  bool CollectCandidates(size_t limit, bool first_only, JoinPairs* pairs) override;

 private:
  // Position of the next candidate: left row, right row.
  int64_t left_row_ = 0;
  int64_t right_row_ = 0;
};

}  // namespace copra
