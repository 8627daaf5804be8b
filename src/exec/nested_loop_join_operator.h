// Nested-loop join for conditions without equalities (and cross joins):
// materializes the right input, then for each left row evaluates the
// condition against all right rows at once (vectorized along the right).
// Supports INNER, LEFT, RIGHT, FULL and CROSS.
#pragma once

#include "exec/physical_operator.h"
#include "planner/logical_plan.h"

namespace copra {

class NestedLoopJoinOperator : public PhysicalOperator {
 public:
  NestedLoopJoinOperator(SchemaPtr schema, PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                         LogicalJoinType type, BoundExprPtr condition);
  std::string name() const override { return "NestedLoopJoin"; }
  std::string details() const override;

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  Status BuildRight();
  // Output rows for pairs (left_rows[i], right_rows[i]); -1 means NULLs.
  BatchPtr MakeOutput(const Batch& left, const std::vector<int32_t>& left_rows,
                      const std::vector<int32_t>& right_rows) const;

  LogicalJoinType type_;
  BoundExprPtr condition_;
  bool built_ = false;
  BatchPtr right_;                     // whole right input
  std::vector<uint8_t> right_matched_;  // RIGHT/FULL: right rows matched so far
  bool left_done_ = false;
  bool right_tail_done_ = false;
};

// Gathers rows of `col` by index, where index -1 produces NULL.
ColumnPtr TakeColumnOrNull(const Column& col, const std::vector<int32_t>& rows);

}  // namespace copra
