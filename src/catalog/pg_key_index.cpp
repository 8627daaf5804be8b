#include "catalog/pg_key_index.h"

namespace copra {

namespace {

std::string ColumnList(const SnapshotRelation& r, const PgKeyIndex& index) {
  std::string out = "(";
  for (size_t i = 0; i < index.columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += PgQuoteIdentifier(r.table->schema().column(static_cast<size_t>(index.columns[i])).name);
  }
  return out + ")";
}

}  // namespace

std::string PgQuoteIdentifier(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::optional<PgKeyIndex> PgKeyIndexOf(const SnapshotRelation& r) {
  if (r.kind != RelationKind::kUserTable) return std::nullopt;
  const TableSchema& schema = r.table->schema();
  if (schema.append_mode()) return std::nullopt;
  PgKeyIndex index;
  index.columns = schema.primary_key();
  if (schema.time_index() >= 0) index.columns.push_back(schema.time_index());
  if (index.columns.empty()) return std::nullopt;
  index.name = r.table->name() + "_pkey";
  index.index_oid = RelationOid(r.schema, r.table->name() + "\x01pkey");
  index.constraint_oid = RelationOid(r.schema, r.table->name() + "\x01pkey constraint");
  return index;
}

std::string PgIndexDefinition(const SnapshotRelation& r, const PgKeyIndex& index) {
  return "CREATE UNIQUE INDEX " + PgQuoteIdentifier(index.name) + " ON " +
         PgQuoteIdentifier(r.schema) + "." + PgQuoteIdentifier(r.table->name()) + " USING btree " +
         ColumnList(r, index);
}

std::string PgConstraintDefinition(const SnapshotRelation& r, const PgKeyIndex& index) {
  return "PRIMARY KEY " + ColumnList(r, index);
}

}  // namespace copra
