// ExpressionBinder: binds one AST expression over a BindScope into a
// BoundExpr, resolving columns, functions (with implicit casts) and
// operators. With an AggregateBinder attached it binds in "aggregate
// context": aggregate calls and GROUP BY expressions become references to
// the aggregate's output, and other column references are grouping errors.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "catalog/pg_object_text.h"
#include "planner/bind_scope.h"
#include "planner/bound_expr.h"
#include "sql/ast.h"

namespace copra {

class Binder;
class AggregateBinder;
class SetFunctionBinder;
class WindowBinder;
struct SubqueryInput;

class ExpressionBinder {
 public:
  // `clause` names where the expression appears, for errors ("WHERE").
  ExpressionBinder(Binder* binder, const BindScope* scope, const char* clause);

  void set_aggregate_binder(AggregateBinder* aggregates) { aggregates_ = aggregates; }
  // Allows correlated subqueries: they extend `input`, whose scope must be
  // the one this binder binds over.
  void set_subquery_input(SubqueryInput* input) { subquery_input_ = input; }
  // Allows window function calls (f(...) OVER ...); without it they are
  // errors naming the clause.
  void set_window_binder(WindowBinder* windows) { windows_ = windows; }
  // Allows set-returning function calls (generate_series(...) in a SELECT
  // list; planner/set_function.h); without it they are errors naming the
  // clause.
  void set_set_function_binder(SetFunctionBinder* set_functions) { set_functions_ = set_functions; }

  Result<BoundExprPtr> Bind(const Expr& expr);
  // Binds and requires a BOOLEAN (or NULL) result, e.g. WHERE, HAVING, ON.
  Result<BoundExprPtr> BindPredicate(const Expr& expr);

  // True when the AST contains an aggregate function call (not looking into
  // subqueries; an aggregate used as a window function, sum(x) OVER (...),
  // does not count, but aggregates in its arguments or window do).
  // `binder` (optional) also recognizes user aggregates.
  static bool ContainsAggregate(const Expr& expr, const Binder* binder = nullptr);

 private:
  Result<BoundExprPtr> BindLiteral(const LiteralExpr& lit);
  Result<BoundExprPtr> BindColumnRef(const ColumnRefExpr& ref);
  Result<BoundExprPtr> BindUnary(const UnaryExpr& expr);
  Result<BoundExprPtr> BindBinary(const BinaryExpr& expr);
  Result<BoundExprPtr> BindIs(const IsExpr& expr);
  Result<BoundExprPtr> BindLike(const LikeExpr& expr);
  Result<BoundExprPtr> BindBetween(const BetweenExpr& expr);
  Result<BoundExprPtr> BindInList(const InListExpr& expr);
  Result<BoundExprPtr> BindFunction(const FunctionCallExpr& call);
  Result<BoundExprPtr> BindCase(const CaseExpr& expr);
  Result<BoundExprPtr> BindCast(const CastExpr& expr);
  // PostgreSQL's catalog lookups (bind_pg_object.cpp): nullptr when `expr`
  // is not one of them.
  Result<BoundExprPtr> BindPgCast(const CastExpr& expr);
  Result<BoundExprPtr> BindPgFunction(const FunctionCallExpr& call);
  // current_schemas(bool), current_setting(name [, missing_ok]).
  Result<BoundExprPtr> BindSessionSetting(const FunctionCallExpr& call);
  Result<BoundExprPtr> BindPgObjectText(BoundExprPtr oid, PgObjectText what, bool digits_fallback,
                                        SourcePosition pos, BoundExprPtr subid = nullptr);
  // pg_backend_pid(), pg_cancel_backend(pid) (bind_backend_function.cpp);
  // nullptr for other functions.
  Result<BoundExprPtr> BindBackendFunction(const FunctionCallExpr& call);
  // Set-returning calls and field selection (bind_set_function.cpp).
  Result<BoundExprPtr> BindSetFunction(const FunctionCallExpr& call);
  Result<BoundExprPtr> BindFieldSelection(const FunctionCallExpr& call);
  // `array`: ARRAY(subquery), the rows' values as an array's text form.
  Result<BoundExprPtr> BindSubquery(const Expr& expr, bool array = false);

  Binder* binder_;
  const BindScope* scope_;
  const char* clause_;
  AggregateBinder* aggregates_ = nullptr;
  SubqueryInput* subquery_input_ = nullptr;
  WindowBinder* windows_ = nullptr;
  SetFunctionBinder* set_functions_ = nullptr;
};

// Calls `fn` on each direct child of an AST expression: operands, function
// arguments and FILTER, CASE parts; not into subqueries or OVER clauses.
void ForEachChildExpr(const Expr& expr, const std::function<void(const Expr&)>& fn);

// Calls the scalar function `name` on `args`, resolving the overload and
// casting arguments. `pos` positions errors.
Result<BoundExprPtr> MakeFunctionCall(const std::string& name, std::vector<BoundExprPtr> args,
                                      SourcePosition pos, std::string display = "");

// `expr` cast to BOOLEAN if it is NULL-typed; error if it is not BOOLEAN.
Result<BoundExprPtr> RequireBoolean(BoundExprPtr expr, const char* context);

// Casts every expression to their common super type.
Status CoerceToCommonType(std::vector<BoundExprPtr>* exprs, const char* context,
                          SourcePosition pos);

}  // namespace copra
