// PostgreSQL type identities for Copra types: the OIDs, names and sizes
// that pg_catalog.pg_type lists, pg_attribute.atttypid references and the
// PostgreSQL wire protocol announces in RowDescription. One table so that
// all three agree.
//
// Mapping (PostgreSQL has no unsigned or 1-byte integers): TINYINT and
// SMALLINT -> int2, INT -> int4, BIGINT -> int8, TINYINT UNSIGNED -> int2,
// SMALLINT UNSIGNED -> int4, INT UNSIGNED -> int8, BIGINT UNSIGNED ->
// numeric, FLOAT -> float4, DOUBLE -> float8, STRING -> text, BINARY ->
// bytea, TIMESTAMP(p) -> timestamp (typmod p; -1 for p = 9, which
// PostgreSQL cannot express), DATE -> date, INTERVAL -> interval, the NULL
// type -> text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "types/logical_type.h"

namespace copra {

// Namespace OID of pg_catalog (fixed in PostgreSQL).
inline constexpr uint32_t kPgCatalogNamespaceOid = 11;

struct PgType {
  uint32_t oid;
  const char* name;      // typname: "int8", "text", "_int4" (array)
  const char* sql_name;  // format_type without typmod: "bigint"
  int16_t length;        // typlen: bytes, -1 for variable length
  bool by_value;         // typbyval
  char category;         // typcategory: 'N' numeric, 'S' string, 'A' array...
  uint32_t element_oid;  // typelem: element type of an array type, else 0
  uint32_t array_oid;    // typarray: the array type of this type, else 0
};

// The PostgreSQL type a Copra type is presented as.
const PgType& PgTypeFor(const LogicalType& type);
// atttypmod for `type`: the precision of TIMESTAMP(p) when PostgreSQL can
// express it, else -1.
int32_t PgTypeModifier(const LogicalType& type);
// format_type(oid, typmod): "bigint", "timestamp(3) without time zone".
std::string PgFormatType(const LogicalType& type);

// Every type pg_type lists: the mapped types, a few that catalog queries
// use (name, oid, "char", varchar, timestamptz) and their array types.
const std::vector<PgType>& AllPgTypes();

}  // namespace copra
