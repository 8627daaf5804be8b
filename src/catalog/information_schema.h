// information_schema: the SQL-standard views of the catalog that SQL
// clients and tools query (Grafana, JDBC metadata, DBeaver, GreptimeDB
// tooling), as read-only SystemTables computed at scan time:
//
//   tables    table_catalog, table_schema, table_name, table_type
//             ('BASE TABLE' | 'SYSTEM VIEW'), engine, is_insertable_into
//   columns   table_catalog, table_schema, table_name, column_name,
//             ordinal_position (1-based), data_type (PostgreSQL spelling,
//             e.g. 'bigint', 'timestamp without time zone'), is_nullable
//             ('YES' | 'NO'), column_default (SQL text or NULL),
//             semantic_type ('TAG' | 'FIELD' | 'TIMESTAMP', GreptimeDB's),
//             column_type (Copra's spelling: 'TIMESTAMP(3)'), udt_name
//             (pg_type.typname), datetime_precision, column_comment
//   schemata  catalog_name, schema_name, schema_owner
//
// Databases are schemas of the catalog "copra" (see catalog_snapshot.h).
#pragma once

namespace copra {

class Catalog;

// Registers the tables under the schema "information_schema" of `catalog`
// (not on the search path: `information_schema.tables` must be qualified).
// The tables keep `catalog` as a raw pointer: it must outlive them.
void RegisterInformationSchema(Catalog* catalog);

}  // namespace copra
