// pg_catalog: the PostgreSQL system catalogs that PostgreSQL clients query
// for metadata (psql's \d, \dt, \dn, \l; psycopg and JDBC type lookups),
// as read-only SystemTables computed from the Catalog at scan time. Only
// the columns clients read are present; values follow PostgreSQL where
// Copra has no equivalent (owner 10, no indexes, no ACLs).
//
//   pg_namespace   oid, nspname, nspowner, nspacl
//   pg_class       oid, relname, relnamespace, reltype, reloftype, relowner,
//                  relam, relfilenode, reltablespace, reltoastrelid,
//                  relhasindex, relisshared, relpersistence, relkind ('r'
//                  user and pg_catalog tables, 'v' other system tables),
//                  relnatts, relchecks, relhasrules, relhastriggers,
//                  relhassubclass, relrowsecurity, relforcerowsecurity,
//                  relispopulated, relreplident, relispartition, reloptions,
//                  relpartbound; each table's primary-key index
//                  (catalog/pg_key_index.h) is a row of relkind 'i'
//   pg_attribute   attrelid, attname, atttypid, attlen, attnum (1-based),
//                  attndims, atttypmod, attbyval, attnotnull, atthasdef,
//                  atthasmissing, attidentity, attgenerated, attisdropped,
//                  attislocal, attinhcount, attcollation, attstorage,
//                  attcompression, attstattarget
//   pg_type        oid, typname, typnamespace, typowner, typlen, typbyval,
//                  typtype, typcategory, typispreferred, typisdefined,
//                  typdelim, typrelid, typelem, typarray, typbasetype,
//                  typtypmod, typndims, typcollation, typnotnull, typinput,
//                  typoutput (function names: "int4in", "array_in")
//   pg_database    oid, datname, datdba, encoding, datlocprovider,
//                  datistemplate, datallowconn, datconnlimit, dattablespace,
//                  datcollate, datctype, daticulocale, datacl
//   pg_am          oid, amname, amtype
//   pg_attrdef     oid, adrelid, adnum, adbin (the DEFAULT's SQL text)
//   pg_description objoid, classoid, objsubid, description (column comments)
//   pg_tables      schemaname, tablename, tableowner, tablespace,
//                  hasindexes, hasrules, hastriggers, rowsecurity
//
// OID columns are INT UNSIGNED; "char" columns are one-character STRINGs;
// PostgreSQL array columns (nspacl, reloptions, datacl) are NULL STRINGs.
// Databases are namespaces (and also pg_database rows); see
// catalog_snapshot.h for the model and the OIDs.
#pragma once

namespace copra {

class Catalog;

// Registers the tables under the schema "pg_catalog" of `catalog`, on the
// search path (so `pg_class` resolves unqualified, as in PostgreSQL).
// The tables keep `catalog` as a raw pointer: it must outlive them.
void RegisterPgCatalog(Catalog* catalog);

// Parts of RegisterPgCatalog, one file each: pg_index, pg_constraint,
// pg_indexes (pg_catalog_keys.cpp); the catalogs of objects Copra does not
// have, such as pg_policy and pg_publication, which have no rows
// (pg_catalog_absent.cpp).
void RegisterPgCatalogKeys(Catalog* catalog);
void RegisterPgCatalogAbsent(Catalog* catalog);

class UserStore;
// pg_roles, pg_user, pg_authid-free role catalogs over `users` (borrowed;
// must outlive the catalog): the owner "copra" (OID 10) and every user
// (pg_catalog_roles.cpp).
void RegisterPgRoles(Catalog* catalog, const UserStore* users);

}  // namespace copra
