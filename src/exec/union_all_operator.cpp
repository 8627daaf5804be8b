#include "exec/union_all_operator.h"

namespace copra {

Result<BatchPtr> UnionAllOperator::NextImpl() {
  while (current_ < children().size()) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child(current_).Next());
    if (batch == nullptr) {
      ++current_;
      continue;
    }
    return Batch::Make(schema(), batch->columns(), batch->num_rows());
  }
  return BatchPtr();
}

}  // namespace copra
