// Keeps the rows for which the predicate is TRUE (NULL and FALSE drop).
#pragma once

#include "exec/physical_operator.h"
#include "planner/bound_expr.h"

namespace copra {

class FilterOperator : public PhysicalOperator {
 public:
  FilterOperator(PhysicalOperatorPtr child, BoundExprPtr predicate);
  std::string name() const override { return "Filter"; }
  std::string details() const override { return predicate_->ToString(); }

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  BoundExprPtr predicate_;
};

}  // namespace copra
