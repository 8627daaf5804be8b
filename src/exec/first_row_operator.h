// FirstRow: the first row of each partition in a given order — what
// `Filter(row_number() = 1)` over `Window(row_number() OVER (PARTITION BY p
// ORDER BY o))` returns, and so what DISTINCT ON (p) ... ORDER BY p, o means
// — without sorting. The physical planner uses it for exactly that plan
// shape (planner/physical_planner.cpp); its output schema is the window's:
// the input columns and the row_number column (always 1).
//
// Pipeline breaker: one pass over the input keeps, per partition (a
// GroupHashTable id), the best row so far by the ORDER BY keys (ties: the
// earlier row, as a stable sort would), and holds only the input batches
// that still contain a best row. Memory: one order key per partition plus
// those batches (CheckMemory "first row per partition"). Output comes in
// order of the partitions' first appearance. Used by one thread at a time.
#pragma once

#include <string>
#include <vector>

#include "exec/physical_operator.h"
#include "planner/logical_plan.h"

namespace copra {

class FirstRowOperator : public PhysicalOperator {
 public:
  // `schema`: the child's columns followed by the row_number column.
  FirstRowOperator(SchemaPtr schema, PhysicalOperatorPtr child,
                   std::vector<BoundExprPtr> partition_by, std::vector<SortKey> order_by);
  ~FirstRowOperator() override;
  std::string name() const override { return "FirstRow"; }
  std::string details() const override;

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  class Winners;
  Status ConsumeInput();

  std::vector<BoundExprPtr> partition_by_;
  std::vector<SortKey> order_by_;
  bool consumed_ = false;
  std::vector<BatchPtr> output_;
  size_t next_output_ = 0;
};

}  // namespace copra
