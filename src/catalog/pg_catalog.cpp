#include "catalog/pg_catalog.h"

#include <functional>
#include <optional>

#include "catalog/catalog_snapshot.h"
#include "catalog/pg_catalog_table.h"
#include "catalog/pg_key_index.h"
#include "catalog/pg_type.h"
#include "catalog/system_table.h"

namespace copra {

namespace {

using namespace pg;  // NOLINT: the building blocks of every table here

constexpr const char* kSchema = "pg_catalog";

// 'r' for tables clients should list as tables (user tables, pg_catalog's),
// 'v' for the other system tables, so psql's \dt shows user tables only.
const char* RelKind(const SnapshotRelation& r) {
  if (r.kind == RelationKind::kUserTable || r.schema == kSchema) return "r";
  return "v";
}

bool IsStringType(const PgType& t) { return t.category == 'S'; }

void FillNamespace(const CatalogSnapshot& snap, RowWriter* w) {
  for (const SnapshotSchema& s : snap.schemas) {
    w->Int(s.oid).Str(s.name).Int(kOwnerOid).Null();
  }
}

void ClassRow(RowWriter* w, uint32_t oid, const std::string& name, uint32_t namespace_oid,
              uint32_t am, bool has_index, const char* kind, int64_t natts) {
  // oid, relname, relnamespace, reltype, reloftype, relowner
  w->Int(oid).Str(name).Int(namespace_oid).Int(0).Int(0).Int(kOwnerOid);
  // relam, relfilenode, reltablespace, reltoastrelid
  w->Int(am).Int(0).Int(0).Int(0);
  // relhasindex, relisshared, relpersistence, relkind, relnatts, relchecks
  w->Bool(has_index).Bool(false).Str("p").Str(kind).Int(natts).Int(0);
  // relhasrules, relhastriggers, relhassubclass, relrowsecurity,
  // relforcerowsecurity
  w->Bool(false).Bool(false).Bool(false).Bool(false).Bool(false);
  // relispopulated, relreplident, relispartition, reloptions, relpartbound
  w->Bool(true).Str("d").Bool(false).Null().Null();
}

void FillClass(const CatalogSnapshot& snap, RowWriter* w) {
  for (const SnapshotRelation& r : snap.relations) {
    const char* kind = RelKind(r);
    const int64_t am = kind[0] == 'r' ? kHeapAmOid : 0;
    const auto natts = static_cast<int64_t>(r.table->schema().num_columns());
    std::optional<PgKeyIndex> key = PgKeyIndexOf(r);
    ClassRow(w, r.oid, r.table->name(), r.schema_oid, am, key.has_value(), kind, natts);
    if (key) {
      ClassRow(w, key->index_oid, key->name, r.schema_oid, kBtreeAmOid, false, "i",
               static_cast<int64_t>(key->columns.size()));
    }
  }
}

void FillAttribute(const CatalogSnapshot& snap, RowWriter* w) {
  for (const SnapshotRelation& r : snap.relations) {
    const TableSchema& ts = r.table->schema();
    for (size_t c = 0; c < ts.num_columns(); ++c) {
      const TableColumn& col = ts.column(c);
      const PgType& t = PgTypeFor(col.type);
      // attrelid, attname, atttypid, attlen, attnum
      w->Int(r.oid).Str(col.name).Int(t.oid).Int(t.length).Int(static_cast<int64_t>(c) + 1);
      // attndims, atttypmod, attbyval, attnotnull, atthasdef, atthasmissing
      w->Int(0).Int(PgTypeModifier(col.type)).Bool(t.by_value);
      w->Bool(!col.nullable).Bool(col.default_sql.has_value()).Bool(false);
      // attidentity, attgenerated, attisdropped, attislocal, attinhcount,
      // attcollation
      w->Str("").Str("").Bool(false).Bool(true).Int(0);
      w->Int(IsStringType(t) ? kDefaultCollation : 0);
      // attstorage, attcompression, attstattarget
      w->Str(t.length < 0 ? "x" : "p").Str("").Int(-1);
    }
  }
}

void FillType(const CatalogSnapshot&, RowWriter* w) {
  for (const PgType& t : AllPgTypes()) {
    // oid, typname, typnamespace, typowner, typlen, typbyval, typtype,
    // typcategory
    w->Int(t.oid).Str(t.name).Int(kPgCatalogNamespaceOid).Int(kOwnerOid);
    w->Int(t.length).Bool(t.by_value).Str("b").Str(std::string(1, t.category));
    // typispreferred, typisdefined, typdelim, typrelid, typelem, typarray
    w->Bool(false).Bool(true).Str(",").Int(0).Int(t.element_oid).Int(t.array_oid);
    // typbasetype, typtypmod, typndims, typcollation, typnotnull
    w->Int(0).Int(-1).Int(0).Int(IsStringType(t) ? kDefaultCollation : 0).Bool(false);
    // typinput, typoutput (function names; regproc is text here)
    const std::string io = t.category == 'A' ? "array_" : std::string(t.name);
    w->Str(io + "in").Str(io + "out");
  }
}

void FillDatabase(const CatalogSnapshot& snap, RowWriter* w) {
  for (const SnapshotSchema& s : snap.schemas) {
    if (s.is_system) continue;
    w->Int(DatabaseOid(s.name)).Str(s.name).Int(kOwnerOid).Int(kUtf8Encoding).Str("c");
    w->Bool(false).Bool(true).Int(-1).Int(kDefaultTablespace).Str("C").Str("C").Null().Null();
  }
}

void FillAm(const CatalogSnapshot&, RowWriter* w) {
  w->Int(kHeapAmOid).Str("heap").Str("t");
  w->Int(kBtreeAmOid).Str("btree").Str("i");
  w->Int(405).Str("hash").Str("i");
}

void FillAttrdef(const CatalogSnapshot& snap, RowWriter* w) {
  for (const SnapshotRelation& r : snap.relations) {
    const TableSchema& ts = r.table->schema();
    for (size_t c = 0; c < ts.num_columns(); ++c) {
      const TableColumn& col = ts.column(c);
      if (!col.default_sql) continue;
      const std::string attnum = std::to_string(c + 1);
      w->Int(RelationOid(r.schema, r.table->name() + "\x01" + attnum)).Int(r.oid);
      w->Int(static_cast<int64_t>(c) + 1).Str(*col.default_sql);
    }
  }
}

void FillDescription(const CatalogSnapshot& snap, RowWriter* w) {
  for (const SnapshotRelation& r : snap.relations) {
    const TableSchema& ts = r.table->schema();
    for (size_t c = 0; c < ts.num_columns(); ++c) {
      const TableColumn& col = ts.column(c);
      if (col.comment.empty()) continue;
      w->Int(r.oid).Int(kPgClassOid).Int(static_cast<int64_t>(c) + 1).Str(col.comment);
    }
  }
}

void FillTables(const CatalogSnapshot& snap, RowWriter* w) {
  for (const SnapshotRelation& r : snap.relations) {
    if (RelKind(r)[0] != 'r') continue;
    w->Str(r.schema).Str(r.table->name()).Str("copra").Null();
    w->Bool(PgKeyIndexOf(r).has_value()).Bool(false).Bool(false).Bool(false);
  }
}

}  // namespace

namespace pg {

void Register(Catalog* catalog, const char* name, std::vector<TableColumn> columns, Fill fill) {
  auto rows = [catalog, fill = std::move(fill)](const TableSchema& schema) -> Result<BatchPtr> {
    RowWriter w(schema);
    fill(TakeCatalogSnapshot(*catalog), &w);
    return w.Finish();
  };
  catalog->RegisterSchemaTable(
      kSchema, std::make_shared<SystemTable>(name, std::move(columns), std::move(rows)), true);
}

void RegisterEmpty(Catalog* catalog, const char* name, std::vector<TableColumn> columns) {
  Register(catalog, name, std::move(columns), [](const CatalogSnapshot&, RowWriter*) {});
}

}  // namespace pg

void RegisterPgCatalog(Catalog* catalog) {
  Register(catalog, "pg_namespace",
           {Oid("oid"), Text("nspname"), Oid("nspowner"), Text("nspacl", true)}, FillNamespace);
  Register(catalog, "pg_class",
           {Oid("oid"),
            Text("relname"),
            Oid("relnamespace"),
            Oid("reltype"),
            Oid("reloftype"),
            Oid("relowner"),
            Oid("relam"),
            Oid("relfilenode"),
            Oid("reltablespace"),
            Oid("reltoastrelid"),
            Bool("relhasindex"),
            Bool("relisshared"),
            Text("relpersistence"),
            Text("relkind"),
            I16("relnatts"),
            I16("relchecks"),
            Bool("relhasrules"),
            Bool("relhastriggers"),
            Bool("relhassubclass"),
            Bool("relrowsecurity"),
            Bool("relforcerowsecurity"),
            Bool("relispopulated"),
            Text("relreplident"),
            Bool("relispartition"),
            Text("reloptions", true),
            Text("relpartbound", true)},
           FillClass);
  Register(
      catalog, "pg_attribute",
      {Oid("attrelid"),      Text("attname"),      Oid("atttypid"),        I16("attlen"),
       I16("attnum"),        I32("attndims"),      I32("atttypmod"),       Bool("attbyval"),
       Bool("attnotnull"),   Bool("atthasdef"),    Bool("atthasmissing"),  Text("attidentity"),
       Text("attgenerated"), Bool("attisdropped"), Bool("attislocal"),     I32("attinhcount"),
       Oid("attcollation"),  Text("attstorage"),   Text("attcompression"), I16("attstattarget")},
      FillAttribute);
  Register(catalog, "pg_type", {Oid("oid"),           Text("typname"),     Oid("typnamespace"),
                                Oid("typowner"),      I16("typlen"),       Bool("typbyval"),
                                Text("typtype"),      Text("typcategory"), Bool("typispreferred"),
                                Bool("typisdefined"), Text("typdelim"),    Oid("typrelid"),
                                Oid("typelem"),       Oid("typarray"),     Oid("typbasetype"),
                                I32("typtypmod"),     I32("typndims"),     Oid("typcollation"),
                                Bool("typnotnull"),   Text("typinput"),    Text("typoutput")},
           FillType);
  Register(catalog, "pg_database",
           {Oid("oid"), Text("datname"), Oid("datdba"), I32("encoding"), Text("datlocprovider"),
            Bool("datistemplate"), Bool("datallowconn"), I32("datconnlimit"), Oid("dattablespace"),
            Text("datcollate"), Text("datctype"), Text("daticulocale", true), Text("datacl", true)},
           FillDatabase);
  Register(catalog, "pg_am", {Oid("oid"), Text("amname"), Text("amtype")}, FillAm);
  Register(catalog, "pg_attrdef", {Oid("oid"), Oid("adrelid"), I16("adnum"), Text("adbin")},
           FillAttrdef);
  Register(catalog, "pg_description",
           {Oid("objoid"), Oid("classoid"), I32("objsubid"), Text("description")}, FillDescription);
  Register(catalog, "pg_tables",
           {Text("schemaname"), Text("tablename"), Text("tableowner"), Text("tablespace", true),
            Bool("hasindexes"), Bool("hasrules"), Bool("hastriggers"), Bool("rowsecurity")},
           FillTables);
  RegisterPgCatalogKeys(catalog);
  RegisterPgCatalogAbsent(catalog);
}

}  // namespace copra
