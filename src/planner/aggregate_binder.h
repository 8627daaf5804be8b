// AggregateBinder: the GROUP BY side of binding. Holds the bound group
// expressions and the aggregate calls found in SELECT, HAVING and ORDER BY,
// all over the FROM scope. Expressions bound in aggregate context refer to
// the aggregate node's output: column i < groups().size() is group i, then
// one column per aggregate call.
#pragma once

#include <vector>

#include "planner/bind_scope.h"
#include "planner/logical_plan.h"
#include "sql/ast.h"

namespace copra {

class Binder;

class AggregateBinder {
 public:
  AggregateBinder(Binder* binder, const BindScope* from_scope);

  void AddGroup(BoundExprPtr group) { groups_.push_back(std::move(group)); }
  const std::vector<BoundExprPtr>& groups() const { return groups_; }
  std::vector<AggregateCall>& aggregates() { return aggregates_; }

  // A reference to the group output column `expr` matches (same bound
  // expression), or nullptr when it matches none.
  Result<BoundExprPtr> TryMatchGroup(const Expr& expr);
  // Binds an aggregate call's arguments over the FROM scope, registers it
  // (once per distinct call) and returns a reference to its output column.
  Result<BoundExprPtr> BindAggregateCall(const FunctionCallExpr& call);

 private:
  Binder* binder_;
  const BindScope* from_scope_;
  std::vector<BoundExprPtr> groups_;
  std::vector<std::string> group_keys_;  // ToString of groups_, for matching
  std::vector<AggregateCall> aggregates_;
};

}  // namespace copra
