#include "engine/statement_executor.h"

#include <chrono>

#include "catalog/catalog.h"
#include "catalog/user_store.h"
#include "engine/access_control.h"
#include "engine/database.h"
#include "engine/session.h"
#include "exec/physical_operator.h"
#include "function/user_functions.h"
#include "planner/binder.h"
#include "planner/logical_plan.h"
#include "python/python_functions.h"
#include "vector/column_builder.h"

namespace copra {

StatementExecutor::StatementExecutor(Session* session, const std::vector<Value>* parameters)
    : session_(session),
      catalog_(&session->database()->catalog()),
      parameters_(parameters),
      user_functions_(session->database()->python_functions().ForSession(session)) {}

StatementExecutor::~StatementExecutor() = default;

Status StatementExecutor::InferParameterTypes(const Statement& stmt,
                                              std::vector<LogicalType>* types) {
  if (stmt.kind != StatementKind::kSelect) return Status::OK();
  std::unique_ptr<Binder> binder = MakeBinder();
  binder->set_parameters(nullptr);  // keep placeholders
  binder->set_parameter_type_sink(types);
  return binder->BindQuery(*stmt.As<SelectStatement>().query).status();
}

Result<SchemaPtr> StatementExecutor::Describe(const Statement& stmt) {
  switch (stmt.kind) {
    case StatementKind::kSelect: {
      COPRA_ASSIGN_OR_RETURN(LogicalPlanPtr plan,
                             PlanQuery(*stmt.As<SelectStatement>().query, nullptr, nullptr));
      return plan->schema;
    }
    case StatementKind::kExplain:
      return std::make_shared<const Schema>(std::vector<Field>{
          {"plan_type", LogicalType::String(), false}, {"plan", LogicalType::String(), false}});
    case StatementKind::kShow:
    case StatementKind::kDescribe: {
      COPRA_ASSIGN_OR_RETURN(std::unique_ptr<QueryResult> result, Execute(stmt));
      return result->returns_rows() ? result->schema() : SchemaPtr();
    }
    default: return SchemaPtr();
  }
}

std::shared_ptr<ExecContext> StatementExecutor::MakeExecContext() {
  auto ctx = std::make_shared<ExecContext>();
  ctx->cancel = &session_->cancel_flag();
  ctx->batch_size = session_->batch_size();
  ctx->eval.statement_time_nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
  std::string limit = session_->GetSetting("query_memory_limit");
  if (!limit.empty()) ctx->memory_limit = std::stoll(limit);
  return ctx;
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::Execute(const Statement& stmt) {
  COPRA_RETURN_NOT_OK(CheckStatementAccess(*session_, stmt));
  Result<std::unique_ptr<QueryResult>> out = Status::Internal("not executed");
  switch (stmt.kind) {
    case StatementKind::kSelect: out = ExecuteQuery(stmt.As<SelectStatement>()); break;
    case StatementKind::kExplain: out = ExecuteExplain(stmt.As<ExplainStatement>()); break;
    case StatementKind::kCreateTable:
      out = ExecuteCreateTable(stmt.As<CreateTableStatement>());
      break;
    case StatementKind::kCreateDatabase:
      out = ExecuteCreateDatabase(stmt.As<CreateDatabaseStatement>());
      break;
    case StatementKind::kDrop: out = ExecuteDrop(stmt.As<DropStatement>()); break;
    case StatementKind::kAlterTable: out = ExecuteAlterTable(stmt.As<AlterTableStatement>()); break;
    case StatementKind::kUse: out = ExecuteUse(stmt.As<UseStatement>()); break;
    case StatementKind::kShow: out = ExecuteShow(stmt.As<ShowStatement>()); break;
    case StatementKind::kDescribe: out = ExecuteDescribe(stmt.As<DescribeStatement>()); break;
    case StatementKind::kSet: out = ExecuteSet(stmt.As<SetStatement>()); break;
    case StatementKind::kInsert: out = ExecuteInsert(stmt.As<InsertStatement>()); break;
    case StatementKind::kDelete: out = ExecuteDelete(stmt.As<DeleteStatement>()); break;
    case StatementKind::kTruncate: out = ExecuteTruncate(stmt.As<TruncateStatement>()); break;
    case StatementKind::kCopy: out = ExecuteCopy(stmt.As<CopyStatement>()); break;
    case StatementKind::kAdmin: out = ExecuteAdmin(stmt.As<AdminStatement>()); break;
    case StatementKind::kCreateScript:
      out = ExecuteCreateScript(stmt.As<CreateScriptStatement>());
      break;
    case StatementKind::kCreateFunction:
      out = ExecuteCreateFunction(stmt.As<CreateFunctionStatement>());
      break;
    case StatementKind::kCreateUser: {
      const auto& u = stmt.As<CreateUserStatement>();
      if (!u.password.has_value()) {
        return Status::InvalidArgument("CREATE USER needs WITH PASSWORD '...'").WithPosition(u.pos);
      }
      Status st =
          session_->database()->users().Create(u.name, *u.password, u.if_not_exists, u.superuser);
      if (!st.ok()) return st.WithPosition(u.pos);
      return QueryResult::Command("CREATE ROLE");
    }
    case StatementKind::kAlterUser: {
      const auto& u = stmt.As<AlterUserStatement>();
      Status st = session_->database()->users().Alter(u.name, u.password, u.superuser);
      if (!st.ok()) return st.WithPosition(u.pos);
      return QueryResult::Command("ALTER ROLE");
    }
    case StatementKind::kGrant: out = ExecuteGrant(stmt.As<GrantStatement>()); break;
    case StatementKind::kTransaction: {
      // Each statement is atomic on its own; transaction blocks are accepted
      // so that clients which wrap statements in them work.
      switch (stmt.As<TransactionStatement>().op) {
        case TransactionOp::kBegin: return QueryResult::Command("BEGIN");
        case TransactionOp::kCommit: return QueryResult::Command("COMMIT");
        case TransactionOp::kRollback: return QueryResult::Command("ROLLBACK");
      }
      break;
    }
    default:
      return Status::NotSupported(
          std::string(StatementKindName(stmt.kind)) + " statements are not supported yet",
          stmt.pos);
  }
  return out;
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteSet(const SetStatement& stmt) {
  if (stmt.to_default) {
    session_->ResetSetting(stmt.name);
    return QueryResult::Command(stmt.is_reset ? "RESET" : "SET");
  }
  std::string value;
  for (size_t i = 0; i < stmt.values.size(); ++i) {
    if (i > 0) value += ", ";
    value += stmt.values[i];
  }
  Status st = session_->SetSetting(stmt.name, value);
  if (!st.ok()) return st.WithPosition(stmt.pos);
  return QueryResult::Command("SET");
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteUse(const UseStatement& stmt) {
  if (!catalog_->HasDatabase(stmt.database)) {
    return Status::Error(ErrorCode::kInvalidDatabase,
                         "database \"" + stmt.database + "\" does not exist", stmt.pos);
  }
  session_->set_current_database(stmt.database);
  return QueryResult::Command("USE");
}

}  // namespace copra
