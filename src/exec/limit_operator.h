// Skips `offset` rows, then passes at most `limit` rows and stops pulling.
#pragma once

#include <optional>

#include "exec/physical_operator.h"

namespace copra {

class LimitOperator : public PhysicalOperator {
 public:
  LimitOperator(PhysicalOperatorPtr child, std::optional<int64_t> limit, int64_t offset);
  std::string name() const override { return "Limit"; }
  std::string details() const override;

 protected:
  Result<BatchPtr> NextImpl() override;

 private:
  std::optional<int64_t> limit_;
  int64_t to_skip_;
  int64_t emitted_ = 0;
  int64_t offset_;
};

}  // namespace copra
