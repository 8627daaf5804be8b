#include "planner/window_binder.h"

#include <functional>
#include <set>

#include "exec/expression_evaluator.h"
#include "function/function_registry.h"
#include "planner/aggregate_binder.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"

namespace copra {

namespace {

struct WindowOnlyFunction {
  const char* name;
  WindowFunctionKind kind;
  int min_args;
  int max_args;
};

constexpr WindowOnlyFunction kWindowOnly[] = {
    {"row_number", WindowFunctionKind::kRowNumber, 0, 0},
    {"rank", WindowFunctionKind::kRank, 0, 0},
    {"dense_rank", WindowFunctionKind::kDenseRank, 0, 0},
    {"percent_rank", WindowFunctionKind::kPercentRank, 0, 0},
    {"cume_dist", WindowFunctionKind::kCumeDist, 0, 0},
    {"ntile", WindowFunctionKind::kNtile, 1, 1},
    {"lag", WindowFunctionKind::kLag, 1, 3},
    {"lead", WindowFunctionKind::kLead, 1, 3},
    {"first_value", WindowFunctionKind::kFirstValue, 1, 1},
    {"last_value", WindowFunctionKind::kLastValue, 1, 1},
    {"nth_value", WindowFunctionKind::kNthValue, 2, 2},
};

const WindowOnlyFunction* FindWindowOnly(const std::string& name) {
  for (const WindowOnlyFunction& f : kWindowOnly) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

FrameBoundKind ToBoundKind(WindowBoundKind k) {
  switch (k) {
    case WindowBoundKind::kUnboundedPreceding: return FrameBoundKind::kUnboundedPreceding;
    case WindowBoundKind::kPreceding: return FrameBoundKind::kPreceding;
    case WindowBoundKind::kCurrentRow: return FrameBoundKind::kCurrentRow;
    case WindowBoundKind::kFollowing: return FrameBoundKind::kFollowing;
    case WindowBoundKind::kUnboundedFollowing: return FrameBoundKind::kUnboundedFollowing;
  }
  return FrameBoundKind::kCurrentRow;
}

// Position order of bound kinds: a frame may not start after it ends.
int BoundRank(WindowBoundKind k) {
  switch (k) {
    case WindowBoundKind::kUnboundedPreceding: return 0;
    case WindowBoundKind::kPreceding: return 1;
    case WindowBoundKind::kCurrentRow: return 2;
    case WindowBoundKind::kFollowing: return 3;
    case WindowBoundKind::kUnboundedFollowing: return 4;
  }
  return 2;
}

Status WindowingError(const std::string& message, SourcePosition pos) {
  return Status::Error(ErrorCode::kGroupingError, message, pos);
}

}  // namespace

WindowBinder::WindowBinder(Binder* binder, const BindScope* scope, AggregateBinder* aggregates,
                           const std::vector<NamedWindow>* named)
    : binder_(binder), scope_(scope), aggregates_(aggregates), named_(named) {}

bool WindowBinder::IsWindowOnlyFunction(const std::string& name) {
  return FindWindowOnly(name) != nullptr;
}

Status WindowBinder::CheckNamedWindows() const {
  if (named_ == nullptr) return Status::OK();
  std::set<std::string> seen;
  for (const NamedWindow& w : *named_) {
    if (!seen.insert(w.name).second) {
      return WindowingError("window \"" + w.name + "\" is already defined", w.pos);
    }
    COPRA_RETURN_NOT_OK(Resolve(*w.spec, 0).status());
  }
  return Status::OK();
}

Result<WindowBinder::ResolvedSpec> WindowBinder::Resolve(const WindowSpec& spec, int depth) const {
  ResolvedSpec out;
  if (!spec.base_name.empty()) {
    const NamedWindow* base = nullptr;
    if (named_ != nullptr) {
      for (const NamedWindow& w : *named_) {
        if (w.name == spec.base_name) base = &w;
      }
    }
    if (base == nullptr) {
      return WindowingError("window \"" + spec.base_name + "\" does not exist", spec.pos);
    }
    if (depth > static_cast<int>(named_->size())) {
      return WindowingError("window \"" + spec.base_name + "\" refers to itself", spec.pos);
    }
    COPRA_ASSIGN_OR_RETURN(out, Resolve(*base->spec, depth + 1));
    if (spec.bare_name) return out;
    if (!spec.partition_by.empty()) {
      return WindowingError(
          "cannot override PARTITION BY clause of window \"" + spec.base_name + "\"",
          spec.partition_by[0]->pos);
    }
    if (!spec.order_by.empty() && out.order_by != nullptr && !out.order_by->empty()) {
      return WindowingError("cannot override ORDER BY clause of window \"" + spec.base_name + "\"",
                            spec.order_by[0].pos);
    }
    if (out.frame != nullptr) {
      return WindowingError(
          "cannot copy window \"" + spec.base_name + "\" because it has a frame clause", spec.pos);
    }
  }
  if (out.partition_by == nullptr || !spec.partition_by.empty()) {
    out.partition_by = &spec.partition_by;
  }
  if (out.order_by == nullptr || out.order_by->empty()) out.order_by = &spec.order_by;
  if (spec.has_frame) out.frame = &spec;
  return out;
}

Result<BoundExprPtr> WindowBinder::BindArg(const Expr& expr) {
  if (ContainsWindow(expr)) {
    return WindowingError("window function calls cannot be nested", expr.pos);
  }
  ExpressionBinder b(binder_, scope_, "window function arguments");
  if (aggregates_ != nullptr) b.set_aggregate_binder(aggregates_);
  return b.Bind(expr);
}

Result<Value> WindowBinder::BindFrameOffset(const WindowFrameBoundSpec& bound, WindowFrameUnit unit,
                                            const std::vector<SortKey>& order_by) {
  if (ExpressionBinder::ContainsAggregate(*bound.offset, binder_) ||
      ContainsWindow(*bound.offset)) {
    return WindowingError("frame offsets must be constants", bound.offset->pos);
  }
  auto bound_expr = binder_->BindConstantExpr(*bound.offset);
  if (!bound_expr.ok()) {
    if (bound_expr.status().code() == ErrorCode::kUndefinedColumn) {
      return WindowingError(
          "frame offsets must be constants (argument of ROWS or RANGE must "
          "not contain variables)",
          bound.offset->pos);
    }
    return bound_expr.status();
  }
  ExpressionEvaluator evaluator;
  COPRA_ASSIGN_OR_RETURN(Value v, evaluator.EvaluateConstant(**bound_expr));
  if (v.is_null()) {
    return Status::Error(ErrorCode::kInvalidParameter, "frame offset must not be null",
                         bound.offset->pos);
  }
  if (unit == WindowFrameUnit::kRows) {
    if (!v.type().IsInteger()) {
      return Status::TypeMismatch(
          "argument of ROWS must be an integer, not type " + v.type().ToString(),
          bound.offset->pos);
    }
    COPRA_ASSIGN_OR_RETURN(Value i, v.CastTo(LogicalType::Int64()));
    if (i.GetInt64() < 0) {
      return Status::Error(ErrorCode::kInvalidParameter, "frame offset must not be negative",
                           bound.offset->pos);
    }
    return i;
  }
  // RANGE with an offset: exactly one ORDER BY key, numeric or temporal.
  if (order_by.size() != 1) {
    return WindowingError(
        "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column",
        bound.offset->pos);
  }
  const LogicalType& key = order_by[0].expr->type;
  if (key.IsNumeric()) {
    if (!v.type().IsNumeric()) {
      return Status::TypeMismatch("RANGE offset for an ORDER BY key of type " + key.ToString() +
                                      " must be a number, not type " + v.type().ToString(),
                                  bound.offset->pos);
    }
    if (v.AsDouble() < 0) {
      return Status::Error(ErrorCode::kInvalidParameter, "frame offset must not be negative",
                           bound.offset->pos);
    }
    return Value::Float64(v.AsDouble());
  }
  if (key.id() == TypeId::kTimestamp || key.id() == TypeId::kDate) {
    if (v.type().id() != TypeId::kInterval) {
      return Status::TypeMismatch("RANGE offset for an ORDER BY key of type " + key.ToString() +
                                      " must be an INTERVAL, not type " + v.type().ToString(),
                                  bound.offset->pos);
    }
    Interval iv = v.GetInterval();
    if (iv.months != 0) {
      return Status::NotSupported(
          "RANGE offsets in months or years are not supported; use days or smaller units",
          bound.offset->pos);
    }
    if (iv.days < 0 || iv.nanos < 0) {
      return Status::Error(ErrorCode::kInvalidParameter, "frame offset must not be negative",
                           bound.offset->pos);
    }
    return v;
  }
  return Status::NotSupported(
      "RANGE with offset PRECEDING/FOLLOWING is not supported for ORDER "
      "BY keys of type " +
          key.ToString(),
      bound.offset->pos);
}

Result<WindowFrame> WindowBinder::BindFrame(const WindowSpec& spec,
                                            const std::vector<SortKey>& order_by) {
  WindowFrame frame;
  if (spec.mode == WindowFrameMode::kGroups) {
    return Status::NotSupported("GROUPS window frames are not supported; use ROWS or RANGE",
                                spec.pos);
  }
  frame.unit =
      spec.mode == WindowFrameMode::kRows ? WindowFrameUnit::kRows : WindowFrameUnit::kRange;
  if (spec.start.kind == WindowBoundKind::kUnboundedFollowing) {
    return WindowingError("frame start cannot be UNBOUNDED FOLLOWING", spec.start.pos);
  }
  if (spec.end.kind == WindowBoundKind::kUnboundedPreceding) {
    return WindowingError("frame end cannot be UNBOUNDED PRECEDING", spec.end.pos);
  }
  if (BoundRank(spec.start.kind) > BoundRank(spec.end.kind)) {
    const char* start =
        spec.start.kind == WindowBoundKind::kCurrentRow ? "current row" : "following row";
    return WindowingError(
        std::string("frame starting from ") + start + " cannot have preceding rows", spec.end.pos);
  }
  frame.start.kind = ToBoundKind(spec.start.kind);
  frame.end.kind = ToBoundKind(spec.end.kind);
  if (spec.start.offset) {
    COPRA_ASSIGN_OR_RETURN(frame.start.offset, BindFrameOffset(spec.start, frame.unit, order_by));
  }
  if (spec.end.offset) {
    COPRA_ASSIGN_OR_RETURN(frame.end.offset, BindFrameOffset(spec.end, frame.unit, order_by));
  }
  return frame;
}

Status WindowBinder::BindFunction(const FunctionCallExpr& call, WindowCall* out) {
  if (call.distinct) {
    return Status::NotSupported("DISTINCT is not implemented for window functions", call.pos);
  }
  if (!call.order_by.empty()) {
    return Status::NotSupported("ORDER BY inside window function arguments is not supported",
                                call.order_by[0].pos);
  }
  if (const WindowOnlyFunction* f = FindWindowOnly(call.name)) {
    if (call.filter != nullptr) {
      return Status::NotSupported("FILTER is not implemented for non-aggregate window functions",
                                  call.filter->pos);
    }
    const int n = static_cast<int>(call.args.size());
    if (call.star || n < f->min_args || n > f->max_args) {
      std::string expected = f->min_args == f->max_args ? std::to_string(f->min_args)
                                                        : std::to_string(f->min_args) + " to " +
                                                              std::to_string(f->max_args);
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "function " + call.name + " takes " + expected + " argument" +
                               (f->max_args == 1 ? "" : "s") + ", not " +
                               (call.star ? std::string("*") : std::to_string(n)),
                           call.pos);
    }
    out->kind = f->kind;
    for (const ExprPtr& a : call.args) {
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr b, BindArg(*a));
      out->args.push_back(std::move(b));
    }
    // Integer parameters: ntile(n), lag/lead(x, offset), nth_value(x, n).
    auto constant_int = [&](size_t i, const char* what, int64_t min) -> Status {
      const BoundExprPtr& e = out->args[i];
      if (!e->IsFoldable() || !(e->type.IsInteger() || e->type.IsNull())) {
        return Status::NotSupported(
            std::string("the ") + what + " of " + call.name + " must be a constant integer",
            call.args[i]->pos);
      }
      ExpressionEvaluator evaluator;
      COPRA_ASSIGN_OR_RETURN(Value v, evaluator.EvaluateConstant(*e));
      if (v.is_null()) {
        out->args[i] = BoundExpr::Constant(Value::Null(LogicalType::Int64()));
        return Status::OK();
      }
      COPRA_ASSIGN_OR_RETURN(Value iv, v.CastTo(LogicalType::Int64()));
      if (iv.GetInt64() < min) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             std::string("argument of ") + call.name + " must be greater than " +
                                 std::to_string(min - 1),
                             call.args[i]->pos);
      }
      out->args[i] = BoundExpr::Constant(iv);
      return Status::OK();
    };
    switch (f->kind) {
      case WindowFunctionKind::kRowNumber:
      case WindowFunctionKind::kRank:
      case WindowFunctionKind::kDenseRank: out->type = LogicalType::Int64(); break;
      case WindowFunctionKind::kPercentRank:
      case WindowFunctionKind::kCumeDist: out->type = LogicalType::Float64(); break;
      case WindowFunctionKind::kNtile:
        COPRA_RETURN_NOT_OK(constant_int(0, "bucket count", 1));
        out->type = LogicalType::Int64();
        break;
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead:
        if (out->args.size() >= 2) {
          COPRA_RETURN_NOT_OK(constant_int(1, "offset", INT64_MIN));
        }
        if (out->args.size() == 3) {
          std::vector<BoundExprPtr> value_and_default{out->args[0], out->args[2]};
          COPRA_RETURN_NOT_OK(CoerceToCommonType(&value_and_default, call.name.c_str(), call.pos));
          out->args[0] = value_and_default[0];
          out->args[2] = value_and_default[1];
        }
        out->type = out->args[0]->type;
        break;
      case WindowFunctionKind::kNthValue:
        COPRA_RETURN_NOT_OK(constant_int(1, "position", 1));
        out->type = out->args[0]->type;
        break;
      case WindowFunctionKind::kFirstValue:
      case WindowFunctionKind::kLastValue: out->type = out->args[0]->type; break;
      case WindowFunctionKind::kAggregate: break;
    }
    if (out->type.IsNull()) out->type = LogicalType::Int32();
    return Status::OK();
  }

  // An aggregate over the frame.
  const UserFunctions* user = binder_->user_functions();
  const bool builtin = FunctionRegistry::Global().IsAggregate(call.name);
  const bool user_aggregate =
      !builtin && user != nullptr && user->IsAggregate(binder_->current_database(), call.name);
  if (!builtin && !user_aggregate) {
    return Status::Error(
        ErrorCode::kUndefinedFunction,
        "OVER specified, but " + call.name + " is not a window function nor an aggregate function",
        call.pos);
  }
  std::vector<LogicalType> types;
  for (const ExprPtr& a : call.args) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr b, BindArg(*a));
    types.push_back(b->type);
    out->args.push_back(std::move(b));
  }
  Result<ResolvedCall<AggregateFunction>> resolved =
      user_aggregate ? user->ResolveAggregate(binder_->current_database(), call.name, types)
                     : FunctionRegistry::Global().ResolveAggregate(call.name, types);
  if (!resolved.ok()) return resolved.status().WithPosition(call.pos);
  for (size_t i = 0; i < out->args.size(); ++i) {
    if (out->args[i]->type != resolved->cast_to[i]) {
      out->args[i] = BoundExpr::Cast(out->args[i], resolved->cast_to[i]);
    }
  }
  if (call.filter != nullptr) {
    if (ExpressionBinder::ContainsAggregate(*call.filter, binder_) ||
        ContainsWindow(*call.filter)) {
      return WindowingError("aggregate and window functions are not allowed in FILTER",
                            call.filter->pos);
    }
    ExpressionBinder filter_binder(binder_, scope_, "FILTER");
    if (aggregates_ != nullptr) filter_binder.set_aggregate_binder(aggregates_);
    COPRA_ASSIGN_OR_RETURN(out->filter, filter_binder.BindPredicate(*call.filter));
  }
  out->kind = WindowFunctionKind::kAggregate;
  out->aggregate = resolved->function;
  out->type = resolved->return_type;
  return Status::OK();
}

