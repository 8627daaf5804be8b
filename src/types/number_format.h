// Text <-> numbers and booleans with PostgreSQL's rules. Used by Value,
// casts and (later) string<->number cast kernels. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace copra {

// Shortest text that reads back to the same double: "0.1", "100", "1e+20",
// "1.5e-05", "NaN", "Infinity", "-Infinity", "-0". Fixed notation when the
// decimal exponent is in [-4, 15), as PostgreSQL prints float8.
std::string FormatDouble(double v);
// The same for float (PostgreSQL's float4: fixed when the exponent is in
// [-4, 6)).
std::string FormatFloat(float v);

enum class NumberParse { kOk, kInvalid, kOutOfRange };

// Each parser ignores leading and trailing whitespace.
// Integers: [+-]digits. Unsigned: a '-' is only accepted for zero.
NumberParse ParseInt64(std::string_view text, int64_t* out);
NumberParse ParseUInt64(std::string_view text, uint64_t* out);
// Decimal or exponent notation, "nan", "inf", "infinity" (any case, signed).
NumberParse ParseDouble(std::string_view text, double* out);
NumberParse ParseFloat(std::string_view text, float* out);
// true/yes/on/1 and false/no/off/0, any case, and unique prefixes of the
// words (t, tr, y, of, ...), as PostgreSQL.
bool ParseBool(std::string_view text, bool* out);

}  // namespace copra
