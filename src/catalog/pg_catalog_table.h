// Building blocks of the pg_catalog tables (pg_catalog*.cpp): column
// constructors in PostgreSQL's types as Copra holds them (oid: INT
// UNSIGNED, "char" and name: STRING, arrays: STRING in their text form,
// catalog/../function/pg_array.h) and registration of a table whose rows a
// function writes from a fresh catalog snapshot at each scan.
//
// Internal to src/catalog/pg_catalog*.cpp.
#pragma once

#include <functional>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/catalog_snapshot.h"
#include "catalog/system_table.h"

namespace copra::pg {

// PostgreSQL's values: the bootstrap superuser, pg_am "heap" and "btree",
// pg_collation "default", pg_class's and pg_namespace's own OIDs, the
// default tablespace, UTF8.
inline constexpr uint32_t kOwnerOid = 10;
inline constexpr uint32_t kHeapAmOid = 2;
inline constexpr uint32_t kBtreeAmOid = 403;
inline constexpr uint32_t kDefaultCollation = 100;
inline constexpr uint32_t kCCollation = 950;
inline constexpr uint32_t kPgClassOid = 1259;
inline constexpr uint32_t kPgNamespaceOid = 2615;
inline constexpr uint32_t kDefaultTablespace = 1663;
inline constexpr int64_t kUtf8Encoding = 6;

inline TableColumn Oid(const char* name) {
  return SystemColumn(name, LogicalType::UInt32(), false);
}
inline TableColumn Text(const char* name, bool nullable = false) {
  return SystemColumn(name, LogicalType::String(), nullable);
}
inline TableColumn I16(const char* name) { return SystemColumn(name, LogicalType::Int16(), false); }
inline TableColumn I32(const char* name) { return SystemColumn(name, LogicalType::Int32(), false); }
inline TableColumn Bool(const char* name) {
  return SystemColumn(name, LogicalType::Boolean(), false);
}
inline TableColumn Timestamp(const char* name) {
  return SystemColumn(name, LogicalType::Timestamp(TimeUnit::kMicrosecond), true);
}

using Fill = std::function<void(const CatalogSnapshot&, RowWriter*)>;

// Registers pg_catalog.<name>, whose rows `fill` writes at each scan.
void Register(Catalog* catalog, const char* name, std::vector<TableColumn> columns, Fill fill);

// Registers pg_catalog.<name> for objects Copra does not have (policies,
// publications, triggers, ...): the columns clients read, never a row.
void RegisterEmpty(Catalog* catalog, const char* name, std::vector<TableColumn> columns);

}  // namespace copra::pg
