// The catalogs of objects Copra does not have: row-level security
// policies, extended statistics, publications, inheritance, triggers,
// rules, SQL functions, extensions, enums, ranges, views. psql's \d and
// the drivers' metadata calls read them; they have the columns those
// queries use and never a row. Also pg_collation ("default" and "C") and
// pg_tablespace (pg_default, pg_global).
#include "catalog/pg_catalog.h"
#include "catalog/pg_catalog_table.h"

namespace copra {

using namespace pg;  // NOLINT: the building blocks of every table here

void RegisterPgCatalogAbsent(Catalog* catalog) {
  RegisterEmpty(
      catalog, "pg_policy",
      {Oid("oid"), Text("polname"), Oid("polrelid"), Text("polcmd"), Bool("polpermissive"),
       Text("polroles"), Text("polqual", true), Text("polwithcheck", true)});
  RegisterEmpty(catalog, "pg_statistic_ext",
                {Oid("oid"), Oid("stxrelid"), Text("stxname"), Oid("stxnamespace"), Oid("stxowner"),
                 I32("stxstattarget"), Text("stxkeys"), Text("stxkind"), Text("stxexprs", true)});
  RegisterEmpty(
      catalog, "pg_publication",
      {Oid("oid"), Text("pubname"), Oid("pubowner"), Bool("puballtables"), Bool("pubinsert"),
       Bool("pubupdate"), Bool("pubdelete"), Bool("pubtruncate"), Bool("pubviaroot")});
  RegisterEmpty(catalog, "pg_publication_namespace", {Oid("oid"), Oid("pnpubid"), Oid("pnnspid")});
  RegisterEmpty(
      catalog, "pg_publication_rel",
      {Oid("oid"), Oid("prpubid"), Oid("prrelid"), Text("prqual", true), Text("prattrs", true)});
  RegisterEmpty(catalog, "pg_inherits",
                {Oid("inhrelid"), Oid("inhparent"), I32("inhseqno"), Bool("inhdetachpending")});
  RegisterEmpty(catalog, "pg_trigger",
                {Oid("oid"), Oid("tgrelid"), Oid("tgparentid"), Text("tgname"), Oid("tgfoid"),
                 I16("tgtype"), Text("tgenabled"), Bool("tgisinternal"), Oid("tgconstrrelid"),
                 Oid("tgconstrindid"), Oid("tgconstraint"), Bool("tgdeferrable"),
                 Bool("tginitdeferred"), I16("tgnargs"), Text("tgattr"), Text("tgargs"),
                 Text("tgqual", true), Text("tgoldtable", true), Text("tgnewtable", true)});
  RegisterEmpty(catalog, "pg_rewrite",
                {Oid("oid"), Text("rulename"), Oid("ev_class"), Text("ev_type"), Text("ev_enabled"),
                 Bool("is_instead"), Text("ev_qual"), Text("ev_action")});
  RegisterEmpty(catalog, "pg_proc",
                {Oid("oid"),
                 Text("proname"),
                 Oid("pronamespace"),
                 Oid("proowner"),
                 Oid("prolang"),
                 Oid("provariadic"),
                 Text("prokind"),
                 Bool("prosecdef"),
                 Bool("proleakproof"),
                 Bool("proisstrict"),
                 Bool("proretset"),
                 Text("provolatile"),
                 Text("proparallel"),
                 I16("pronargs"),
                 I16("pronargdefaults"),
                 Oid("prorettype"),
                 Text("proargtypes"),
                 Text("proallargtypes", true),
                 Text("proargmodes", true),
                 Text("proargnames", true),
                 Text("prosrc")});
  RegisterEmpty(catalog, "pg_extension",
                {Oid("oid"), Text("extname"), Oid("extowner"), Oid("extnamespace"),
                 Bool("extrelocatable"), Text("extversion")});
  RegisterEmpty(catalog, "pg_enum",
                {Oid("oid"), Oid("enumtypid"),
                 SystemColumn("enumsortorder", LogicalType::Float32(), false), Text("enumlabel")});
  RegisterEmpty(catalog, "pg_range", {Oid("rngtypid"), Oid("rngsubtype"), Oid("rngmultitypid")});
  RegisterEmpty(catalog, "pg_views",
                {Text("schemaname"), Text("viewname"), Text("viewowner"), Text("definition")});
  RegisterEmpty(
      catalog, "pg_matviews",
      {Text("schemaname"), Text("matviewname"), Text("matviewowner"), Text("tablespace", true),
       Bool("hasindexes"), Bool("ispopulated"), Text("definition")});
  Register(catalog, "pg_tablespace", {Oid("oid"), Text("spcname"), Oid("spcowner")},
           [](const CatalogSnapshot&, RowWriter* w) {
             w->Int(kDefaultTablespace).Str("pg_default").Int(kOwnerOid);
             w->Int(1664).Str("pg_global").Int(kOwnerOid);
           });
  Register(catalog, "pg_collation",
           {Oid("oid"), Text("collname"), Oid("collnamespace"), Oid("collowner"),
            Text("collprovider"), Bool("collisdeterministic"), I32("collencoding"),
            Text("collcollate", true), Text("collctype", true)},
           [](const CatalogSnapshot&, RowWriter* w) {
             w->Int(kDefaultCollation).Str("default").Int(11).Int(kOwnerOid).Str("d");
             w->Bool(true).Int(-1).Null().Null();
             w->Int(kCCollation).Str("C").Int(11).Int(kOwnerOid).Str("c");
             w->Bool(true).Int(-1).Str("C").Str("C");
           });
}

}  // namespace copra
