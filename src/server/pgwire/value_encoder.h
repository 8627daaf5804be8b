// Result values in the wire formats: PostgreSQL's text output and binary
// (send) formats of the type each Copra type is announced as (see
// catalog/pg_type.h): bool, int2/int4/int8 (narrower and unsigned integers
// widened), numeric (BIGINT UNSIGNED), float4/float8, text, bytea,
// timestamp (microseconds since 2000-01-01; nanoseconds are truncated),
// date (days since 2000-01-01) and interval.
//
// Reads Columns directly (no per-row Value); pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "vector/batch.h"

namespace copra::pgwire {

// Appends the value of row `row` of `column` in the text format.
// REQUIRES: the row is not NULL.
void AppendTextValue(const Column& column, int64_t row, std::string* out);
// Same in the binary format.
void AppendBinaryValue(const Column& column, int64_t row, std::string* out);

// Appends one DataRow message for row `row` of `batch`; `formats` holds one
// format code per column (kTextFormat or kBinaryFormat).
void AppendDataRow(const Batch& batch, int64_t row, const std::vector<int16_t>& formats,
                   std::string* out);

}  // namespace copra::pgwire
