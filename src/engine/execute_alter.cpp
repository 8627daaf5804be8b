// StatementExecutor: ALTER TABLE — ADD COLUMN (a field, or a tag with
// PRIMARY KEY), DROP COLUMN, RENAME [TO], RENAME COLUMN.
//
// The new schema and the mapping of old rows to it (SchemaChange) are
// worked out here; the table kind applies it: a storage table records a new
// schema version in its region's manifest (storage/region.h), an in-memory
// table converts its batches. Either way the catalog then holds a new Table
// object; statements still holding the old one keep reading their snapshot
// and their writes are forwarded to the new one.
#include <mutex>

#include "catalog/catalog.h"
#include "catalog/schema_change.h"
#include "common/suggest.h"
#include "engine/database.h"
#include "engine/session.h"
#include "engine/statement_executor.h"
#include "exec/expression_evaluator.h"
#include "exec/physical_operator.h"
#include "planner/binder.h"
#include "storage/memory_table.h"
#include "storage/storage_engine.h"

namespace copra {

namespace {

std::vector<std::string> ColumnNames(const TableSchema& schema) {
  std::vector<std::string> names;
  for (const TableColumn& c : schema.columns()) names.push_back(c.name);
  return names;
}

// `old` unchanged: every column from itself.
SchemaChange Identity(const TableSchema& old) {
  SchemaChange change;
  change.schema = old;
  for (size_t c = 0; c < old.num_columns(); ++c) {
    change.source.push_back(static_cast<int>(c));
    change.fill.push_back(Value::Null(old.column(c).type));
  }
  return change;
}

}  // namespace

std::mutex& StatementExecutor::TableChangeMutex() {
  static std::mutex mu;
  return mu;
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteAlterTable(
    const AlterTableStatement& stmt) {
  std::lock_guard<std::mutex> change_lock(TableChangeMutex());
  Binder binder(catalog_, session_->current_database());
  COPRA_ASSIGN_OR_RETURN(TablePtr table, binder.ResolveTable(stmt.name));
  const std::string database =
      stmt.name.database().empty() ? session_->current_database() : stmt.name.database();
  if (table->IsSystem()) {
    return Status::Error(ErrorCode::kInsufficientPrivilege,
                         "cannot alter system table \"" + table->name() + "\"", stmt.name.pos);
  }
  const TableSchema& old = table->schema();
  auto done = [] { return QueryResult::Command("ALTER TABLE"); };
  auto unknown_column = [&](const std::string& name, SourcePosition pos) {
    return Status::Error(ErrorCode::kUndefinedColumn,
                         "column \"" + name + "\" of table \"" + table->name() +
                             "\" does not exist" + DidYouMean(name, ColumnNames(old)),
                         pos);
  };
  std::string new_name = table->name();
  std::optional<SchemaChange> change;
  switch (stmt.action) {
    case AlterTableAction::kAddColumn: {
      const ColumnDefinition& def = stmt.column;
      if (old.FindColumn(def.name) >= 0) {
        if (stmt.if_exists) return done();
        return Status::Error(
            ErrorCode::kDuplicateColumn,
            "column \"" + def.name + "\" of table \"" + table->name() + "\" already exists",
            def.pos);
      }
      if (def.time_index) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "cannot add a TIME INDEX column: a table has exactly one", def.pos);
      }
      Result<LogicalType> type = ParseTypeName(def.type_name);
      if (!type.ok()) return type.status().WithPosition(def.type_pos);
      TableColumn col;
      col.name = def.name;
      col.type = *type;
      col.nullable = def.nullability != Nullability::kNotNull;
      col.role = def.primary_key ? ColumnRole::kTag : ColumnRole::kField;
      if (def.comment) col.comment = *def.comment;
      Value fill = Value::Null(col.type);
      if (def.default_value != nullptr) {
        Binder constant_binder(catalog_, database);
        COPRA_ASSIGN_OR_RETURN(BoundExprPtr bound,
                               constant_binder.BindConstantExpr(*def.default_value));
        ExpressionEvaluator evaluator(MakeExecContext()->eval);
        COPRA_ASSIGN_OR_RETURN(Value v, evaluator.EvaluateConstant(*bound));
        if (!v.is_null()) {
          Result<Value> cast = v.CastTo(col.type);
          if (!cast.ok()) return cast.status().WithPosition(def.default_value->pos);
          fill = std::move(*cast);
        }
        col.default_sql = def.default_value->ToString();
      }
      if (!col.nullable && fill.is_null()) {
        return Status::Error(ErrorCode::kNotNullViolation,
                             "column \"" + col.name +
                                 "\" is NOT NULL, so ADD COLUMN needs a DEFAULT for the rows "
                                 "already in the table",
                             def.pos);
      }
      std::vector<TableColumn> columns = old.columns();
      std::vector<int> primary_key = old.primary_key();
      if (col.role == ColumnRole::kTag) primary_key.push_back(static_cast<int>(columns.size()));
      columns.push_back(std::move(col));
      change = Identity(old);
      change->schema =
          TableSchema(std::move(columns), std::move(primary_key), old.time_index(), old.options());
      change->source.push_back(-1);
      change->fill.push_back(std::move(fill));
      break;
    }
    case AlterTableAction::kDropColumn: {
      const int index = old.FindColumn(stmt.column_name);
      if (index < 0) {
        if (stmt.if_exists) return done();
        return unknown_column(stmt.column_name, stmt.column_pos);
      }
      const TableColumn& col = old.column(static_cast<size_t>(index));
      if (col.role == ColumnRole::kTimeIndex) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "cannot drop the TIME INDEX column \"" + col.name + "\"",
                             stmt.column_pos);
      }
      if (col.role == ColumnRole::kTag) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "cannot drop the tag (PRIMARY KEY) column \"" + col.name +
                                 "\": rows are identified by their tags",
                             stmt.column_pos);
      }
      if (old.num_columns() == 1) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "cannot drop the only column of table \"" + table->name() + "\"",
                             stmt.column_pos);
      }
      auto shift = [&](int c) { return c > index ? c - 1 : c; };
      std::vector<TableColumn> columns;
      SchemaChange ch;
      for (size_t c = 0; c < old.num_columns(); ++c) {
        if (static_cast<int>(c) == index) continue;
        columns.push_back(old.column(c));
        ch.source.push_back(static_cast<int>(c));
        ch.fill.push_back(Value::Null(old.column(c).type));
      }
      std::vector<int> primary_key;
      for (int k : old.primary_key()) primary_key.push_back(shift(k));
      const int time_index = old.time_index() >= 0 ? shift(old.time_index()) : -1;
      ch.schema =
          TableSchema(std::move(columns), std::move(primary_key), time_index, old.options());
      change = std::move(ch);
      break;
    }
    case AlterTableAction::kRenameTable: {
      new_name = stmt.new_name;
      if (new_name == table->name()) return done();
      if (catalog_->GetTable(database, new_name).ok()) {
        return Status::Error(ErrorCode::kDuplicateTable,
                             "table \"" + new_name + "\" already exists", stmt.new_name_pos);
      }
      break;
    }
    case AlterTableAction::kRenameColumn: {
      const int index = old.FindColumn(stmt.column_name);
      if (index < 0) return unknown_column(stmt.column_name, stmt.column_pos);
      if (stmt.new_name == stmt.column_name) return done();
      if (old.FindColumn(stmt.new_name) >= 0) {
        return Status::Error(
            ErrorCode::kDuplicateColumn,
            "column \"" + stmt.new_name + "\" of table \"" + table->name() + "\" already exists",
            stmt.new_name_pos);
      }
      std::vector<TableColumn> columns = old.columns();
      columns[static_cast<size_t>(index)].name = stmt.new_name;
      change = Identity(old);
      change->schema =
          TableSchema(std::move(columns), old.primary_key(), old.time_index(), old.options());
      break;
    }
  }

  TablePtr replacement;
  if (auto stored = std::dynamic_pointer_cast<storage::StorageTable>(table)) {
    storage::StorageEngine* storage = session_->database()->storage();
    Result<std::shared_ptr<storage::StorageTable>> altered =
        storage->AlterTable(stored, new_name, change ? &*change : nullptr);
    if (!altered.ok()) return altered.status().WithPosition(stmt.pos);
    replacement = *altered;
  } else if (auto memory = std::dynamic_pointer_cast<MemoryTable>(table)) {
    replacement = memory->Alter(new_name, change ? *change : Identity(old));
  } else {
    return Status::NotSupported("ALTER TABLE is not supported for " + table->engine() + " tables",
                                stmt.name.pos);
  }
  Status st = catalog_->ReplaceTable(database, table, replacement);
  if (!st.ok()) return st.WithPosition(stmt.name.pos);
  return done();
}

}  // namespace copra
