#include "exec/nested_loop_join_operator.h"

#include "vector/column_builder.h"
#include "vector/selection.h"

namespace copra {

ColumnPtr TakeColumnOrNull(const Column& col, const std::vector<int32_t>& rows) {
  bool any_null = false;
  for (int32_t r : rows) any_null |= r < 0;
  if (!any_null) return TakeColumn(col, rows.data(), static_cast<int64_t>(rows.size()));
  ColumnBuilder builder(col.type(), static_cast<int64_t>(rows.size()));
  for (int32_t r : rows) {
    if (r < 0) {
      builder.AppendNull();
    } else {
      builder.AppendFrom(col, r);
    }
  }
  return builder.Finish();
}

NestedLoopJoinOperator::NestedLoopJoinOperator(SchemaPtr schema, PhysicalOperatorPtr left,
                                               PhysicalOperatorPtr right, LogicalJoinType type,
                                               BoundExprPtr condition)
    : PhysicalOperator(std::move(schema), Children(std::move(left), std::move(right))),
      type_(type),
      condition_(std::move(condition)) {}

std::string NestedLoopJoinOperator::details() const {
  static const char* kNames[] = {"Inner", "Left", "Right", "Full", "Cross", "Semi", "Anti"};
  std::string out = kNames[static_cast<int>(type_)];
  if (condition_) out += ", on=" + condition_->ToString();
  return out;
}

Status NestedLoopJoinOperator::BuildRight() {
  std::vector<BatchPtr> batches;
  int64_t rows = 0;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr b, child(1).Next());
    if (b == nullptr) break;
    rows += b->num_rows();
    batches.push_back(std::move(b));
  }
  const Schema& rs = *child(1).schema();
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < rs.num_fields(); ++c) {
    if (batches.empty()) {
      columns.push_back(Column::MakeNull(rs.field(c).type, 0));
      continue;
    }
    std::vector<ColumnPtr> parts;
    for (const BatchPtr& b : batches) parts.push_back(b->column(c));
    columns.push_back(ConcatColumns(parts));
  }
  right_ = Batch::Make(child(1).schema(), std::move(columns), rows);
  right_matched_.assign(static_cast<size_t>(rows), 0);
  return Status::OK();
}

BatchPtr NestedLoopJoinOperator::MakeOutput(const Batch& left, const std::vector<int32_t>& left_rows,
                                            const std::vector<int32_t>& right_rows) const {
  std::vector<ColumnPtr> columns;
  for (const ColumnPtr& c : left.columns()) columns.push_back(TakeColumnOrNull(*c, left_rows));
  for (const ColumnPtr& c : right_->columns()) columns.push_back(TakeColumnOrNull(*c, right_rows));
  return Batch::Make(schema(), std::move(columns), static_cast<int64_t>(left_rows.size()));
}

Result<BatchPtr> NestedLoopJoinOperator::NextImpl() {
  if (!built_) {
    built_ = true;
    COPRA_RETURN_NOT_OK(BuildRight());
  }
  ExpressionEvaluator evaluator(ctx_->eval);
  const int64_t nright = right_->num_rows();
  const bool keep_left = type_ == LogicalJoinType::kLeft || type_ == LogicalJoinType::kFull;
  const bool keep_right = type_ == LogicalJoinType::kRight || type_ == LogicalJoinType::kFull;
  while (!left_done_) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr left, child(0).Next());
    if (left == nullptr) {
      left_done_ = true;
      break;
    }
    std::vector<int32_t> lrows, rrows;
    std::vector<int32_t> all_right(static_cast<size_t>(nright));
    for (int64_t r = 0; r < nright; ++r) all_right[r] = static_cast<int32_t>(r);
    for (int64_t l = 0; l < left->num_rows(); ++l) {
      bool matched = false;
      if (nright > 0) {
        std::vector<int32_t> li(static_cast<size_t>(nright), static_cast<int32_t>(l));
        if (condition_ == nullptr) {
          lrows.insert(lrows.end(), li.begin(), li.end());
          rrows.insert(rrows.end(), all_right.begin(), all_right.end());
          matched = true;
        } else {
          BatchPtr pairs = MakeOutput(*left, li, all_right);
          COPRA_ASSIGN_OR_RETURN(ColumnPtr mask, evaluator.EvaluateToColumn(*condition_, *pairs));
          for (int64_t r = 0; r < nright; ++r) {
            if (mask->IsValid(r) && mask->GetBool(r)) {
              lrows.push_back(static_cast<int32_t>(l));
              rrows.push_back(static_cast<int32_t>(r));
              right_matched_[static_cast<size_t>(r)] = 1;
              matched = true;
            }
          }
        }
      }
      if (!matched && keep_left) {
        lrows.push_back(static_cast<int32_t>(l));
        rrows.push_back(-1);
      }
      COPRA_RETURN_NOT_OK(ctx_->CheckCancelled());
    }
    if (condition_ == nullptr) {
      for (auto& m : right_matched_) m = left->num_rows() > 0 ? 1 : m;
    }
    if (!lrows.empty()) return MakeOutput(*left, lrows, rrows);
  }
  if (keep_right && !right_tail_done_) {
    right_tail_done_ = true;
    std::vector<int32_t> lrows, rrows;
    for (int64_t r = 0; r < nright; ++r) {
      if (!right_matched_[static_cast<size_t>(r)]) {
        lrows.push_back(-1);
        rrows.push_back(static_cast<int32_t>(r));
      }
    }
    if (!lrows.empty()) {
      // No left batch exists here: build the left side as all NULLs.
      std::vector<ColumnPtr> columns;
      for (const Field& f : child(0).schema()->fields()) {
        columns.push_back(Column::MakeNull(f.type, static_cast<int64_t>(lrows.size())));
      }
      for (const ColumnPtr& c : right_->columns()) columns.push_back(TakeColumnOrNull(*c, rrows));
      return Batch::Make(schema(), std::move(columns), static_cast<int64_t>(lrows.size()));
    }
  }
  return BatchPtr();
}

}  // namespace copra
