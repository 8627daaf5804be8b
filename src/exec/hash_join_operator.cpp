#include "exec/hash_join_operator.h"

namespace copra {

HashJoinOperator::HashJoinOperator(SchemaPtr schema, PhysicalOperatorPtr left,
                                   PhysicalOperatorPtr right, LogicalJoinType type,
                                   std::vector<BoundExprPtr> left_keys,
                                   std::vector<BoundExprPtr> right_keys, BoundExprPtr residual)
    : JoinOperator(std::move(schema), std::move(left), std::move(right), type, std::move(residual)),
      left_keys_(std::move(left_keys)),
      right_keys_(std::move(right_keys)) {
  COPRA_CHECK(!left_keys_.empty() && left_keys_.size() == right_keys_.size());
  COPRA_CHECK(type != LogicalJoinType::kCross);
}

std::string HashJoinOperator::details() const {
  std::string out = JoinTypeLabel(type());
  out += ", keys=[";
  for (size_t i = 0; i < left_keys_.size(); ++i) {
    if (i > 0) out += ", ";
    out += "(" + left_keys_[i]->ToString() + " = " + right_keys_[i]->ToString() + ")";
  }
  out += "]";
  if (residual() != nullptr) out += ", residual=" + residual()->ToString();
  return out;
}

Result<bool> HashJoinOperator::OnBuild() {
  ExpressionEvaluator evaluator(ctx_->eval);
  std::vector<Datum> keys;
  for (const BoundExprPtr& k : right_keys_) {
    COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*k, *build_));
    keys.push_back(std::move(d));
  }
  table_.Build(keys, build_->num_rows());
  COPRA_RETURN_NOT_OK(ctx_->CheckMemory(EstimateBatchBytes(*build_) + table_.MemoryUsage(),
                                        "hash join build side"));
  return table_.num_indexed() > 0;
}

Status HashJoinOperator::OnProbeBatch() {
  ExpressionEvaluator evaluator(ctx_->eval);
  std::vector<Datum> keys;
  for (const BoundExprPtr& k : left_keys_) {
    COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*k, *probe_));
    keys.push_back(std::move(d));
  }
  table_.Prepare(keys, probe_->num_rows(), &probe_keys_);
  probe_row_ = 0;
  chain_started_ = false;
  return Status::OK();
}

bool HashJoinOperator::CollectCandidates(size_t limit, bool first_only, JoinPairs* pairs) {
  const int64_t n = probe_->num_rows();
  while (probe_row_ < n && pairs->size() < limit) {
    if (!chain_started_) {
      chain_ = table_.First(probe_keys_, probe_row_);
      chain_started_ = true;
    }
    while (chain_ >= 0 && pairs->size() < limit) {
      pairs->Add(static_cast<int32_t>(probe_row_), chain_);
      chain_ = first_only ? -1 : table_.Next(chain_, probe_keys_, probe_row_);
    }
    if (chain_ < 0) {
      ++probe_row_;
      chain_started_ = false;
    }
  }
  return probe_row_ >= n;
}

}  // namespace copra
