// PostgreSQL composite values ("records") in their text form, and the
// set-returning functions Copra runs in a SELECT list.
//
// Copra has no composite type: a composite value (the result of
// information_schema._pg_expandarray) is a STRING holding the text
// PostgreSQL prints for a record, '(3,1)': fields separated by commas, an
// empty field is NULL, fields with special characters in double quotes.
// The binder knows each composite's field names and types (planner/
// set_function.h) and reads a field with pg_record_field(record, i).
//
// Set-returning functions: EvaluateSetFunction gives the rows one call
// produces for one input row (exec/project_set_operator.h).
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "function/pg_array.h"
#include "types/value.h"

namespace copra {

class FunctionRegistry;

// Parses '(a,"b c",)' into its fields (nullopt for NULL).
Result<std::vector<PgArrayElement>> ParsePgRecord(std::string_view text);
// Prints fields as PostgreSQL prints a record.
std::string FormatPgRecord(const std::vector<PgArrayElement>& fields);

// Registers pg_record_field(record STRING, i BIGINT) -> STRING: field i
// (0-based) of a record's text, NULL for a NULL field or record.
void RegisterPgRecordFunctions(FunctionRegistry* registry);

enum class SetFunctionKind : uint8_t {
  kGenerateSeries,  // generate_series(start, stop [, step]): BIGINT
  kUnnest,          // unnest(array): STRING, one row per element
  kExpandArray,     // information_schema._pg_expandarray(array): record (x, n)
};

// The rows of one call: either `values`, or the arithmetic series
// start, start + step, ... (`count` values).
struct SetFunctionRows {
  std::vector<Value> values;
  bool series = false;
  int64_t start = 0;
  int64_t step = 1;
  int64_t count = 0;

  int64_t size() const { return series ? count : static_cast<int64_t>(values.size()); }
  // Row j < size(). The series is computed modulo 2^64: j * step may
  // overflow even when start + j * step does not.
  Value At(int64_t j) const {
    if (!series) return values[static_cast<size_t>(j)];
    return Value::Int64(static_cast<int64_t>(
        static_cast<uint64_t>(start) + static_cast<uint64_t>(j) * static_cast<uint64_t>(step)));
  }
};

// The rows `kind` returns for `args` (already of the bound argument types:
// BIGINT for generate_series, STRING for the array functions). A NULL
// argument gives no rows. Arrays are in their text form ('{1,2}'), or an
// int2vector's / oidvector's ('1 2') for _pg_expandarray and unnest.
Result<SetFunctionRows> EvaluateSetFunction(SetFunctionKind kind, const std::vector<Value>& args);

}  // namespace copra
