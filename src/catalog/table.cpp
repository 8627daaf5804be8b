#include "catalog/table.h"

namespace copra {

Result<int64_t> Table::Insert(const BatchPtr&) {
  return Status::Error(ErrorCode::kFeatureNotSupported,
                       "table \"" + name_ + "\" is read-only");
}

Result<int64_t> Table::Delete(const RowPredicate&) {
  return Status::Error(ErrorCode::kFeatureNotSupported,
                       "cannot delete from read-only table \"" + name_ + "\"");
}

}  // namespace copra
