// JoinOperator: the build/probe driver shared by HashJoinOperator and
// NestedLoopJoinOperator. It reads the whole right input (the build side)
// into one batch, then streams the left input (the probe side) batch by
// batch. A subclass only says which (left row, build row) pairs are
// candidates; the driver filters them by the residual predicate, tracks
// which rows matched and emits:
//   INNER/CROSS  matched pairs
//   LEFT         + unmatched left rows with NULL right columns
//   RIGHT        + unmatched build rows with NULL left columns (at the end)
//   FULL         both
//   SEMI/ANTI    left rows with / without a match, left columns only
//                (ANTI is NOT EXISTS: a left row with no match is kept)
//
// Output batches hold at most ctx->batch_size rows: candidates are produced
// at most batch_size at a time, and the subclass resumes where it stopped
// on the next call. Within one probe batch the matched pairs come first,
// then that batch's unmatched left rows (sharing output batches with the
// last matches); the order is otherwise unspecified.
//
// The build side counts against ctx->memory_limit (kOutOfMemory).
#pragma once

#include <vector>

#include "exec/join_output.h"
#include "exec/physical_operator.h"
#include "planner/logical_plan.h"

namespace copra {

class JoinOperator : public PhysicalOperator {
 public:
  // `residual` (may be null: every candidate matches) is over left ++ right
  // columns. `schema` is the join's output schema (left ++ right, or left
  // only for SEMI/ANTI).
  JoinOperator(SchemaPtr schema, PhysicalOperatorPtr left, PhysicalOperatorPtr right,
               LogicalJoinType type, BoundExprPtr residual);

 protected:
  Result<BatchPtr> NextImpl() final;

  // Called once with the materialized build side (build_ is set). Returns
  // whether any probe row can have a candidate; when not, joins that only
  // emit matches skip reading the left input.
  virtual Result<bool> OnBuild() = 0;
  // Called for each new probe batch (probe_ is set) before candidates.
  virtual Status OnProbeBatch() = 0;
  // Appends candidate pairs (row of probe_, row of build_) until `limit`
  // pairs are in `pairs` or the probe batch is exhausted, resuming where the
  // previous call for this probe batch stopped. With `first_only`, one
  // candidate per probe row is enough. Returns true once every probe row
  // has been fully visited.
  virtual bool CollectCandidates(size_t limit, bool first_only, JoinPairs* pairs) = 0;

  LogicalJoinType type() const { return type_; }
  const BoundExprPtr& residual() const { return residual_; }

  BatchPtr build_;  // the whole right input
  BatchPtr probe_;  // the current left batch

 private:
  enum class Phase : uint8_t { kBuild, kProbe, kRightTail, kDone };

  Status Build();
  Result<bool> LoadProbeBatch();
  // The next output of the current probe batch (nullptr if this step
  // produced none); drops probe_ once the batch is finished.
  Result<BatchPtr> NextProbe();
  // Keeps the pairs where the residual is TRUE and marks their rows matched.
  Status FilterCandidates(JoinPairs* pairs);
  // Appends the probe batch's tail rows (unmatched, or for SEMI matched)
  // from tail_pos_ until `pairs` holds `limit`; true once all are appended.
  bool AppendLeftTail(size_t limit, JoinPairs* pairs);
  // The next batch of unmatched build rows (RIGHT/FULL).
  BatchPtr NextRightTail();
  size_t BatchLimit() const;

  LogicalJoinType type_;
  BoundExprPtr residual_;
  SchemaPtr pair_schema_;  // left ++ right: what the residual reads
  bool keep_left_unmatched_;
  bool keep_right_unmatched_;

  Phase phase_ = Phase::kBuild;
  bool probe_done_ = false;             // every row of probe_ visited
  std::vector<uint8_t> build_matched_;  // RIGHT/FULL
  std::vector<uint8_t> probe_matched_;  // LEFT/FULL/SEMI/ANTI
  int64_t tail_pos_ = 0;                // cursor of the probe batch's or the build tail
};

}  // namespace copra
