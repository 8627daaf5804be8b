#include "exec/nested_loop_join_operator.h"

#include <algorithm>

namespace copra {

NestedLoopJoinOperator::NestedLoopJoinOperator(SchemaPtr schema, PhysicalOperatorPtr left,
                                               PhysicalOperatorPtr right, LogicalJoinType type,
                                               BoundExprPtr condition)
    : JoinOperator(std::move(schema), std::move(left), std::move(right), type,
                   std::move(condition)) {}

std::string NestedLoopJoinOperator::details() const {
  std::string out = JoinTypeLabel(type());
  if (residual() != nullptr) out += ", on=" + residual()->ToString();
  return out;
}

Status NestedLoopJoinOperator::OnProbeBatch() {
  left_row_ = 0;
  right_row_ = 0;
  return Status::OK();
}

bool NestedLoopJoinOperator::CollectCandidates(size_t limit, bool first_only, JoinPairs* pairs) {
  const int64_t nleft = probe_->num_rows();
  const int64_t nright = build_->num_rows();
  if (nright == 0) return true;
  while (left_row_ < nleft && pairs->size() < limit) {
    int64_t end = first_only ? right_row_ + 1 : nright;
    end = std::min<int64_t>(end, right_row_ + static_cast<int64_t>(limit - pairs->size()));
    for (int64_t r = right_row_; r < end; ++r) {
      pairs->Add(static_cast<int32_t>(left_row_), static_cast<int32_t>(r));
    }
    right_row_ = end;
    if (first_only || right_row_ >= nright) {
      ++left_row_;
      right_row_ = 0;
    }
  }
  return left_row_ >= nleft;
}

}  // namespace copra
