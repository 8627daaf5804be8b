// The primary-key index a Copra table presents to PostgreSQL clients
// (pg_class relkind 'i', pg_index, pg_constraint contype 'p', psql's
// "Indexes:" footer). Rows of a table are kept ordered and unique by
// (tags in PRIMARY KEY order, time index), which is what a PostgreSQL
// primary key over those columns promises, so the index is named
// "<table>_pkey" and covers the tags and then the time index. Append-mode
// tables (duplicates kept), tables with neither tags nor a time index, and
// system tables have none.
//
// Pure functions of a snapshot relation; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog_snapshot.h"

namespace copra {

struct PgKeyIndex {
  uint32_t index_oid;        // pg_class.oid of the index, pg_index.indexrelid
  uint32_t constraint_oid;   // pg_constraint.oid
  std::string name;          // "<table>_pkey"
  std::vector<int> columns;  // table column indexes: tags, then the time index
};

std::optional<PgKeyIndex> PgKeyIndexOf(const SnapshotRelation& relation);

// pg_get_indexdef: CREATE UNIQUE INDEX cpu_pkey ON public.cpu USING btree (host, ts)
std::string PgIndexDefinition(const SnapshotRelation& relation, const PgKeyIndex& index);
// pg_get_constraintdef: PRIMARY KEY (host, ts)
std::string PgConstraintDefinition(const SnapshotRelation& relation, const PgKeyIndex& index);
// A name as PostgreSQL prints it: quoted unless a plain lower-case word.
std::string PgQuoteIdentifier(const std::string& name);

}  // namespace copra
