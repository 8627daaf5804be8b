// ExpressionBinder: the session functions that reach other wire-protocol
// sessions, as PostgreSQL has them:
//
//   pg_backend_pid()        INT: this session's process id (BackendKeyData's;
//                           0 outside the PostgreSQL wire protocol)
//   pg_cancel_backend(pid)  BOOLEAN: cancels the statement running in
//                           session `pid` (true), false when no session has
//                           that id; a user may cancel only its own
//                           sessions' statements (42501 otherwise) while
//                           users with privileges exist
//
// Like the other session functions these are evaluated while binding, so
// pg_cancel_backend's argument must be a constant (or a parameter).
#include <cstdint>

#include "common/backend_registry.h"
#include "exec/expression_evaluator.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"

namespace copra {

Result<BoundExprPtr> ExpressionBinder::BindBackendFunction(const FunctionCallExpr& call) {
  if (!call.schema.empty() && call.schema != "pg_catalog") return BoundExprPtr();
  if (call.name == "pg_backend_pid") {
    if (!call.args.empty()) {
      return Status::Error(ErrorCode::kUndefinedFunction, "pg_backend_pid() takes no arguments",
                           call.pos);
    }
    return BoundExpr::Constant(Value::Int32(binder_->backend_pid()), "pg_backend_pid");
  }
  if (call.name != "pg_cancel_backend") return BoundExprPtr();
  if (call.args.size() != 1) {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "pg_cancel_backend(pid) takes one process id", call.pos);
  }
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr arg, Bind(*call.args[0]));
  if (!arg->type.IsInteger() && !arg->type.IsNull()) {
    return Status::TypeMismatch(
        "function pg_cancel_backend(" + arg->type.ToString() + ") does not exist", call.pos);
  }
  if (!arg->IsConstant()) {
    return Status::NotSupported("pg_cancel_backend() needs a constant process id", call.pos);
  }
  ExpressionEvaluator evaluator;
  COPRA_ASSIGN_OR_RETURN(Value pid, evaluator.EvaluateConstant(*arg));
  if (pid.is_null()) {
    return BoundExpr::Constant(Value::Null(LogicalType::Boolean()), "pg_cancel_backend");
  }
  COPRA_ASSIGN_OR_RETURN(Value pid64, pid.CastTo(LogicalType::Int64()));
  const int64_t id = pid64.GetInt64();
  if (id < INT32_MIN || id > INT32_MAX) {
    return BoundExpr::Constant(Value::Boolean(false), "pg_cancel_backend");
  }
  switch (BackendRegistry::Global().Cancel(static_cast<int32_t>(id), binder_->session_user(),
                                           binder_->cancels_any_backend())) {
    case BackendRegistry::CancelResult::kCanceled:
      return BoundExpr::Constant(Value::Boolean(true), "pg_cancel_backend");
    case BackendRegistry::CancelResult::kNotFound:
      return BoundExpr::Constant(Value::Boolean(false), "pg_cancel_backend");
    case BackendRegistry::CancelResult::kDenied: break;
  }
  return Status::Error(ErrorCode::kInsufficientPrivilege,
                       "permission denied to cancel query: only the statements of user \"" +
                           binder_->session_user() + "\" may be canceled",
                       call.pos);
}

}  // namespace copra
