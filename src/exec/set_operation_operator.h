// INTERSECT [ALL] and EXCEPT [ALL] by hashing whole rows: the right input is
// counted first, then left rows stream through. Row equality treats NULLs
// as equal (SQL set-operation semantics).
#pragma once

#include <string>
#include <unordered_map>

#include "exec/physical_operator.h"
#include "planner/logical_plan.h"

namespace copra {

class SetOperationOperator : public PhysicalOperator {
 public:
  SetOperationOperator(SchemaPtr schema, PhysicalOperatorPtr left, PhysicalOperatorPtr right,
                       SetOperationType type, bool all);
  std::string name() const override;

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  Status BuildRight();

  SetOperationType type_;
  bool all_;
  bool built_ = false;
  std::unordered_map<std::string, int64_t> right_counts_;
  std::unordered_map<std::string, int64_t> emitted_;
};

}  // namespace copra
