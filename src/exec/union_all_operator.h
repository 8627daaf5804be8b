// Concatenates its children's outputs (UNION ALL), re-labelling batches with
// the output schema.
#pragma once

#include "exec/physical_operator.h"

namespace copra {

class UnionAllOperator : public PhysicalOperator {
 public:
  UnionAllOperator(SchemaPtr schema, std::vector<PhysicalOperatorPtr> children)
      : PhysicalOperator(std::move(schema), std::move(children)) {}
  std::string name() const override { return "UnionAll"; }

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  size_t current_ = 0;
};

}  // namespace copra
