#include "catalog/catalog.h"

#include "common/suggest.h"

namespace copra {

Catalog::Catalog() { databases_[kDefaultDatabase] = DatabaseEntry{}; }

Status Catalog::CreateDatabase(const std::string& name, bool if_not_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  if (system_schemas_.count(name) != 0) {
    return Status::Error(ErrorCode::kDuplicateDatabase,
                         "\"" + name + "\" is a system schema and cannot be a database name");
  }
  if (databases_.count(name) != 0) {
    if (if_not_exists) return Status::OK();
    return Status::Error(ErrorCode::kDuplicateDatabase, "database \"" + name + "\" already exists");
  }
  databases_[name] = DatabaseEntry{};
  return Status::OK();
}

Status Catalog::DropDatabase(const std::string& name, bool if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  if (databases_.count(name) == 0) {
    if (if_exists) return Status::OK();
    return Status::Error(ErrorCode::kInvalidDatabase, "database \"" + name + "\" does not exist");
  }
  if (name == kDefaultDatabase) {
    return Status::Error(ErrorCode::kInvalidParameter,
                         "cannot drop the default database \"" + name + "\"");
  }
  databases_.erase(name);
  return Status::OK();
}

bool Catalog::HasDatabase(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  return databases_.count(name) != 0;
}

std::vector<std::string> Catalog::ListDatabases() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, entry] : databases_) out.push_back(name);
  return out;
}

Status Catalog::CreateTable(const std::string& database, TablePtr table, bool if_not_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  if (system_schemas_.count(database) != 0) {
    return Status::Error(ErrorCode::kInsufficientPrivilege,
                         "cannot create tables in system schema \"" + database + "\"");
  }
  auto db = databases_.find(database);
  if (db == databases_.end()) {
    return Status::Error(ErrorCode::kInvalidDatabase,
                         "database \"" + database + "\" does not exist");
  }
  const std::string& name = table->name();
  if (db->second.tables.count(name) != 0 || system_tables_.count(name) != 0) {
    if (if_not_exists) return Status::OK();
    return Status::Error(ErrorCode::kDuplicateTable, "table \"" + name + "\" already exists");
  }
  db->second.tables[name] = std::move(table);
  return Status::OK();
}

Status Catalog::DropTable(const std::string& database, const std::string& name, bool if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  auto schema = system_schemas_.find(database);
  if (schema != system_schemas_.end() && schema->second.tables.count(name) != 0) {
    return Status::Error(ErrorCode::kInsufficientPrivilege,
                         "cannot drop system table \"" + database + "." + name + "\"");
  }
  auto db = databases_.find(database);
  if (db == databases_.end()) {
    return Status::Error(ErrorCode::kInvalidDatabase,
                         "database \"" + database + "\" does not exist");
  }
  if (db->second.tables.erase(name) == 0) {
    if (if_exists) return Status::OK();
    if (system_tables_.count(name) != 0) {
      return Status::Error(ErrorCode::kInsufficientPrivilege,
                           "cannot drop system table \"" + name + "\"");
    }
    return Status::Error(ErrorCode::kUndefinedTable, "table \"" + name + "\" does not exist");
  }
  return Status::OK();
}

Status Catalog::ReplaceTable(const std::string& database, const TablePtr& current,
                             TablePtr replacement) {
  std::lock_guard<std::mutex> lock(mu_);
  auto db = databases_.find(database);
  if (db == databases_.end()) {
    return Status::Error(ErrorCode::kInvalidDatabase,
                         "database \"" + database + "\" does not exist");
  }
  auto it = db->second.tables.find(current->name());
  if (it == db->second.tables.end() || it->second != current) {
    return Status::Error(ErrorCode::kUndefinedTable,
                         "table \"" + current->name() + "\" was dropped or changed meanwhile");
  }
  const std::string& name = replacement->name();
  if (name != current->name() &&
      (db->second.tables.count(name) != 0 || system_tables_.count(name) != 0)) {
    return Status::Error(ErrorCode::kDuplicateTable, "table \"" + name + "\" already exists");
  }
  db->second.tables.erase(it);
  db->second.tables[name] = std::move(replacement);
  return Status::OK();
}

Result<TablePtr> Catalog::GetTable(const std::string& database, const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto schema = system_schemas_.find(database);
  if (schema != system_schemas_.end()) {
    auto it = schema->second.tables.find(name);
    if (it != schema->second.tables.end()) return it->second;
    std::vector<std::string> candidates;
    for (const auto& [n, t] : schema->second.tables) candidates.push_back(n);
    return Status::Error(
        ErrorCode::kUndefinedTable,
        "table \"" + database + "." + name + "\" does not exist" + DidYouMean(name, candidates));
  }
  auto db = databases_.find(database);
  if (db == databases_.end()) {
    return Status::Error(ErrorCode::kInvalidDatabase,
                         "database \"" + database + "\" does not exist");
  }
  auto it = db->second.tables.find(name);
  if (it != db->second.tables.end()) return it->second;
  auto sys = system_tables_.find(name);
  if (sys != system_tables_.end()) return sys->second;
  for (const auto& [schema_name, entry] : system_schemas_) {
    if (!entry.on_search_path) continue;
    auto found = entry.tables.find(name);
    if (found != entry.tables.end()) return found->second;
  }
  std::vector<std::string> candidates;
  for (const auto& [n, t] : db->second.tables) candidates.push_back(n);
  for (const auto& [n, t] : system_tables_) candidates.push_back(n);
  return Status::Error(ErrorCode::kUndefinedTable,
                       "table \"" + name + "\" does not exist" + DidYouMean(name, candidates));
}

std::vector<TablePtr> Catalog::ListTables(const std::string& database) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<TablePtr> out;
  auto db = databases_.find(database);
  if (db == databases_.end()) return out;
  for (const auto& [name, table] : db->second.tables) out.push_back(table);
  return out;
}

void Catalog::RegisterSystemTable(TablePtr table) {
  std::lock_guard<std::mutex> lock(mu_);
  system_tables_[table->name()] = std::move(table);
}

void Catalog::RegisterSchemaTable(const std::string& schema, TablePtr table, bool on_search_path) {
  std::lock_guard<std::mutex> lock(mu_);
  SystemSchema& entry = system_schemas_[schema];
  entry.on_search_path = on_search_path;
  entry.tables[table->name()] = std::move(table);
}

bool Catalog::IsSystemSchema(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  return system_schemas_.count(name) != 0;
}

std::vector<std::string> Catalog::ListSystemSchemas() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, entry] : system_schemas_) out.push_back(name);
  return out;
}

std::vector<TablePtr> Catalog::ListSystemTables(const std::string& schema) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<TablePtr> out;
  if (schema.empty()) {
    for (const auto& [name, table] : system_tables_) out.push_back(table);
    return out;
  }
  auto it = system_schemas_.find(schema);
  if (it == system_schemas_.end()) return out;
  for (const auto& [name, table] : it->second.tables) out.push_back(table);
  return out;
}

}  // namespace copra
