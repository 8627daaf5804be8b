// Catalog: databases and the tables in them. The default database is
// "public" (as in GreptimeDB). Names are stored folded (the binder folds
// unquoted identifiers to lower case before looking them up).
//
// System tables come in two kinds, both read-only and registered once at
// startup (Database::Open):
//  * global ones (`numbers`), visible in every database as if they were
//    its own tables;
//  * schema tables, visible as `<schema>.<name>` from every database
//    (`information_schema.tables`, `pg_catalog.pg_class`). A schema on the
//    search path (pg_catalog, as in PostgreSQL) also makes its tables
//    visible unqualified, after the database's own and the global ones.
//    System schema names cannot be used as database names.
//
// Thread-safe: all methods lock an internal mutex; returned TablePtrs stay
// valid after a concurrent DROP (shared ownership).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "catalog/table.h"
#include "common/status.h"

namespace copra {

inline constexpr const char* kDefaultDatabase = "public";

class Catalog {
 public:
  Catalog();

  Status CreateDatabase(const std::string& name, bool if_not_exists);
  Status DropDatabase(const std::string& name, bool if_exists);
  bool HasDatabase(const std::string& name) const;
  std::vector<std::string> ListDatabases() const;

  Status CreateTable(const std::string& database, TablePtr table, bool if_not_exists);
  Status DropTable(const std::string& database, const std::string& name, bool if_exists);
  // ALTER TABLE: puts `replacement` where `current` is (under the
  // replacement's name, which may differ: RENAME). Fails if `current` is no
  // longer the table of that name (dropped or altered meanwhile) or the new
  // name is taken.
  Status ReplaceTable(const std::string& database, const TablePtr& current, TablePtr replacement);
  // User tables first, then system tables visible in every database
  // (e.g. `numbers`). Unknown names give kUndefinedTable with a suggestion.
  Result<TablePtr> GetTable(const std::string& database, const std::string& name) const;
  // User tables of `database`, sorted by name.
  std::vector<TablePtr> ListTables(const std::string& database) const;

  // Registers a system table visible from every database.
  void RegisterSystemTable(TablePtr table);
  // Registers a system table under system schema `schema`; see the header
  // comment. `on_search_path` applies to the whole schema.
  void RegisterSchemaTable(const std::string& schema, TablePtr table, bool on_search_path);
  bool IsSystemSchema(const std::string& name) const;
  // System schema names, sorted.
  std::vector<std::string> ListSystemSchemas() const;
  // Tables of system schema `schema` sorted by name, or, for "", the global
  // system tables.
  std::vector<TablePtr> ListSystemTables(const std::string& schema = "") const;

 private:
  struct DatabaseEntry {
    std::map<std::string, TablePtr> tables;
  };

  struct SystemSchema {
    std::map<std::string, TablePtr> tables;
    bool on_search_path = false;
  };

  mutable std::mutex mu_;
  std::map<std::string, DatabaseEntry> databases_;      // GUARDED_BY(mu_)
  std::map<std::string, TablePtr> system_tables_;       // GUARDED_BY(mu_)
  std::map<std::string, SystemSchema> system_schemas_;  // GUARDED_BY(mu_)
};

}  // namespace copra
