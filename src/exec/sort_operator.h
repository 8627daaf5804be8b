// Sort (ORDER BY), optionally keeping only rows [offset, offset + fetch) of
// the sorted order (TopN). Consumes its whole input first. Keys are
// compared as normalized byte strings (exec/row_key.h); the sort is stable.
//
// Memory: Sort holds its whole input. TopN holds at most about
// 2 * (offset + fetch) + batch_size candidate rows: rows that cannot beat the
// current (offset + fetch)-th best key are dropped as they arrive.
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
  Status TopNInput(int64_t wanted);

  std::vector<SortKey> keys_;
  std::optional<int64_t> fetch_;
  int64_t offset_;
  bool sorted_ = false;
  BatchPtr result_;
  int64_t next_row_ = 0;
};

}  // namespace copra
