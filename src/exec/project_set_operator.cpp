#include "exec/project_set_operator.h"

#include <algorithm>

#include "vector/column_builder.h"
#include "vector/selection.h"

namespace copra {

ProjectSetOperator::ProjectSetOperator(SchemaPtr schema, PhysicalOperatorPtr child,
                                       std::vector<SetFunctionCall> calls)
    : PhysicalOperator(std::move(schema), Children(std::move(child))), calls_(std::move(calls)) {}

std::string ProjectSetOperator::details() const {
  std::string out;
  for (size_t i = 0; i < calls_.size(); ++i) {
    if (i > 0) out += ", ";
    out += calls_[i].ToString();
  }
  return out;
}

Result<bool> ProjectSetOperator::NextInput() {
  while (true) {
    COPRA_ASSIGN_OR_RETURN(input_, child().Next());
    if (input_ == nullptr) return false;
    if (input_->num_rows() == 0) continue;
    ExpressionEvaluator evaluator(ctx_->eval);
    args_.assign(calls_.size(), {});
    for (size_t k = 0; k < calls_.size(); ++k) {
      for (const BoundExprPtr& a : calls_[k].args) {
        COPRA_ASSIGN_OR_RETURN(ColumnPtr c, evaluator.EvaluateToColumn(*a, *input_));
        args_[k].push_back(std::move(c));
      }
    }
    row_ = 0;
    row_started_ = false;
    return true;
  }
}

Status ProjectSetOperator::StartRow() {
  rows_.clear();
  row_size_ = 0;
  emitted_ = 0;
  for (size_t k = 0; k < calls_.size(); ++k) {
    std::vector<Value> values;
    for (const ColumnPtr& c : args_[k]) values.push_back(c->GetValue(row_));
    COPRA_ASSIGN_OR_RETURN(SetFunctionRows rows, EvaluateSetFunction(calls_[k].kind, values));
    row_size_ = std::max(row_size_, rows.size());
    rows_.push_back(std::move(rows));
  }
  row_started_ = true;
  return Status::OK();
}

Result<BatchPtr> ProjectSetOperator::NextImpl() {
  const int64_t capacity = std::max<int64_t>(1, ctx_->batch_size);
  std::vector<int32_t> take;
  std::vector<ColumnBuilder> out;
  out.reserve(calls_.size());
  for (const SetFunctionCall& c : calls_) out.emplace_back(c.type);
  BatchPtr source;  // the input batch `take` indexes
  while (static_cast<int64_t>(take.size()) < capacity) {
    if (input_ == nullptr || row_ >= input_->num_rows()) {
      // `take` must index one input batch: emit before moving on.
      if (!take.empty()) break;
      COPRA_ASSIGN_OR_RETURN(bool more, NextInput());
      if (!more) return BatchPtr();
    }
    if (!row_started_) COPRA_RETURN_NOT_OK(StartRow());
    source = input_;
    const int64_t n = std::min(row_size_ - emitted_, capacity - static_cast<int64_t>(take.size()));
    for (int64_t j = emitted_; j < emitted_ + n; ++j) {
      take.push_back(static_cast<int32_t>(row_));
      for (size_t k = 0; k < calls_.size(); ++k) {
        if (j < rows_[k].size()) {
          COPRA_RETURN_NOT_OK(out[k].AppendValue(rows_[k].At(j)));
        } else {
          out[k].AppendNull();
        }
      }
    }
    emitted_ += n;
    if (emitted_ >= row_size_) {
      ++row_;
      row_started_ = false;
    }
    COPRA_RETURN_NOT_OK(ctx_->CheckCancelled());
  }
  BatchPtr rows = TakeBatch(*source, take.data(), static_cast<int64_t>(take.size()));
  std::vector<ColumnPtr> columns = rows->columns();
  for (ColumnBuilder& b : out) columns.push_back(b.Finish());
  return Batch::Make(schema(), std::move(columns), static_cast<int64_t>(take.size()));
}

}  // namespace copra
