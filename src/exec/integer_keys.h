// Integer keys: hash tables (joins, GROUP BY) keep a single integer-like key
// column (INT*, UINT*, DATE, TIMESTAMP) as plain int64 values instead of
// encoded byte strings; these helpers extract and hash them.
#pragma once

#include <cstdint>

#include "function/datum.h"
#include "types/logical_type.h"

namespace copra {

// True for the types whose values fit an int64 key without loss of identity
// (UINT64 values are reinterpreted, which keeps equality).
bool IsIntegerKeyType(const LogicalType& type);

// Writes the values of rows 0..n of `d` (of an integer key type) to `out`,
// widened to int64; NULL rows get an unspecified value.
void ExtractIntegerKeys(const Datum& d, int64_t n, int64_t* out);

// Multiplicative hashing folds the high product bits (which depend on every
// input bit) into the low bits a bucket mask keeps.
inline uint64_t HashIntegerKey(uint64_t x) {
  x *= 0x9E3779B97F4A7C15ULL;
  return x ^ (x >> 32);
}

}  // namespace copra
