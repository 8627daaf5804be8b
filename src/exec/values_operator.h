// Produces literal rows (VALUES lists, and the single empty row that SELECT
// without FROM reads). Row expressions are evaluated once, at Open.
#pragma once

#include "exec/physical_operator.h"
#include "planner/bound_expr.h"

namespace copra {

class ValuesOperator : public PhysicalOperator {
 public:
  ValuesOperator(SchemaPtr schema, std::vector<std::vector<BoundExprPtr>> rows);
  std::string name() const override { return "Values"; }
  std::string details() const override;

 protected:
  Status OpenImpl() override;
  Result<BatchPtr> NextImpl() override;

 private:
  std::vector<std::vector<BoundExprPtr>> rows_;
  int64_t next_row_ = 0;
  BatchPtr all_;
};

// Produces no rows.
class EmptyOperator : public PhysicalOperator {
 public:
  explicit EmptyOperator(SchemaPtr schema) : PhysicalOperator(std::move(schema), {}) {}
  std::string name() const override { return "Empty"; }

 protected:
  Result<BatchPtr> NextImpl() override { return BatchPtr(); }
};

}  // namespace copra
