// pg_index, pg_constraint and pg_indexes: each table's primary-key index
// (catalog/pg_key_index.h) as PostgreSQL lists an index and its PRIMARY KEY
// constraint.
//
//   pg_index       indexrelid, indrelid, indnatts, indnkeyatts, indisunique,
//                  indnullsnotdistinct, indisprimary, indisexclusion,
//                  indimmediate, indisclustered, indisvalid, indcheckxmin,
//                  indisready, indislive, indisreplident, indkey ("2 1", an
//                  int2vector's text), indcollation, indclass, indoption,
//                  indexprs, indpred
//   pg_constraint  oid, conname, connamespace, contype ('p'), condeferrable,
//                  condeferred, convalidated, conrelid, contypid, conindid,
//                  conparentid, confrelid, confupdtype, confdeltype,
//                  confmatchtype, conislocal, coninhcount, connoinherit,
//                  conkey ('{2,1}'), confkey, conbin
//   pg_indexes     schemaname, tablename, indexname, tablespace, indexdef
#include <string>

#include "catalog/pg_catalog.h"
#include "catalog/pg_catalog_table.h"
#include "catalog/pg_key_index.h"

namespace copra {

namespace {

using namespace pg;  // NOLINT: the building blocks of every table here

// Column numbers (1-based) joined by `sep`.
std::string AttNums(const PgKeyIndex& key, const char* sep) {
  std::string out;
  for (size_t i = 0; i < key.columns.size(); ++i) {
    if (i > 0) out += sep;
    out += std::to_string(key.columns[i] + 1);
  }
  return out;
}

std::string Repeat(const char* value, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += " ";
    out += value;
  }
  return out;
}

void FillIndex(const CatalogSnapshot& snap, RowWriter* w) {
  for (const SnapshotRelation& r : snap.relations) {
    std::optional<PgKeyIndex> key = PgKeyIndexOf(r);
    if (!key) continue;
    const auto n = static_cast<int64_t>(key->columns.size());
    // indexrelid, indrelid, indnatts, indnkeyatts, indisunique,
    // indnullsnotdistinct, indisprimary, indisexclusion, indimmediate
    w->Int(key->index_oid).Int(r.oid).Int(n).Int(n).Bool(true).Bool(false).Bool(true);
    w->Bool(false).Bool(true);
    // indisclustered, indisvalid, indcheckxmin, indisready, indislive,
    // indisreplident
    w->Bool(false).Bool(true).Bool(false).Bool(true).Bool(true).Bool(false);
    // indkey, indcollation, indclass, indoption, indexprs, indpred
    w->Str(AttNums(*key, " ")).Str(Repeat("0", key->columns.size()));
    w->Str(Repeat("0", key->columns.size())).Str(Repeat("0", key->columns.size()));
    w->Null().Null();
  }
}

void FillConstraint(const CatalogSnapshot& snap, RowWriter* w) {
  for (const SnapshotRelation& r : snap.relations) {
    std::optional<PgKeyIndex> key = PgKeyIndexOf(r);
    if (!key) continue;
    // oid, conname, connamespace, contype, condeferrable, condeferred,
    // convalidated
    w->Int(key->constraint_oid).Str(key->name).Int(r.schema_oid).Str("p");
    w->Bool(false).Bool(false).Bool(true);
    // conrelid, contypid, conindid, conparentid, confrelid, confupdtype,
    // confdeltype, confmatchtype
    w->Int(r.oid).Int(0).Int(key->index_oid).Int(0).Int(0).Str(" ").Str(" ").Str(" ");
    // conislocal, coninhcount, connoinherit, conkey, confkey, conbin
    w->Bool(true).Int(0).Bool(true).Str("{" + AttNums(*key, ",") + "}").Null().Null();
  }
}

void FillIndexes(const CatalogSnapshot& snap, RowWriter* w) {
  for (const SnapshotRelation& r : snap.relations) {
    std::optional<PgKeyIndex> key = PgKeyIndexOf(r);
    if (!key) continue;
    w->Str(r.schema).Str(r.table->name()).Str(key->name).Null().Str(PgIndexDefinition(r, *key));
  }
}

}  // namespace

void RegisterPgCatalogKeys(Catalog* catalog) {
  Register(catalog, "pg_index",
           {Oid("indexrelid"),      Oid("indrelid"),        I16("indnatts"),
            I16("indnkeyatts"),     Bool("indisunique"),    Bool("indnullsnotdistinct"),
            Bool("indisprimary"),   Bool("indisexclusion"), Bool("indimmediate"),
            Bool("indisclustered"), Bool("indisvalid"),     Bool("indcheckxmin"),
            Bool("indisready"),     Bool("indislive"),      Bool("indisreplident"),
            Text("indkey"),         Text("indcollation"),   Text("indclass"),
            Text("indoption"),      Text("indexprs", true), Text("indpred", true)},
           FillIndex);
  Register(catalog, "pg_constraint",
           {Oid("oid"),           Text("conname"),       Oid("connamespace"),
            Text("contype"),      Bool("condeferrable"), Bool("condeferred"),
            Bool("convalidated"), Oid("conrelid"),       Oid("contypid"),
            Oid("conindid"),      Oid("conparentid"),    Oid("confrelid"),
            Text("confupdtype"),  Text("confdeltype"),   Text("confmatchtype"),
            Bool("conislocal"),   I32("coninhcount"),    Bool("connoinherit"),
            Text("conkey"),       Text("confkey", true), Text("conbin", true)},
           FillConstraint);
  Register(catalog, "pg_indexes",
           {Text("schemaname"), Text("tablename"), Text("indexname"), Text("tablespace", true),
            Text("indexdef")},
           FillIndexes);
}

}  // namespace copra
