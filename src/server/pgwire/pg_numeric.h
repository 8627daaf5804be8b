// PostgreSQL's binary NUMERIC format (base-10000 digits with weight, sign
// and display scale) to and from decimal text such as "-12.3400". Used for
// BIGINT UNSIGNED results (announced as numeric) and numeric parameters.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace copra::pgwire {

// Appends the binary NUMERIC of `decimal` ([-]digits[.digits], or "NaN").
// REQUIRES: `decimal` is in that form.
void AppendNumericBinary(std::string_view decimal, std::string* out);

// Decodes a binary NUMERIC into decimal text ("NaN", "Infinity" included).
Result<std::string> NumericBinaryToText(std::string_view bytes);

}  // namespace copra::pgwire
