// Datum: a kernel argument or result — either a Column of the batch's length
// or a scalar (a 1-row Column broadcast over all rows). Scalars let `x + 1`
// run without materializing a column of ones.
#pragma once

#include <cstdint>

#include "vector/column.h"

namespace copra {

struct Datum {
  ColumnPtr column;
  bool is_scalar = false;

  static Datum Scalar(ColumnPtr one_row) { return Datum{std::move(one_row), true}; }
  static Datum Flat(ColumnPtr col) { return Datum{std::move(col), false}; }
  // A scalar Datum holding `value`.
  static Datum FromValue(const Value& value);

  const LogicalType& type() const { return column->type(); }
  // Row index into `column` for logical row i.
  int64_t Index(int64_t i) const { return is_scalar ? 0 : i; }
  bool IsValid(int64_t i) const { return column->IsValid(Index(i)); }
  // A scalar's value (REQUIRES: is_scalar).
  Value ScalarValue() const { return column->GetValue(0); }
  // Materializes to a flat column of `num_rows` rows (copying a scalar).
  ColumnPtr ToColumn(int64_t num_rows) const;
};

}  // namespace copra
