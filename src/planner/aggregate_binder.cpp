#include "planner/aggregate_binder.h"

#include "function/function_registry.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"

namespace copra {

AggregateBinder::AggregateBinder(Binder* binder, const BindScope* from_scope)
    : binder_(binder), from_scope_(from_scope) {}

Result<BoundExprPtr> AggregateBinder::TryMatchGroup(const Expr& expr) {
  if (groups_.empty() || expr.kind == ExprKind::kLiteral) return BoundExprPtr();
  ExpressionBinder plain(binder_, from_scope_, "GROUP BY");
  Result<BoundExprPtr> bound = plain.Bind(expr);
  if (!bound.ok()) {
    // Unknown names are real errors; anything else just means "no match".
    ErrorCode code = bound.status().code();
    if (code == ErrorCode::kUndefinedColumn || code == ErrorCode::kAmbiguousColumn ||
        code == ErrorCode::kUndefinedTable) {
      return bound.status();
    }
    return BoundExprPtr();
  }
  std::string key = (*bound)->ToString();
  for (size_t i = 0; i < groups_.size(); ++i) {
    if (groups_[i]->ToString() == key) {
      return BoundExpr::ColumnRef(static_cast<int>(i), groups_[i]->type,
                                  groups_[i]->name.empty() ? key : groups_[i]->name);
    }
  }
  return BoundExprPtr();
}

Result<BoundExprPtr> AggregateBinder::BindAggregateCall(const FunctionCallExpr& call) {
  if (!call.order_by.empty()) {
    return Status::NotSupported("ORDER BY inside aggregate calls is not supported yet",
                                call.order_by[0].pos);
  }
  ExpressionBinder args_binder(binder_, from_scope_, "aggregate function arguments");
  std::vector<BoundExprPtr> args;
  std::vector<LogicalType> types;
  for (const ExprPtr& a : call.args) {
    if (ExpressionBinder::ContainsAggregate(*a, binder_)) {
      return Status::Error(ErrorCode::kGroupingError, "aggregate function calls cannot be nested",
                           a->pos);
    }
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr b, args_binder.Bind(*a));
    types.push_back(b->type);
    args.push_back(std::move(b));
  }
  std::string fn_name = call.name;
  // count(DISTINCT x) has its own function; any other one-argument
  // aggregate runs over the distinct values (MakeDistinctAggregator).
  bool wrap_distinct = false;
  if (call.distinct) {
    if (call.name == "count") {
      fn_name = "count_distinct";
    } else {
      wrap_distinct = true;
    }
  }
  Result<ResolvedCall<AggregateFunction>> resolved = Status::Internal("unresolved");
  const UserFunctions* user = binder_->user_functions();
  if (user != nullptr && !FunctionRegistry::Global().IsAggregate(fn_name) &&
      user->IsAggregate(binder_->current_database(), fn_name)) {
    if (call.distinct) {
      return Status::NotSupported("DISTINCT is not supported in user-defined aggregates", call.pos);
    }
    resolved = user->ResolveAggregate(binder_->current_database(), fn_name, types);
  } else {
    resolved = FunctionRegistry::Global().ResolveAggregate(fn_name, types);
  }
  if (!resolved.ok()) return resolved.status().WithPosition(call.pos);
  if (wrap_distinct && resolved->function->arg_types.size() != 1) {
    return Status::NotSupported(
        "DISTINCT is only supported in aggregates of one argument, such as sum(DISTINCT x)",
        call.pos);
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i]->type != resolved->cast_to[i])
      args[i] = BoundExpr::Cast(args[i], resolved->cast_to[i]);
  }
  BoundExprPtr filter;
  if (call.filter != nullptr) {
    if (ExpressionBinder::ContainsAggregate(*call.filter, binder_)) {
      return Status::Error(ErrorCode::kGroupingError,
                           "aggregate functions are not allowed in FILTER", call.filter->pos);
    }
    ExpressionBinder filter_binder(binder_, from_scope_, "FILTER");
    COPRA_ASSIGN_OR_RETURN(filter, filter_binder.BindPredicate(*call.filter));
  }
  AggregateCall agg;
  agg.filter = std::move(filter);
  agg.function = resolved->function;
  agg.args = std::move(args);
  agg.distinct = wrap_distinct;
  agg.type = resolved->return_type;
  agg.name = call.ToString();
  // Reuse an identical call (SELECT avg(x) ... HAVING avg(x) > 1).
  size_t index = aggregates_.size();
  for (size_t i = 0; i < aggregates_.size(); ++i) {
    if (aggregates_[i].name == agg.name && aggregates_[i].function == agg.function) index = i;
  }
  if (index == aggregates_.size()) aggregates_.push_back(agg);
  return BoundExpr::ColumnRef(static_cast<int>(groups_.size() + index), agg.type, agg.name);
}

}  // namespace copra
