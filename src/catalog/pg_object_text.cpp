#include "catalog/pg_object_text.h"

#include <cctype>
#include <utility>
#include <vector>

#include "catalog/catalog_snapshot.h"
#include "catalog/pg_key_index.h"
#include "catalog/pg_type.h"
#include "catalog/system_table.h"

namespace copra {

namespace {

struct Row {
  uint32_t oid;
  int32_t subid;
  std::string text;
};
using Rows = std::vector<Row>;

Rows AllTexts(const Catalog& catalog, std::string_view current_database, PgObjectText what) {
  Rows out;
  if (what == PgObjectText::kTypeName) {
    for (const PgType& t : AllPgTypes()) out.push_back({t.oid, 0, t.sql_name});
    return out;
  }
  const CatalogSnapshot snap = TakeCatalogSnapshot(catalog);
  if (what == PgObjectText::kNamespaceName) {
    for (const SnapshotSchema& s : snap.schemas) {
      out.push_back({s.oid, 0, PgQuoteIdentifier(s.name)});
    }
    return out;
  }
  for (const SnapshotRelation& r : snap.relations) {
    const bool visible = r.schema == current_database || r.schema == "pg_catalog";
    const std::string prefix = visible ? "" : PgQuoteIdentifier(r.schema) + ".";
    std::optional<PgKeyIndex> key = PgKeyIndexOf(r);
    switch (what) {
      case PgObjectText::kRelationName:
        out.push_back({r.oid, 0, prefix + PgQuoteIdentifier(r.table->name())});
        if (key) out.push_back({key->index_oid, 0, prefix + PgQuoteIdentifier(key->name)});
        break;
      case PgObjectText::kIndexDefinition:
        if (key) out.push_back({key->index_oid, 0, PgIndexDefinition(r, *key)});
        break;
      case PgObjectText::kConstraintDefinition:
        if (key) out.push_back({key->constraint_oid, 0, PgConstraintDefinition(r, *key)});
        break;
      case PgObjectText::kColumnComment: {
        const TableSchema& ts = r.table->schema();
        for (size_t c = 0; c < ts.num_columns(); ++c) {
          if (ts.column(c).comment.empty()) continue;
          out.push_back({r.oid, static_cast<int32_t>(c) + 1, ts.column(c).comment});
        }
        break;
      }
      default: break;
    }
  }
  return out;
}

// One part of a possibly qualified name: "X" keeps its case, X is folded.
std::vector<std::string> SplitName(std::string_view text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      if (quoted && i + 1 < text.size() && text[i + 1] == '"') {
        parts.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return parts;
}

}  // namespace

std::optional<std::string> LookupPgObjectText(const Catalog& catalog,
                                              std::string_view current_database, PgObjectText what,
                                              uint32_t oid, int32_t subid) {
  for (Row& row : AllTexts(catalog, current_database, what)) {
    if (row.oid == oid && row.subid == subid) return std::move(row.text);
  }
  return std::nullopt;
}

TablePtr MakePgObjectTextTable(Catalog* catalog, std::string current_database, PgObjectText what) {
  std::vector<TableColumn> columns{SystemColumn("oid", LogicalType::UInt32(), false),
                                   SystemColumn("subid", LogicalType::Int32(), false),
                                   SystemColumn("text", LogicalType::String(), false)};
  auto rows = [catalog, db = std::move(current_database),
               what](const TableSchema& schema) -> Result<BatchPtr> {
    RowWriter w(schema);
    for (const Row& row : AllTexts(*catalog, db, what)) w.Int(row.oid).Int(row.subid).Str(row.text);
    return w.Finish();
  };
  return std::make_shared<SystemTable>("pg_object_text", std::move(columns), std::move(rows));
}

Result<uint32_t> ResolveRegclass(const Catalog& catalog, std::string_view current_database,
                                 std::string_view text) {
  if (!text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos &&
      text.size() <= 10) {
    return static_cast<uint32_t>(std::stoull(std::string(text)));  // an OID already
  }
  std::vector<std::string> parts = SplitName(text);
  if (parts.size() > 2 || parts.back().empty()) {
    return Status::Error(ErrorCode::kInvalidText,
                         "invalid name syntax: \"" + std::string(text) + "\"");
  }
  const CatalogSnapshot snap = TakeCatalogSnapshot(catalog);
  std::vector<std::string> schemas;
  if (parts.size() == 2) {
    schemas = {parts[0]};
  } else {
    schemas = {std::string(current_database), "pg_catalog"};
  }
  for (const std::string& schema : schemas) {
    for (const SnapshotRelation& r : snap.relations) {
      if (r.schema != schema) continue;
      if (r.table->name() == parts.back()) return r.oid;
      std::optional<PgKeyIndex> key = PgKeyIndexOf(r);
      if (key && key->name == parts.back()) return key->index_oid;
    }
  }
  return Status::Error(ErrorCode::kUndefinedTable,
                       "relation \"" + std::string(text) + "\" does not exist");
}

}  // namespace copra
