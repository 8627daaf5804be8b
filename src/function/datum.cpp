#include "function/datum.h"

#include "vector/column_builder.h"

namespace copra {

Datum Datum::FromValue(const Value& value) { return Scalar(Column::MakeConstant(value, 1)); }

ColumnPtr Datum::ToColumn(int64_t num_rows) const {
  if (!is_scalar) return column;
  return Column::MakeConstant(column->GetValue(0), num_rows);
}

}  // namespace copra
