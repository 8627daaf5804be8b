#include "catalog/catalog_snapshot.h"

#include <algorithm>
#include <utility>

#include "catalog/pg_type.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace copra {

namespace {

constexpr uint32_t kFirstUserOid = 16384;
constexpr uint32_t kPublicNamespaceOid = 2200;

// An OID in [16384, 2^31) from `kind` and `parts`; '\0' separates them, so
// ("a", "bc") and ("ab", "c") differ.
uint32_t HashOid(std::string_view kind, std::string_view a, std::string_view b = {}) {
  std::string key;
  key.append(kind).push_back('\0');
  key.append(a).push_back('\0');
  key.append(b);
  uint64_t h = XXH3_64bits(key.data(), key.size());
  return kFirstUserOid + static_cast<uint32_t>(h % (0x80000000ULL - kFirstUserOid));
}

}  // namespace

uint32_t SchemaOid(std::string_view schema) {
  if (schema == "pg_catalog") return kPgCatalogNamespaceOid;
  if (schema == "public") return kPublicNamespaceOid;
  return HashOid("namespace", schema);
}

uint32_t RelationOid(std::string_view schema, std::string_view table) {
  // The catalogs whose OIDs clients compare with: pg_description.classoid
  // = 'pg_class'::regclass (pgjdbc), obj_description(oid, 'pg_class').
  if (schema == "pg_catalog") {
    static const std::pair<std::string_view, uint32_t> kFixed[] = {
        {"pg_type", 1247},       {"pg_attribute", 1249}, {"pg_proc", 1255},
        {"pg_class", 1259},      {"pg_database", 1262},  {"pg_namespace", 2615},
        {"pg_constraint", 2606}, {"pg_index", 2610},     {"pg_description", 2609},
    };
    for (const auto& [name, oid] : kFixed) {
      if (name == table) return oid;
    }
  }
  return HashOid("relation", schema, table);
}

uint32_t DatabaseOid(std::string_view database) { return HashOid("database", database); }

uint32_t RoleOid(std::string_view user) { return user == "copra" ? 10 : HashOid("role", user); }

CatalogSnapshot TakeCatalogSnapshot(const Catalog& catalog) {
  CatalogSnapshot out;
  const std::vector<TablePtr> global = catalog.ListSystemTables();
  auto add = [&out](const std::string& schema, TablePtr table, RelationKind kind) {
    out.relations.push_back(SnapshotRelation{
        schema, SchemaOid(schema), RelationOid(schema, table->name()), kind, std::move(table)});
  };
  for (const std::string& db : catalog.ListDatabases()) {
    out.schemas.push_back(SnapshotSchema{db, SchemaOid(db), false});
    size_t first = out.relations.size();
    for (TablePtr& t : catalog.ListTables(db)) add(db, std::move(t), RelationKind::kUserTable);
    for (const TablePtr& t : global) add(db, t, RelationKind::kGlobalSystem);
    std::sort(out.relations.begin() + static_cast<std::ptrdiff_t>(first), out.relations.end(),
              [](const SnapshotRelation& a, const SnapshotRelation& b) {
                return a.table->name() < b.table->name();
              });
  }
  for (const std::string& schema : catalog.ListSystemSchemas()) {
    out.schemas.push_back(SnapshotSchema{schema, SchemaOid(schema), true});
    for (TablePtr& t : catalog.ListSystemTables(schema)) {
      add(schema, std::move(t), RelationKind::kSchemaSystem);
    }
  }
  return out;
}

}  // namespace copra
