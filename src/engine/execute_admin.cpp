// StatementExecutor: ADMIN functions.
//   ADMIN flush_table('t')    (= ADMIN FLUSH TABLE t)    memtable → Parquet files
//   ADMIN compact_table('t')  (= ADMIN COMPACT TABLE t)  merge each time window's files,
//                                                         drop delete markers and expired rows
// Both return when the work is done. In-memory tables have nothing to flush
// or compact, so they succeed without doing anything.
#include "catalog/catalog.h"
#include "engine/access_control.h"
#include "engine/database.h"
#include "engine/session.h"
#include "engine/statement_executor.h"
#include "exec/expression_evaluator.h"
#include "exec/physical_operator.h"
#include "planner/binder.h"
#include "storage/storage_table.h"

namespace copra {

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteAdmin(const AdminStatement& stmt) {
  const std::string& fn = stmt.function;
  if (fn != "flush_table" && fn != "compact_table") {
    return Status::Error(
        ErrorCode::kUndefinedFunction,
        "unknown admin function \"" + fn + "\" (known: flush_table, compact_table)", stmt.pos);
  }
  if (stmt.args.size() != 1) {
    return Status::Error(ErrorCode::kInvalidParameter,
                         "ADMIN " + fn + " takes one argument, the table name", stmt.pos);
  }
  std::unique_ptr<Binder> binder = MakeBinder();
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr bound, binder->BindConstantExpr(*stmt.args[0]));
  ExpressionEvaluator evaluator(MakeExecContext()->eval);
  COPRA_ASSIGN_OR_RETURN(Value arg, evaluator.EvaluateConstant(*bound));
  if (arg.is_null() || arg.type().id() != TypeId::kString) {
    return Status::Error(ErrorCode::kInvalidParameter,
                         "ADMIN " + fn + " expects the table name as a string", stmt.args[0]->pos);
  }
  std::string name = arg.GetString();
  std::string database = session_->current_database();
  if (size_t dot = name.rfind('.'); dot != std::string::npos) {
    database = name.substr(0, dot);
    name = name.substr(dot + 1);
    COPRA_RETURN_NOT_OK(
        CheckDatabaseAccess(*session_, database, Privilege::kAdmin, stmt.args[0]->pos));
  }
  Result<TablePtr> table = catalog_->GetTable(database, name);
  if (!table.ok()) return table.status().WithPosition(stmt.args[0]->pos);
  auto stored = std::dynamic_pointer_cast<storage::StorageTable>(*table);
  if (stored != nullptr) {
    Status st = fn == "flush_table" ? stored->region()->Flush() : stored->region()->Compact(true);
    if (!st.ok()) return st.WithPosition(stmt.pos);
  } else if ((*table)->IsSystem()) {
    return Status::Error(ErrorCode::kInsufficientPrivilege,
                         "cannot " + fn.substr(0, fn.find('_')) + " system table \"" + name + "\"",
                         stmt.args[0]->pos);
  }
  return QueryResult::Command("ADMIN");
}

}  // namespace copra
