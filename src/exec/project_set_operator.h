// ProjectSet: runs the set-returning calls of a SELECT list (planner/
// set_function.h) in lockstep. For each input row it evaluates every
// call's rows, emits max(rows) output rows — the input row's columns
// followed by one column per call, NULL once a call has run out — and
// nothing when every call is empty (PostgreSQL 10+ semantics).
//
// Streaming: output batches hold at most ctx->batch_size rows, so
// generate_series(1, 1000000000) needs no memory beyond one batch; an input
// row's rows may span several output batches. Checks for cancellation once
// per output batch. Used by one thread at a time, like every operator.
#pragma once

#include <vector>

#include "exec/physical_operator.h"
#include "planner/set_function.h"

namespace copra {

class ProjectSetOperator : public PhysicalOperator {
 public:
  ProjectSetOperator(SchemaPtr schema, PhysicalOperatorPtr child,
                     std::vector<SetFunctionCall> calls);
  std::string name() const override { return "ProjectSet"; }
  std::string details() const override;

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  // Loads the next input batch and evaluates the calls' arguments; false
  // at the end of the input.
  Result<bool> NextInput();
  // Evaluates every call for input row `row_`.
  Status StartRow();

  std::vector<SetFunctionCall> calls_;
  BatchPtr input_;                            // current input batch, or null
  std::vector<std::vector<ColumnPtr>> args_;  // per call, its argument columns
  int64_t row_ = 0;                           // current input row
  int64_t emitted_ = 0;                       // output rows of row_ so far
  int64_t row_size_ = 0;                      // output rows of row_ in all
  bool row_started_ = false;
  std::vector<SetFunctionRows> rows_;  // per call, for row_
};

}  // namespace copra