Result<BoundExprPtr> WindowBinder::BindWindowCall(const FunctionCallExpr& call) {
  COPRA_CHECK(call.over != nullptr);
  COPRA_ASSIGN_OR_RETURN(ResolvedSpec spec, Resolve(*call.over, 0));
  WindowCall w;
  for (const ExprPtr& p : *spec.partition_by) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr b, BindArg(*p));
    w.partition_by.push_back(std::move(b));
  }
  for (const OrderByItem& o : *spec.order_by) {
    SortKey key;
    COPRA_ASSIGN_OR_RETURN(key.expr, BindArg(*o.expr));
    key.descending = o.descending;
    key.nulls_first =
        o.nulls == NullsOrder::kDefault ? o.descending : o.nulls == NullsOrder::kFirst;
    w.order_by.push_back(std::move(key));
  }
  if (spec.frame != nullptr) {
    COPRA_ASSIGN_OR_RETURN(w.frame, BindFrame(*spec.frame, w.order_by));
  }
  COPRA_RETURN_NOT_OK(BindFunction(call, &w));
  w.name = call.ToString();
  // Reuse an identical call (SELECT rank() OVER w ... ORDER BY rank() OVER w).
  size_t index = calls_.size();
  for (size_t i = 0; i < calls_.size(); ++i) {
    if (calls_[i].name == w.name) index = i;
  }
  if (index == calls_.size()) calls_.push_back(w);
  return BoundExpr::ColumnRef(kWindowRefBase + static_cast<int>(index), w.type, w.name);
}

bool WindowBinder::ContainsWindow(const Expr& expr) {
  if (expr.kind == ExprKind::kFunctionCall && expr.As<FunctionCallExpr>().over != nullptr) {
    return true;
  }
  bool found = false;
  ForEachChildExpr(expr, [&found](const Expr& child) { found = found || ContainsWindow(child); });
  return found;
}

BoundExprPtr ResolveWindowRefs(const BoundExprPtr& expr, int input_width) {
  if (expr->kind == BoundExprKind::kColumnRef && expr->column_index >= kWindowRefBase) {
    auto e = std::make_shared<BoundExpr>(*expr);
    e->column_index = input_width + (expr->column_index - kWindowRefBase);
    return e;
  }
  bool changed = false;
  std::vector<BoundExprPtr> children;
  children.reserve(expr->children.size());
  for (const BoundExprPtr& c : expr->children) {
    children.push_back(ResolveWindowRefs(c, input_width));
    changed = changed || children.back() != c;
  }
  if (!changed) return expr;
  auto e = std::make_shared<BoundExpr>(*expr);
  e->children = std::move(children);
  return e;
}

}  // namespace copra
