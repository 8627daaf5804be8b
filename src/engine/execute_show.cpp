// StatementExecutor: SHOW and DESCRIBE.
#include "catalog/catalog.h"
#include "catalog/user_store.h"
#include "engine/database.h"
#include "engine/session.h"
#include "engine/statement_executor.h"
#include "exec/expression_evaluator.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"
#include "python/python_functions.h"
#include "python/script_registry.h"
#include "vector/column_builder.h"
#include "vector/selection.h"

namespace copra {

namespace {

// A small table of strings built row by row.
class StringRows {
 public:
  explicit StringRows(std::vector<std::string> names) {
    std::vector<Field> fields;
    for (std::string& n : names) fields.push_back(Field{std::move(n), LogicalType::String()});
    schema_ = std::make_shared<const Schema>(std::move(fields));
    for (size_t i = 0; i < schema_->num_fields(); ++i)
      builders_.emplace_back(LogicalType::String());
  }
  // A row of values; std::nullopt is NULL.
  void Add(const std::vector<std::optional<std::string>>& row) {
    for (size_t i = 0; i < builders_.size(); ++i) {
      if (i < row.size() && row[i].has_value()) {
        (void)builders_[i].AppendString(*row[i]);
      } else {
        builders_[i].AppendNull();
      }
    }
    ++rows_;
  }
  BatchPtr Finish() {
    std::vector<ColumnPtr> cols;
    for (ColumnBuilder& b : builders_) cols.push_back(b.Finish());
    return Batch::Make(schema_, std::move(cols), rows_);
  }
  const SchemaPtr& schema() const { return schema_; }

