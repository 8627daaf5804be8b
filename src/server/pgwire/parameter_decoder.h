// Parameter values of a Bind message → engine Values.
//
// A parameter's type is the OID the client declared in Parse (0 = not
// declared). Declared types decode to the matching Copra type: bool,
// int2/int4/int8, float4/float8, numeric (BIGINT when integral and in
// range, else DOUBLE), text/varchar/bpchar/name (STRING), bytea (BINARY),
// timestamp/timestamptz (TIMESTAMP(6), UTC), date, interval; in text or
// binary format. Undeclared and other types must be text and become STRING,
// which the engine treats like a string literal. Bad input is kInvalidText
// or kProtocolViolation naming the parameter ("$2").
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/status.h"
#include "types/value.h"

namespace copra::pgwire {

// The Copra type a parameter declared with `oid` decodes to (NULL type for
// undeclared and unknown OIDs).
LogicalType ParameterType(uint32_t oid);

// Decodes parameter number `number` (1-based, for messages). `bytes` is
// nullopt for a NULL value.
Result<Value> DecodeParameter(int number, uint32_t oid, int16_t format,
                              std::optional<std::string_view> bytes);

}  // namespace copra::pgwire
