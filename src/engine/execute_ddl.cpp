// StatementExecutor: CREATE/DROP TABLE and DATABASE.
#include <set>

#include "catalog/catalog.h"
#include "catalog/user_store.h"
#include "engine/database.h"
#include "engine/session.h"
#include "engine/statement_executor.h"
#include "planner/binder.h"
#include "python/python_functions.h"
#include "python/script_registry.h"
#include "storage/memory_table.h"
#include "storage/storage_engine.h"
#include "storage/time_window.h"

namespace copra {

namespace {

// Table options accepted in WITH (...), with a validator each.
Status ValidateTableOption(const SqlOption& option) {
  static const std::set<std::string> kKnown = {"append_mode",     "ttl",     "time_window",
                                               "compaction.type", "storage", "memtable.type"};
  if (kKnown.count(option.key) == 0) {
    std::string list;
    for (const std::string& k : kKnown) list += (list.empty() ? "" : ", ") + k;
    return Status::Error(
        ErrorCode::kInvalidParameter,
        "unknown table option \"" + option.key + "\" (known options: " + list + ")", option.pos);
  }
  if (option.key == "append_mode" && option.value != "true" && option.value != "false") {
    return Status::Error(
        ErrorCode::kInvalidParameter,
        "table option append_mode must be 'true' or 'false', not '" + option.value + "'",
        option.pos);
  }
  if (option.key == "ttl" || option.key == "time_window") {
    Result<int64_t> ms = storage::ParseDurationMillis(option.value);
    if (!ms.ok()) {
      return ms.status().WithPrefix("table option " + option.key + ": ").WithPosition(option.pos);
    }
    if (option.key == "time_window" && *ms <= 0) {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "table option time_window must be positive", option.pos);
    }
  }
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteCreateTable(
    const CreateTableStatement& stmt) {
  if (stmt.as_query != nullptr) {
    return Status::NotSupported("CREATE TABLE ... AS SELECT is not supported yet", stmt.pos);
  }
  std::string database =
      stmt.name.database().empty() ? session_->current_database() : stmt.name.database();
  std::vector<TableColumn> columns;
  std::vector<int> primary_key;
  int time_index = -1;
  std::set<std::string> seen;
  for (const ColumnDefinition& def : stmt.columns) {
    if (!seen.insert(def.name).second) {
      return Status::Error(ErrorCode::kDuplicateColumn,
                           "column \"" + def.name + "\" specified more than once", def.pos);
    }
    Result<LogicalType> type = ParseTypeName(def.type_name);
    if (!type.ok()) return type.status().WithPosition(def.type_pos);
    TableColumn col;
    col.name = def.name;
    col.type = *type;
    col.nullable = def.nullability != Nullability::kNotNull;
    if (def.comment) col.comment = *def.comment;
    if (def.default_value != nullptr) {
      Binder binder(catalog_, database);
      Result<BoundExprPtr> bound = binder.BindConstantExpr(*def.default_value);
      if (!bound.ok()) return bound.status();
      col.default_sql = def.default_value->ToString();
    }
    int index = static_cast<int>(columns.size());
    if (def.time_index) {
      if (time_index >= 0) {
        return Status::Error(ErrorCode::kInvalidParameter, "a table can have only one TIME INDEX",
                             def.pos);
      }
      time_index = index;
    }
    if (def.primary_key) primary_key.push_back(index);
    columns.push_back(std::move(col));
  }
  auto find = [&](const std::string& name) {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i].name == name) return static_cast<int>(i);
    }
    return -1;
  };
  if (!stmt.time_index.empty()) {
    int index = find(stmt.time_index);
    if (index < 0) {
      return Status::Error(ErrorCode::kUndefinedColumn,
                           "TIME INDEX column \"" + stmt.time_index + "\" does not exist",
                           stmt.time_index_pos);
    }
    if (time_index >= 0 && time_index != index) {
      return Status::Error(ErrorCode::kInvalidParameter, "a table can have only one TIME INDEX",
                           stmt.time_index_pos);
    }
    time_index = index;
  }
  for (const std::string& name : stmt.primary_key) {
    int index = find(name);
    if (index < 0) {
      return Status::Error(ErrorCode::kUndefinedColumn,
                           "PRIMARY KEY column \"" + name + "\" does not exist",
                           stmt.primary_key_pos);
    }
    if (std::find(primary_key.begin(), primary_key.end(), index) != primary_key.end()) {
      return Status::Error(ErrorCode::kDuplicateColumn,
                           "column \"" + name + "\" appears twice in PRIMARY KEY",
                           stmt.primary_key_pos);
    }
    primary_key.push_back(index);
  }
  if (time_index >= 0) {
    TableColumn& ts = columns[static_cast<size_t>(time_index)];
    if (ts.type.id() != TypeId::kTimestamp) {
      return Status::TypeMismatch(
          "TIME INDEX column \"" + ts.name + "\" must be a TIMESTAMP, not " + ts.type.ToString(),
          stmt.pos);
    }
    ts.nullable = false;
    ts.role = ColumnRole::kTimeIndex;
    if (std::find(primary_key.begin(), primary_key.end(), time_index) != primary_key.end()) {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "the TIME INDEX column \"" + ts.name + "\" cannot be in the PRIMARY KEY",
                           stmt.primary_key_pos);
    }
  }
  for (int k : primary_key) columns[static_cast<size_t>(k)].role = ColumnRole::kTag;
  std::map<std::string, std::string> options;
  for (const SqlOption& o : stmt.options) {
    COPRA_RETURN_NOT_OK(ValidateTableOption(o));
    options[o.key] = o.value;
  }
  if (stmt.is_stream) options["append_mode"] = "true";
  TableSchema schema(std::move(columns), std::move(primary_key), time_index, std::move(options));
  const char* tag = stmt.is_stream ? "CREATE STREAM" : "CREATE TABLE";
  storage::StorageEngine* storage = session_->database()->storage();
  if (storage == nullptr) {
    auto table = std::make_shared<MemoryTable>(stmt.name.name(), std::move(schema));
    Status st = catalog_->CreateTable(database, table, stmt.if_not_exists);
    if (!st.ok()) return st.WithPosition(stmt.name.pos);
    return QueryResult::Command(tag);
  }
  // Durable table: persist it first, then make it visible; undo the first
  // step when the name turns out to be taken.
  if (stmt.if_not_exists && catalog_->HasDatabase(database)) {
    Result<TablePtr> existing = catalog_->GetTable(database, stmt.name.name());
    if (existing.ok()) return QueryResult::Command(tag);
  }
  Result<std::shared_ptr<storage::StorageTable>> created =
      storage->CreateTable(database, stmt.name.name(), schema);
  if (!created.ok()) return created.status().WithPosition(stmt.name.pos);
  Status st = catalog_->CreateTable(database, *created, stmt.if_not_exists);
  Result<TablePtr> visible = catalog_->GetTable(database, stmt.name.name());
  if (!st.ok() || !visible.ok() || *visible != *created) {
    Status dropped = storage->DropTable(*created);
    (void)dropped;
  }
  if (!st.ok()) return st.WithPosition(stmt.name.pos);
  return QueryResult::Command(tag);
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteCreateDatabase(
    const CreateDatabaseStatement& stmt) {
  Status st = catalog_->CreateDatabase(stmt.name, stmt.if_not_exists);
  if (!st.ok()) return st.WithPosition(stmt.pos);
  if (storage::StorageEngine* storage = session_->database()->storage()) {
    st = storage->CreateDatabase(stmt.name);
    if (!st.ok()) {
      (void)catalog_->DropDatabase(stmt.name, true);
      return st.WithPosition(stmt.pos);
    }
  }
  return QueryResult::Command("CREATE DATABASE");
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteDrop(const DropStatement& stmt) {
  switch (stmt.object_type) {
    case ObjectType::kTable:
    case ObjectType::kStream:
      for (const ObjectName& name : stmt.names) {
        std::lock_guard<std::mutex> change_lock(TableChangeMutex());
        std::string db = name.database().empty() ? session_->current_database() : name.database();
        Result<TablePtr> table = catalog_->GetTable(db, name.name());
        Status st = catalog_->DropTable(db, name.name(), stmt.if_exists);
        if (!st.ok()) return st.WithPosition(name.pos);
        // The table's data goes with it.
        auto stored =
            table.ok() ? std::dynamic_pointer_cast<storage::StorageTable>(*table) : nullptr;
        if (stored != nullptr) {
          st = session_->database()->storage()->DropTable(stored);
          if (!st.ok()) return st.WithPosition(name.pos);
        }
      }
      return QueryResult::Command(stmt.object_type == ObjectType::kTable ? "DROP TABLE"
                                                                         : "DROP STREAM");
    case ObjectType::kDatabase:
      for (const ObjectName& name : stmt.names) {
        if (name.name() == session_->current_database()) {
          return Status::Error(ErrorCode::kInvalidParameter,
                               "cannot drop the currently open database \"" + name.name() + "\"",
                               name.pos);
        }
        std::lock_guard<std::mutex> change_lock(TableChangeMutex());
        bool existed = catalog_->HasDatabase(name.name());
        Status st = catalog_->DropDatabase(name.name(), stmt.if_exists);
        if (!st.ok()) return st.WithPosition(name.pos);
        if (storage::StorageEngine* storage = session_->database()->storage()) {
          st = storage->DropDatabase(name.name());
          if (!st.ok()) return st.WithPosition(name.pos);
        }
        if (existed) {
          // The database's Python scripts and functions go with it.
          COPRA_RETURN_NOT_OK(session_->database()->scripts().DropDatabase(name.name()));
          COPRA_RETURN_NOT_OK(session_->database()->python_functions().DropDatabase(name.name()));
        }
      }
      return QueryResult::Command("DROP DATABASE");
    case ObjectType::kScript:
    case ObjectType::kFunction: return ExecuteDropPython(stmt);
    case ObjectType::kUser:
      for (const ObjectName& name : stmt.names) {
        Status st = session_->database()->users().Drop(name.name(), stmt.if_exists);
        if (!st.ok()) return st.WithPosition(name.pos);
      }
      return QueryResult::Command("DROP ROLE");
    default:
      return Status::NotSupported(
          std::string("DROP ") + ObjectTypeName(stmt.object_type) + " is not supported yet",
          stmt.pos);
  }
}

}  // namespace copra
