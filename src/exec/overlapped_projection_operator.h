// OverlappedProjectionOperator: a Projection whose expressions call
// functions that mostly wait for other processes (Python UDFs on the
// worker-process backend; ScalarFunction::may_overlap_batches). It
// evaluates up to kBatchesInFlight input batches at once, each on a thread
// of its own, and returns the results in input order: the workers compute
// the next batch while this one's last parts finish, instead of idling
// while the server collects a batch and prepares the next.
//
// The physical planner uses it for such projections, and below an
// aggregate whose arguments call such functions (physical_planner.cpp).
// Cost: one thread per batch in flight; up to kBatchesInFlight - 1 batches
// are evaluated ahead of the consumer (a LIMIT above may not need them).
//
// Like every operator, used by one thread at a time; the evaluation
// threads only read the batch and the (immutable) expressions, and have
// the statement's cancel flag installed. The destructor waits for
// evaluations still running.
#pragma once

#include <deque>
#include <future>

#include "exec/physical_operator.h"
#include "planner/bound_expr.h"

namespace copra {

class OverlappedProjectionOperator : public PhysicalOperator {
 public:
  static constexpr size_t kBatchesInFlight = 2;

  OverlappedProjectionOperator(SchemaPtr schema, PhysicalOperatorPtr child,
                               std::vector<BoundExprPtr> exprs);
  ~OverlappedProjectionOperator() override;
  std::string name() const override { return "OverlappedProjection"; }
  std::string details() const override;

  // Whether `expr` calls a function that may overlap batches now (see
  // ScalarFunction::may_overlap_batches).
  static bool Overlaps(const BoundExpr& expr);

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  std::vector<BoundExprPtr> exprs_;
  std::deque<std::future<Result<BatchPtr>>> in_flight_;
  bool child_done_ = false;
};

}  // namespace copra
