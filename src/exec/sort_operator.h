// Sort (ORDER BY), optionally keeping only rows [offset, offset + fetch) of
// the sorted order (TopN). Consumes its whole input first. Keys are
// compared as normalized byte strings (exec/row_key.h); the sort is stable.
#pragma once

#include <optional>

#include "exec/physical_operator.h"
#include "planner/logical_plan.h"

namespace copra {

class SortOperator : public PhysicalOperator {
 public:
  SortOperator(PhysicalOperatorPtr child, std::vector<SortKey> keys,
               std::optional<int64_t> fetch = std::nullopt, int64_t offset = 0);
  std::string name() const override { return fetch_ ? "TopN" : "Sort"; }
  std::string details() const override;

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  Status SortInput();

  std::vector<SortKey> keys_;
  std::optional<int64_t> fetch_;
  int64_t offset_;
  bool sorted_ = false;
  BatchPtr result_;
  int64_t next_row_ = 0;
};

}  // namespace copra
