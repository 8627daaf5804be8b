// WindowBinder: the window-function side of binding a SELECT. It binds each
// `f(...) OVER (...)` call found in the SELECT list or ORDER BY (resolving
// WINDOW-clause names), checks frames and arguments the way PostgreSQL
// does, and collects one WindowCall per distinct call for the kWindow plan
// node that sits between the aggregation (if any) and the final projection.
//
// The window node's input is the FROM scope (or the aggregate's output in a
// grouped query), whose width is only known once the whole SELECT has been
// bound (aggregates and correlated subqueries add columns while binding).
// So a bound call is returned as a placeholder column reference that
// ResolveWindowRefs() turns into `input_width + k` afterwards.
//
// Not thread-safe; one per SELECT being bound.
#pragma once

#include <string>
#include <vector>

#include "planner/bind_scope.h"
#include "planner/logical_plan.h"
#include "sql/ast.h"

namespace copra {

class AggregateBinder;
class Binder;

class WindowBinder {
 public:
  // `aggregates` is set in a grouped query (window arguments, PARTITION BY
  // and ORDER BY then refer to groups and aggregates); `named` are the
  // SELECT's WINDOW clause entries.
  WindowBinder(Binder* binder, const BindScope* scope, AggregateBinder* aggregates,
               const std::vector<NamedWindow>* named);

  // Checks the WINDOW clause (duplicate names, unknown base windows).
  Status CheckNamedWindows() const;

  // Binds one window function call (call.over != nullptr) and returns a
  // placeholder reference to its output column.
  Result<BoundExprPtr> BindWindowCall(const FunctionCallExpr& call);

  bool empty() const { return calls_.empty(); }
  const std::vector<WindowCall>& calls() const { return calls_; }

  // True when `expr` contains a window function call (f(...) OVER ...),
  // without looking into subqueries.
  static bool ContainsWindow(const Expr& expr);
  // True when `name` is a window-only function (row_number, rank, lag, ...).
  static bool IsWindowOnlyFunction(const std::string& name);

 private:
  struct ResolvedSpec {
    const std::vector<ExprPtr>* partition_by = nullptr;
    const std::vector<OrderByItem>* order_by = nullptr;
    const WindowSpec* frame = nullptr;  // the spec whose frame applies; may be null
  };
  Result<ResolvedSpec> Resolve(const WindowSpec& spec, int depth) const;
  Result<WindowFrame> BindFrame(const WindowSpec& spec, const std::vector<SortKey>& order_by);
  Result<Value> BindFrameOffset(const WindowFrameBoundSpec& bound, WindowFrameUnit unit,
                                const std::vector<SortKey>& order_by);
  Result<BoundExprPtr> BindArg(const Expr& expr);
  Status BindFunction(const FunctionCallExpr& call, WindowCall* out);

  Binder* binder_;
  const BindScope* scope_;
  AggregateBinder* aggregates_;
  const std::vector<NamedWindow>* named_;
  std::vector<WindowCall> calls_;
};

// Offset of placeholder references returned by BindWindowCall.
constexpr int kWindowRefBase = 1 << 28;

// `expr` with placeholder refs kWindowRefBase + k replaced by
// `input_width + k` (the window node's output column of call k).
BoundExprPtr ResolveWindowRefs(const BoundExprPtr& expr, int input_width);

}  // namespace copra
