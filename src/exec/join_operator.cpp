#include "exec/join_operator.h"

#include <algorithm>

#include "vector/selection.h"

namespace copra {

namespace {

SchemaPtr ConcatSchemas(const Schema& left, const Schema& right) {
  std::vector<Field> fields = left.fields();
  fields.insert(fields.end(), right.fields().begin(), right.fields().end());
  return std::make_shared<const Schema>(std::move(fields));
}

}  // namespace

JoinOperator::JoinOperator(SchemaPtr schema, PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                           LogicalJoinType type, BoundExprPtr residual)
    : PhysicalOperator(std::move(schema), Children(std::move(left), std::move(right))),
      type_(type),
      residual_(std::move(residual)),
      pair_schema_(ConcatSchemas(*children()[0]->schema(), *children()[1]->schema())),
      keep_left_unmatched_(type == LogicalJoinType::kLeft || type == LogicalJoinType::kFull),
      keep_right_unmatched_(type == LogicalJoinType::kRight || type == LogicalJoinType::kFull) {}

size_t JoinOperator::BatchLimit() const {
  return static_cast<size_t>(std::max<int64_t>(1, ctx_->batch_size));
}

Status JoinOperator::Build() {
  COPRA_ASSIGN_OR_RETURN(build_, MaterializeInput(child(1), *ctx_, "join build side"));
  COPRA_ASSIGN_OR_RETURN(bool can_match, OnBuild());
  if (keep_right_unmatched_) build_matched_.assign(static_cast<size_t>(build_->num_rows()), 0);
  // Without possible matches, INNER, CROSS, RIGHT and SEMI read no probe rows.
  if (!can_match && !keep_left_unmatched_ && type_ != LogicalJoinType::kAnti) {
    phase_ = keep_right_unmatched_ ? Phase::kRightTail : Phase::kDone;
  } else {
    phase_ = Phase::kProbe;
  }
  tail_pos_ = 0;
  return Status::OK();
}

Result<bool> JoinOperator::LoadProbeBatch() {
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child(0).Next());
    if (batch == nullptr) return false;
    if (batch->num_rows() == 0) continue;
    probe_ = std::move(batch);
    probe_done_ = false;
    tail_pos_ = 0;
    if (keep_left_unmatched_ || IsSemiOrAnti(type_)) {
      probe_matched_.assign(static_cast<size_t>(probe_->num_rows()), 0);
    }
    COPRA_RETURN_NOT_OK(OnProbeBatch());
    return true;
  }
}

Status JoinOperator::FilterCandidates(JoinPairs* pairs) {
  if (pairs->empty()) return Status::OK();
  if (residual_ != nullptr) {
    BatchPtr candidates =
        GatherJoinRows(pair_schema_, *child(0).schema(), probe_.get(), *build_, *pairs, false);
    ExpressionEvaluator evaluator(ctx_->eval);
    COPRA_ASSIGN_OR_RETURN(Datum mask, evaluator.Evaluate(*residual_, *candidates));
    if (mask.is_scalar) {
      if (!(mask.column->IsValid(0) && mask.column->GetBool(0))) pairs->Clear();
    } else {
      std::vector<int32_t> kept = SelectTrue(*mask.column);
      if (kept.size() != pairs->size()) pairs->Retain(kept);
    }
  }
  for (size_t i = 0; i < pairs->size(); ++i) {
    if (!probe_matched_.empty()) probe_matched_[static_cast<size_t>(pairs->left[i])] = 1;
    if (!build_matched_.empty()) build_matched_[static_cast<size_t>(pairs->right[i])] = 1;
  }
  return Status::OK();
}

bool JoinOperator::AppendLeftTail(size_t limit, JoinPairs* pairs) {
  // SEMI emits the matched rows, LEFT/FULL/ANTI the unmatched ones.
  const uint8_t wanted = type_ == LogicalJoinType::kSemi ? 1 : 0;
  const int64_t n = probe_->num_rows();
  while (tail_pos_ < n && pairs->size() < limit) {
    if (probe_matched_[static_cast<size_t>(tail_pos_)] == wanted) {
      pairs->Add(static_cast<int32_t>(tail_pos_), -1);
    }
    ++tail_pos_;
  }
  return tail_pos_ >= n;
}

BatchPtr JoinOperator::NextRightTail() {
  const size_t limit = BatchLimit();
  const int64_t n = build_->num_rows();
  JoinPairs pairs;
  while (tail_pos_ < n && pairs.size() < limit) {
    if (!build_matched_[static_cast<size_t>(tail_pos_)]) {
      pairs.Add(-1, static_cast<int32_t>(tail_pos_));
    }
    ++tail_pos_;
  }
  if (pairs.empty()) return BatchPtr();
  return GatherJoinRows(schema(), *child(0).schema(), nullptr, *build_, pairs, false);
}

Result<BatchPtr> JoinOperator::NextProbe() {
  const size_t limit = BatchLimit();
  // Without a residual, SEMI/ANTI only need to know that one match exists.
  const bool first_only = IsSemiOrAnti(type_) && residual_ == nullptr;
  const bool has_left_tail = keep_left_unmatched_ || IsSemiOrAnti(type_);
  JoinPairs pairs;
  if (!probe_done_) {
    probe_done_ = CollectCandidates(limit, first_only, &pairs);
    COPRA_RETURN_NOT_OK(FilterCandidates(&pairs));
    if (IsSemiOrAnti(type_)) pairs.Clear();  // they emit from the tail only
  }
  // Once every row of the probe batch has been visited, its tail rows fill
  // the rest of this output batch (and later ones).
  bool finished = false;
  if (probe_done_) finished = !has_left_tail || AppendLeftTail(limit, &pairs);
  BatchPtr out;
  if (!pairs.empty()) {
    out = GatherJoinRows(schema(), *child(0).schema(), probe_.get(), *build_, pairs,
                         IsSemiOrAnti(type_));
  }
  if (finished) probe_ = nullptr;
  return out;
}

Result<BatchPtr> JoinOperator::NextImpl() {
  while (true) {
    switch (phase_) {
      case Phase::kBuild: COPRA_RETURN_NOT_OK(Build()); break;
      case Phase::kProbe: {
        if (probe_ == nullptr) {
          COPRA_ASSIGN_OR_RETURN(bool more, LoadProbeBatch());
          if (!more) {
            phase_ = keep_right_unmatched_ ? Phase::kRightTail : Phase::kDone;
            tail_pos_ = 0;
            break;
          }
        }
        COPRA_ASSIGN_OR_RETURN(BatchPtr out, NextProbe());
        if (out != nullptr) return out;
        // Long stretches without output (a nested loop over big inputs)
        // must still notice a cancel.
        COPRA_RETURN_NOT_OK(ctx_->CheckCancelled());
        break;
      }
      case Phase::kRightTail: {
        BatchPtr out = NextRightTail();
        if (out != nullptr) return out;
        phase_ = Phase::kDone;
        break;
      }
      case Phase::kDone: return BatchPtr();
    }
  }
}

}  // namespace copra
