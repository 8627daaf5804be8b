// CatalogSnapshot: every schema and relation of a Catalog at one moment,
// with stable PostgreSQL-style OIDs, as information_schema and pg_catalog
// list them (taken at scan time).
//
// Model (as GreptimeDB presents itself to PostgreSQL clients): a Copra
// database is what PostgreSQL calls a schema; all of them belong to one
// catalog named "copra". The system schemas (information_schema,
// pg_catalog) are schemas too. Global system tables (`numbers`) appear in
// every database, since every database resolves them.
//
// OIDs are derived from names (a hash into PostgreSQL's user range, 16384
// and up), so they are the same in every query and across restarts, and a
// table dropped and recreated keeps its OID. pg_catalog is 11 and public
// 2200 as in PostgreSQL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

namespace copra {

// table_catalog / catalog_name in information_schema.
inline constexpr const char* kCatalogName = "copra";

enum class RelationKind : uint8_t {
  kUserTable,     // CREATE TABLE
  kGlobalSystem,  // a global system table, listed in each database
  kSchemaSystem,  // a table of a system schema
};

struct SnapshotSchema {
  std::string name;
  uint32_t oid;
  bool is_system;  // information_schema, pg_catalog
};

struct SnapshotRelation {
  std::string schema;
  uint32_t schema_oid;
  uint32_t oid;
  RelationKind kind;
  TablePtr table;
};

struct CatalogSnapshot {
  std::vector<SnapshotSchema> schemas;      // databases (sorted), then system schemas
  std::vector<SnapshotRelation> relations;  // by schema, then name
};

CatalogSnapshot TakeCatalogSnapshot(const Catalog& catalog);

uint32_t SchemaOid(std::string_view schema);
uint32_t RelationOid(std::string_view schema, std::string_view table);
// pg_database.oid of a database.
uint32_t DatabaseOid(std::string_view database);
// pg_roles.oid of a user: 10 (PostgreSQL's bootstrap superuser, the owner
// of every object) for "copra", hashed from the name for others.
uint32_t RoleOid(std::string_view user);

}  // namespace copra
