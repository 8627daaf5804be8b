// Vectorized CAST. Numeric-to-numeric widening and same-type casts are tight
// typed loops; every other pair goes through CastValue row by row (same
// semantics, slower).
#pragma once

#include "common/status.h"
#include "function/datum.h"

namespace copra {

// Casts `input` (num_rows rows, or a scalar) to `target`. Errors carry the
// offending value (kNumericOverflow, kInvalidText, ...).
Result<Datum> CastDatum(const Datum& input, const LogicalType& target, int64_t num_rows);

}  // namespace copra
