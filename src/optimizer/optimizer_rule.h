// OptimizerRule: one rewrite of the logical plan. Rules are registered in
// one place (optimizer.cpp), run in that order, can each be switched off by
// name (setting `optimizer_disabled_rules`), are timed, and are followed by
// a plan check; EXPLAIN VERBOSE shows the plan after every rule that
// changed it.
//
// Contract: Apply takes the plan by value and returns the rewritten plan
// with the same output schema (column count and types). Rules are
// stateless and thread-safe.
#pragma once

#include "common/status.h"
#include "planner/logical_plan.h"

namespace copra {

class OptimizerRule {
 public:
  virtual ~OptimizerRule() = default;
  // Stable snake_case name, e.g. "constant_folding".
  virtual const char* name() const = 0;
  virtual Result<LogicalPlanPtr> Apply(LogicalPlanPtr plan) const = 0;
};

// Applies `fn` to every expression of `node` (not its children) and
// stores the results back. Used by rules that rewrite expressions.
template <typename Fn>
Status RewriteNodeExpressions(LogicalPlan* node, Fn&& fn) {
  auto apply = [&](BoundExprPtr& e) -> Status {
    if (e == nullptr) return Status::OK();
    COPRA_ASSIGN_OR_RETURN(e, fn(e));
    return Status::OK();
  };
  COPRA_RETURN_NOT_OK(apply(node->predicate));
  for (BoundExprPtr& e : node->exprs) COPRA_RETURN_NOT_OK(apply(e));
  for (BoundExprPtr& e : node->groups) COPRA_RETURN_NOT_OK(apply(e));
  for (BoundExprPtr& e : node->scan_filters) COPRA_RETURN_NOT_OK(apply(e));
  for (AggregateCall& a : node->aggregates) {
    for (BoundExprPtr& e : a.args) COPRA_RETURN_NOT_OK(apply(e));
  }
  for (SortKey& k : node->sort_keys) COPRA_RETURN_NOT_OK(apply(k.expr));
  for (auto& row : node->rows) {
    for (BoundExprPtr& e : row) COPRA_RETURN_NOT_OK(apply(e));
  }
  return Status::OK();
}

}  // namespace copra
