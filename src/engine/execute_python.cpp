// StatementExecutor: CREATE/DROP SCRIPT and CREATE/DROP FUNCTION (Python).
#include "catalog/catalog.h"
#include "engine/database.h"
#include "engine/session.h"
#include "engine/statement_executor.h"
#include "python/python_functions.h"
#include "python/script_registry.h"

namespace copra {

namespace {

// Python errors carry script lines; SQL positions point at the body.
Status AtBody(const Status& st, SourcePosition body_pos) {
  if (st.position().IsKnown()) return st;
  return st.WithPosition(body_pos);
}

}  // namespace

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteCreateScript(
    const CreateScriptStatement& stmt) {
  std::string db =
      stmt.name.database().empty() ? session_->current_database() : stmt.name.database();
  if (!catalog_->HasDatabase(db)) {
    return Status::Error(ErrorCode::kInvalidDatabase, "database \"" + db + "\" does not exist",
                         stmt.name.pos);
  }
  Status st =
      session_->database()->scripts().Register(db, stmt.name.name(), stmt.body, stmt.or_replace);
  if (!st.ok()) return AtBody(st, stmt.body_pos);
  return QueryResult::Command("CREATE SCRIPT");
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteCreateFunction(
    const CreateFunctionStatement& stmt) {
  std::string db =
      stmt.name.database().empty() ? session_->current_database() : stmt.name.database();
  if (!catalog_->HasDatabase(db)) {
    return Status::Error(ErrorCode::kInvalidDatabase, "database \"" + db + "\" does not exist",
                         stmt.name.pos);
  }
  Status st = session_->database()->python_functions().Create(db, stmt);
  if (!st.ok()) return AtBody(st, stmt.body_pos);
  return QueryResult::Command(stmt.aggregate ? "CREATE AGGREGATE FUNCTION" : "CREATE FUNCTION");
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteDropPython(
    const DropStatement& stmt) {
  for (const ObjectName& name : stmt.names) {
    std::string db = name.database().empty() ? session_->current_database() : name.database();
    Status st =
        stmt.object_type == ObjectType::kScript
            ? session_->database()->scripts().Drop(db, name.name(), stmt.if_exists)
            : session_->database()->python_functions().Drop(db, name.name(), stmt.if_exists);
    if (!st.ok()) return st.WithPosition(name.pos);
  }
  return QueryResult::Command(stmt.object_type == ObjectType::kScript ? "DROP SCRIPT"
                                                                      : "DROP FUNCTION");
}

}  // namespace copra
