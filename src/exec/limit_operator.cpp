#include "exec/limit_operator.h"

namespace copra {

LimitOperator::LimitOperator(PhysicalOperatorPtr child, std::optional<int64_t> limit,
                             int64_t offset)
    : PhysicalOperator(std::move(child)),
      limit_(limit),
      to_skip_(offset),
      offset_(offset) {}

std::string LimitOperator::details() const {
  return "skip=" + std::to_string(offset_) +
         ", fetch=" + (limit_ ? std::to_string(*limit_) : std::string("None"));
}

Result<BatchPtr> LimitOperator::NextImpl() {
  while (true) {
    if (limit_.has_value() && emitted_ >= *limit_) return BatchPtr();
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child().Next());
    if (batch == nullptr) return batch;
    int64_t n = batch->num_rows();
    int64_t start = 0;
    if (to_skip_ > 0) {
      start = std::min(to_skip_, n);
      to_skip_ -= start;
    }
    int64_t take = n - start;
    if (limit_.has_value()) take = std::min(take, *limit_ - emitted_);
    if (take <= 0) continue;
    emitted_ += take;
    if (start == 0 && take == n) return batch;
    return batch->Slice(start, take);
  }
}

}  // namespace copra
