// CastValue: SQL CAST on one Value; the reference semantics that cast
// kernels over Columns must match. Pure functions; thread-safe.
//
//   numeric -> numeric   range-checked (kNumericOverflow
//                        `value 300 is out of range for type TINYINT`);
//                        float -> integer rounds half away from zero;
//                        NaN/Infinity -> integer is out of range
//   STRING -> any        parses the text, ignoring surrounding whitespace
//                        (kInvalidText `invalid input syntax for type bigint:
//                        "abc"`; kInvalidDatetime for temporal types)
//   any -> STRING        Value::ToString(), except BINARY: bytes as-is
//   STRING -> BINARY     bytes as-is
//   BOOLEAN <-> integer  true = 1; nonzero = true
//   TIMESTAMP -> TIMESTAMP exact to a finer unit (overflow checked), floored
//                        to a coarser one
//   TIMESTAMP <-> DATE   DATE is midnight UTC; TIMESTAMP floors to its day
//   integer -> TIMESTAMP ticks of the target unit
//   TIMESTAMP -> integer ticks of its unit (range-checked)
//   NULL of any type     NULL of the target type
// Anything else is kDatatypeMismatch `cannot cast type DATE to BOOLEAN`.
#pragma once

#include "common/status.h"
#include "types/logical_type.h"
#include "types/value.h"

namespace copra {

Result<Value> CastValue(const Value& value, const LogicalType& target);

// Whether the binder may insert a cast from `from` to `to` on its own
// (function arguments, comparisons, INSERT): the lossless-enough widenings
// that CommonSuperType also picks, e.g. INT -> BIGINT, BIGINT -> DOUBLE,
// DATE -> TIMESTAMP, TIMESTAMP(3) -> TIMESTAMP(9), STRING -> TIMESTAMP,
// NULL -> anything.
bool CanCastImplicitly(const LogicalType& from, const LogicalType& to);

// Whether CastValue supports the pair at all (for binding CAST).
bool CanCastExplicitly(const LogicalType& from, const LogicalType& to);

}  // namespace copra
