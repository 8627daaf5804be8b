// Hash aggregation: GROUP BY `groups` computing `aggregates`. Consumes its
// whole input at the first Next() (a pipeline breaker), then emits one row
// per group: the group values followed by the aggregate results. Without
// groups it emits exactly one row, even for empty input.
#pragma once

#include <string>
#include <unordered_map>

#include "exec/physical_operator.h"
#include "planner/logical_plan.h"

namespace copra {

class HashAggregateOperator : public PhysicalOperator {
 public:
  HashAggregateOperator(SchemaPtr schema, PhysicalOperatorPtr child,
                        std::vector<BoundExprPtr> groups, std::vector<AggregateCall> aggregates);
  ~HashAggregateOperator() override;
  std::string name() const override { return "HashAggregate"; }
  std::string details() const override;

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  Status ConsumeInput();

  std::vector<BoundExprPtr> groups_;
  std::vector<AggregateCall> aggregates_;
  bool consumed_ = false;
  BatchPtr result_;
  int64_t next_row_ = 0;
};

}  // namespace copra
