// ExpressionBinder: set-returning function calls and field selection from
// composite values (planner/set_function.h).
#include "planner/binder.h"
#include "planner/expression_binder.h"
#include "planner/set_function.h"

namespace copra {

Result<BoundExprPtr> ExpressionBinder::BindSetFunction(const FunctionCallExpr& call) {
  const SetFunctionKind kind = *FindSetFunction(call.schema, call.name);
  if (set_functions_ == nullptr) {
    return Status::NotSupported(
        std::string("set-returning functions are not allowed in ") + clause_, call.pos);
  }
  if (call.distinct || call.star || !call.order_by.empty() || call.filter != nullptr ||
      call.over != nullptr) {
    return Status::SyntaxError(
        "DISTINCT, *, ORDER BY, FILTER and OVER are not allowed in a call of " + call.name + "()",
        call.pos);
  }
  // Set-returning calls in the arguments would need a ProjectSet of their
  // own below this one.
  SetFunctionBinder* set_functions = set_functions_;
  set_functions_ = nullptr;
  std::vector<BoundExprPtr> args;
  Status st;
  for (const ExprPtr& a : call.args) {
    Result<BoundExprPtr> b = Bind(*a);
    if (!b.ok()) {
      st = b.status();
      break;
    }
    args.push_back(*b);
  }
  set_functions_ = set_functions;
  COPRA_RETURN_NOT_OK(st);
  return set_functions_->Add(kind, std::move(args), call.ToString(), call.pos);
}

Result<BoundExprPtr> ExpressionBinder::BindFieldSelection(const FunctionCallExpr& call) {
  if (call.args.size() != 2 || call.args[1]->kind != ExprKind::kLiteral ||
      call.args[1]->As<LiteralExpr>().literal_kind != LiteralKind::kString) {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "record_field(value, 'field') takes a composite value and a field name",
                         call.pos);
  }
  const std::string& field = call.args[1]->As<LiteralExpr>().text;
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr value, Bind(*call.args[0]));
  const std::vector<CompositeField>* fields = nullptr;
  if (set_functions_ != nullptr) fields = set_functions_->FieldsOf(*value);
  if (fields == nullptr && value->kind == BoundExprKind::kColumnRef && scope_ != nullptr &&
      call.args[0]->kind == ExprKind::kColumnRef && value->column_index >= 0 &&
      static_cast<size_t>(value->column_index) < scope_->columns().size()) {
    const ScopeColumn& column = scope_->columns()[static_cast<size_t>(value->column_index)];
    if (!column.fields.empty()) fields = &column.fields;
  }
  if (fields == nullptr) {
    return Status::TypeMismatch("column notation ." + field + " applied to type " +
                                    value->type.ToString() + ", which is not a composite type",
                                call.pos);
  }
  return SelectCompositeField(value, *fields, field, call.pos);
}

}  // namespace copra