 private:
  SchemaPtr schema_;
  std::vector<ColumnBuilder> builders_;
  int64_t rows_ = 0;
};

// Applies SHOW ... LIKE 'pattern' (on the first column) or WHERE expr.
Result<BatchPtr> FilterShow(BatchPtr batch, const ShowStatement& stmt, Binder* binder) {
  BoundExprPtr predicate;
  std::vector<ScopeColumn> cols;
  for (const Field& f : batch->schema()->fields()) cols.push_back(ScopeColumn{"", f.name, f.type});
  BindScope scope(std::move(cols));
  if (stmt.like) {
    BoundExprPtr column =
        BoundExpr::ColumnRef(0, LogicalType::String(), batch->schema()->field(0).name);
    COPRA_ASSIGN_OR_RETURN(
        predicate, MakeFunctionCall(
                       "like", {column, BoundExpr::Constant(Value::String(*stmt.like))}, stmt.pos));
  } else if (stmt.where != nullptr) {
    COPRA_ASSIGN_OR_RETURN(predicate, binder->BindExprInScope(*stmt.where, scope));
  }
  if (predicate == nullptr) return batch;
  ExpressionEvaluator evaluator;
  COPRA_ASSIGN_OR_RETURN(ColumnPtr mask, evaluator.EvaluateToColumn(*predicate, *batch));
  return FilterBatch(batch, *mask);
}

std::string QuoteName(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

std::string ShowCreateTable(const Table& table) {
  const TableSchema& schema = table.schema();
  std::string sql = "CREATE TABLE IF NOT EXISTS " + QuoteName(table.name()) + " (\n";
  for (const TableColumn& c : schema.columns()) {
    sql +=
        "  " + QuoteName(c.name) + " " + c.type.ToString() + (c.nullable ? " NULL" : " NOT NULL");
    if (c.default_sql) sql += " DEFAULT " + *c.default_sql;
    if (!c.comment.empty()) sql += " COMMENT '" + c.comment + "'";
    sql += ",\n";
  }
  if (schema.time_index() >= 0) {
    sql += "  TIME INDEX (" +
           QuoteName(schema.column(static_cast<size_t>(schema.time_index())).name) + "),\n";
  }
  if (!schema.primary_key().empty()) {
    sql += "  PRIMARY KEY (";
    for (size_t i = 0; i < schema.primary_key().size(); ++i) {
      if (i > 0) sql += ", ";
      sql += QuoteName(schema.column(static_cast<size_t>(schema.primary_key()[i])).name);
    }
    sql += "),\n";
  }
  sql.erase(sql.size() - 2);  // trailing ",\n"
  sql += "\n)\nENGINE=" + table.engine();
  if (!schema.options().empty()) {
    sql += "\nWITH(\n";
    size_t i = 0;
    for (const auto& [k, v] : schema.options()) {
      sql += "  " + k + " = '" + v + "'" + (++i < schema.options().size() ? ",\n" : "\n");
    }
    sql += ")";
  }
  return sql;
}

}  // namespace

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteShow(const ShowStatement& stmt) {
  Binder binder(catalog_, session_->current_database());
  switch (stmt.what) {
    case ShowKind::kUsers: {
      StringRows rows({"User"});
      for (const std::string& user : session_->database()->users().Names()) rows.Add({user});
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, FilterShow(rows.Finish(), stmt, &binder));
      return QueryResult::Materialized(batch->schema(), {batch}, "SHOW");
    }
    case ShowKind::kGrants: {
      // Unrestricted sessions and superusers see everyone's grants, other
      // users their own (SHOW GRANTS FOR another user is refused earlier).
      const UserStore& users = session_->database()->users();
      std::string only = stmt.user;
      if (only.empty() && session_->checks_privileges() && !users.IsSuperuser(session_->user())) {
        only = session_->user();
      }
      if (!only.empty() && !users.FindAccount(only).has_value()) {
        return Status::Error(ErrorCode::kUndefinedObject, "role \"" + only + "\" does not exist",
                             stmt.pos);
      }
      StringRows rows({"User", "Database", "Privilege"});
      for (const auto& [name, account] : users.Accounts()) {
        if (!only.empty() && name != only) continue;
        if (account.superuser) rows.Add({name, std::string(kAllDatabases), "superuser"});
        for (const auto& [db, level] : account.grants) rows.Add({name, db, PrivilegeName(level)});
      }
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, FilterShow(rows.Finish(), stmt, &binder));
      return QueryResult::Materialized(batch->schema(), {batch}, "SHOW");
    }
    case ShowKind::kDatabases: {
      StringRows rows({"Database"});
      for (const std::string& db : catalog_->ListDatabases()) rows.Add({db});
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, FilterShow(rows.Finish(), stmt, &binder));
      return QueryResult::Materialized(batch->schema(), {batch}, "SHOW");
    }
    case ShowKind::kTables:
    case ShowKind::kStreams: {
      std::string db = stmt.target.empty() ? session_->current_database() : stmt.target.name();
      if (!catalog_->HasDatabase(db)) {
        return Status::Error(ErrorCode::kInvalidDatabase, "database \"" + db + "\" does not exist",
                             stmt.pos);
      }
      StringRows rows({"Tables"});
      for (const TablePtr& t : catalog_->ListTables(db)) {
        if (stmt.what == ShowKind::kStreams && !t->schema().append_mode()) continue;
        rows.Add({t->name()});
      }
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, FilterShow(rows.Finish(), stmt, &binder));
      return QueryResult::Materialized(batch->schema(), {batch}, "SHOW");
    }
    case ShowKind::kCreateTable: {
      COPRA_ASSIGN_OR_RETURN(TablePtr table, binder.ResolveTable(stmt.target));
      StringRows rows({"Table", "Create Table"});
      rows.Add({table->name(), ShowCreateTable(*table)});
      BatchPtr batch = rows.Finish();
      return QueryResult::Materialized(batch->schema(), {batch}, "SHOW");
    }
    case ShowKind::kColumns: {
      DescribeStatement describe(stmt.pos);
      describe.table = stmt.target;
      return ExecuteDescribe(describe);
    }
    case ShowKind::kVariable: {
      StringRows rows({stmt.variable});
      std::string value = session_->GetSetting(stmt.variable);
      if (stmt.variable == "batch_size") value = std::to_string(session_->batch_size());
      if (value.empty()) {
        if (stmt.variable == "server_version")
          value = "15.0 (Copra " COPRA_VERSION ")";
        else if (stmt.variable == "optimizer")
          value = "on";
        else if (stmt.variable == "timezone")
          value = "UTC";
        else if (stmt.variable == "search_path")
          value = session_->current_database();
        else if (stmt.variable == "transaction_isolation")
          value = "read committed";
        else if (stmt.variable == "standard_conforming_strings")
          value = "on";
        else if (stmt.variable == "client_encoding" || stmt.variable == "server_encoding")
          value = "UTF8";
        else
          return Status::Error(ErrorCode::kUndefinedObject,
                               "unrecognized configuration parameter \"" + stmt.variable + "\"",
                               stmt.pos);
      }
      rows.Add({value});
      BatchPtr batch = rows.Finish();
      return QueryResult::Materialized(batch->schema(), {batch}, "SHOW");
    }
    case ShowKind::kScripts: {
      StringRows rows({"Script", "Function", "Returns", "Status"});
      for (const ScriptInfo& info :
           session_->database()->scripts().List(session_->current_database())) {
        std::string function, returns;
        if (info.compiled != nullptr) {
          function = info.compiled->function_name();
          for (const CoprocessorColumn& c : info.compiled->returns()) {
            returns += (returns.empty() ? "" : ", ") + c.name;
          }
        }
        rows.Add({info.name, function, returns,
                  info.compiled != nullptr ? std::string("ok") : info.error.message()});
      }
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, FilterShow(rows.Finish(), stmt, &binder));
      return QueryResult::Materialized(batch->schema(), {batch}, "SHOW");
    }
    case ShowKind::kFunctions: {
      StringRows rows({"Function", "Kind", "Signature", "Language"});
      for (const auto& udf :
           session_->database()->python_functions().List(session_->current_database())) {
        rows.Add({udf->name(), std::string(udf->is_aggregate() ? "aggregate" : "scalar"),
                  udf->Signature(), std::string("python")});
      }
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, FilterShow(rows.Finish(), stmt, &binder));
      return QueryResult::Materialized(batch->schema(), {batch}, "SHOW");
    }
    default: return Status::NotSupported("this SHOW statement is not supported yet", stmt.pos);
  }
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteDescribe(
    const DescribeStatement& stmt) {
  Binder binder(catalog_, session_->current_database());
  COPRA_ASSIGN_OR_RETURN(TablePtr table, binder.ResolveTable(stmt.table));
  StringRows rows({"Column", "Type", "Key", "Null", "Default", "Semantic Type"});
  for (const TableColumn& c : table->schema().columns()) {
    const char* key = c.role == ColumnRole::kTag         ? "PRI"
                      : c.role == ColumnRole::kTimeIndex ? "TIME INDEX"
                                                         : "";
    const char* semantic = c.role == ColumnRole::kTag         ? "TAG"
                           : c.role == ColumnRole::kTimeIndex ? "TIMESTAMP"
                                                              : "FIELD";
    rows.Add({c.name, c.type.ToString(), std::string(key), std::string(c.nullable ? "YES" : "NO"),
              c.default_sql.value_or(""), std::string(semantic)});
  }
  BatchPtr batch = rows.Finish();
  return QueryResult::Materialized(batch->schema(), {batch}, "DESCRIBE");
}

}  // namespace copra
