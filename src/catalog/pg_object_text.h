// The text PostgreSQL's OID-taking functions and casts give for catalog
// objects: oid::regclass::text (a relation's name), ::regtype::text,
// ::regnamespace::text, pg_get_indexdef(oid), pg_get_constraintdef(oid);
// and the reverse lookup 'name'::regclass. The binder evaluates these at
// bind time for constants and joins with PgObjectTextTable otherwise
// (planner/bind_pg_object.cpp).
//
// Thread-safe (reads the thread-safe Catalog). Tables hold `catalog` as a
// raw pointer: it must outlive them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"

namespace copra {

enum class PgObjectText : uint8_t {
  kRelationName,          // regclass output: "cpu", or "db.cpu" outside the current database
  kTypeName,              // regtype output: "bigint"
  kNamespaceName,         // regnamespace output: "public"
  kIndexDefinition,       // pg_get_indexdef
  kConstraintDefinition,  // pg_get_constraintdef
  kColumnComment,         // col_description(table oid, column number): keyed by both
};

// The text of object `oid` (for kColumnComment, column `subid` of table
// `oid`), or nullopt if there is none.
std::optional<std::string> LookupPgObjectText(const Catalog& catalog,
                                              std::string_view current_database, PgObjectText what,
                                              uint32_t oid, int32_t subid = 0);

// A system table (oid INT UNSIGNED, subid INT, text STRING) of every object
// of the kind, computed at scan time; (oid, subid) pairs are unique, subid
// is 0 but for kColumnComment.
TablePtr MakePgObjectTextTable(Catalog* catalog, std::string current_database, PgObjectText what);

// 'name'::regclass: resolves "t", "db.t" or "\"T\"" (the current database,
// then pg_catalog). Errors: kUndefinedTable.
Result<uint32_t> ResolveRegclass(const Catalog& catalog, std::string_view current_database,
                                 std::string_view text);

}  // namespace copra
