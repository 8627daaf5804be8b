#include "planner/expression_binder.h"

#include <functional>
#include <unordered_set>

#include "function/function_registry.h"
#include "function/pg_array.h"
#include "planner/aggregate_binder.h"
#include "planner/binder.h"
#include "planner/set_function.h"
#include "planner/window_binder.h"
#include "types/cast.h"

namespace copra {

namespace {

const char* OperatorFunction(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNotEq: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLtEq: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGtEq: return ">=";
    case BinaryOp::kConcat: return "||";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kPow: return "pow";
    case BinaryOp::kAnd:
    case BinaryOp::kOr: return nullptr;
  }
  return nullptr;
}

// A $n placeholder meeting `other`: its type is inferred from `other`.
void InferFrom(Binder* binder, const BoundExprPtr& param, const BoundExprPtr& other) {
  if (param->kind == BoundExprKind::kParameter && other->kind != BoundExprKind::kParameter) {
    binder->InferParameterType(param->column_index, other->type);
  }
}

BoundExprPtr WithPos(BoundExprPtr e, SourcePosition pos) {
  if (e->pos.IsKnown()) return e;
  auto copy = std::make_shared<BoundExpr>(*e);
  copy->pos = pos;
  return copy;
}

}  // namespace

void ForEachChildExpr(const Expr& expr, const std::function<void(const Expr&)>& fn) {
  switch (expr.kind) {
    case ExprKind::kUnary: fn(*expr.As<UnaryExpr>().operand); break;
    case ExprKind::kBinary:
      fn(*expr.As<BinaryExpr>().left);
      fn(*expr.As<BinaryExpr>().right);
      break;
    case ExprKind::kIs:
      fn(*expr.As<IsExpr>().operand);
      if (expr.As<IsExpr>().right) fn(*expr.As<IsExpr>().right);
      break;
    case ExprKind::kLike:
      fn(*expr.As<LikeExpr>().operand);
      fn(*expr.As<LikeExpr>().pattern);
      if (expr.As<LikeExpr>().escape) fn(*expr.As<LikeExpr>().escape);
      break;
    case ExprKind::kBetween:
      fn(*expr.As<BetweenExpr>().operand);
      fn(*expr.As<BetweenExpr>().low);
      fn(*expr.As<BetweenExpr>().high);
      break;
    case ExprKind::kInList:
      fn(*expr.As<InListExpr>().operand);
      for (const ExprPtr& e : expr.As<InListExpr>().list) fn(*e);
      break;
    case ExprKind::kInSubquery: fn(*expr.As<InSubqueryExpr>().operand); break;
    case ExprKind::kFunctionCall: {
      const auto& call = expr.As<FunctionCallExpr>();
      for (const ExprPtr& e : call.args) fn(*e);
      if (call.filter) fn(*call.filter);
      break;
    }
    case ExprKind::kCase: {
      const CaseExpr& c = expr.As<CaseExpr>();
      if (c.operand) fn(*c.operand);
      for (const CaseWhen& w : c.whens) {
        fn(*w.condition);
        fn(*w.result);
      }
      if (c.else_result) fn(*c.else_result);
      break;
    }
    case ExprKind::kCast: fn(*expr.As<CastExpr>().operand); break;
    default: break;
  }
}

Result<BoundExprPtr> MakeFunctionCall(const std::string& name, std::vector<BoundExprPtr> args,
                                      SourcePosition pos, std::string display) {
  std::vector<LogicalType> types;
  std::vector<bool> string_literals;
  for (const BoundExprPtr& a : args) {
    types.push_back(a->type);
    string_literals.push_back(a->kind == BoundExprKind::kConstant &&
                              a->type.id() == TypeId::kString);
  }
  auto resolved = FunctionRegistry::Global().ResolveScalar(name, types, &string_literals);
  if (!resolved.ok()) return resolved.status().WithPosition(pos);
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i]->type != resolved->cast_to[i]) {
      args[i] = BoundExpr::Cast(args[i], resolved->cast_to[i]);
    }
  }
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kFunction;
  e->type = resolved->return_type;
  e->function = resolved->function;
  e->children = std::move(args);
  e->name = std::move(display);
  e->pos = pos;
  return BoundExprPtr(e);
}

Result<BoundExprPtr> RequireBoolean(BoundExprPtr expr, const char* context) {
  if (expr->type.IsNull()) return BoundExpr::Cast(expr, LogicalType::Boolean());
  if (!expr->type.IsBoolean()) {
    return Status::TypeMismatch(std::string("argument of ") + context +
                                    " must be type BOOLEAN, not type " + expr->type.ToString(),
                                expr->pos);
  }
  return expr;
}

Status CoerceToCommonType(std::vector<BoundExprPtr>* exprs, const char* context,
                          SourcePosition pos) {
  if (exprs->empty()) return Status::OK();
  LogicalType common = (*exprs)[0]->type;
  for (size_t i = 1; i < exprs->size(); ++i) {
    auto t = CommonSuperType(common, (*exprs)[i]->type);
    if (!t.ok()) {
      return Status::TypeMismatch(std::string(context) + " types " + common.ToString() + " and " +
                                      (*exprs)[i]->type.ToString() + " cannot be matched",
                                  (*exprs)[i]->pos.IsKnown() ? (*exprs)[i]->pos : pos);
    }
    common = *t;
  }
  for (BoundExprPtr& e : *exprs) {
    if (e->type != common) e = BoundExpr::Cast(e, common);
  }
  return Status::OK();
}

ExpressionBinder::ExpressionBinder(Binder* binder, const BindScope* scope, const char* clause)
    : binder_(binder), scope_(scope), clause_(clause) {}

bool ExpressionBinder::ContainsAggregate(const Expr& expr, const Binder* binder) {
  if (expr.kind == ExprKind::kFunctionCall && expr.As<FunctionCallExpr>().over != nullptr) {
    const auto& call = expr.As<FunctionCallExpr>();
    bool found = false;
    auto visit = [&](const Expr& e) { found = found || ContainsAggregate(e, binder); };
    for (const ExprPtr& a : call.args) visit(*a);
    if (call.filter) visit(*call.filter);
    for (const ExprPtr& p : call.over->partition_by) visit(*p);
    for (const OrderByItem& o : call.over->order_by) visit(*o.expr);
    return found;
  }
  if (expr.kind == ExprKind::kFunctionCall) {
    const auto& call = expr.As<FunctionCallExpr>();
    if (FunctionRegistry::Global().IsAggregate(call.name) &&
        !FunctionRegistry::Global().IsScalar(call.name)) {
      return true;
    }
    if (binder != nullptr && binder->IsAggregateFunction(call.name)) return true;
  }
  bool found = false;
  ForEachChildExpr(expr,
                   [&](const Expr& child) { found = found || ContainsAggregate(child, binder); });
  return found;
}

Result<BoundExprPtr> ExpressionBinder::BindPredicate(const Expr& expr) {
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr e, Bind(expr));
  return RequireBoolean(WithPos(e, expr.pos), clause_);
}

Result<BoundExprPtr> ExpressionBinder::Bind(const Expr& expr) {
  if (expr.kind == ExprKind::kFunctionCall) {
    const auto& call = expr.As<FunctionCallExpr>();
    if (call.over != nullptr) {
      if (windows_ == nullptr) {
        return Status::Error(ErrorCode::kGroupingError,
                             std::string("window functions are not allowed in ") + clause_,
                             expr.pos);
      }
      Result<BoundExprPtr> out = windows_->BindWindowCall(call);
      if (!out.ok()) return out.status().WithPosition(expr.pos);
      return WithPos(*out, expr.pos);
    }
    if (WindowBinder::IsWindowOnlyFunction(call.name) &&
        !FunctionRegistry::Global().IsAggregate(call.name)) {
      return Status::Error(ErrorCode::kUndefinedFunction,
                           "window function " + call.name + " requires an OVER clause", expr.pos);
    }
  }
  if (aggregates_ != nullptr) {
    if (expr.kind == ExprKind::kFunctionCall && ContainsAggregate(expr, binder_) &&
        (FunctionRegistry::Global().IsAggregate(expr.As<FunctionCallExpr>().name) ||
         binder_->IsAggregateFunction(expr.As<FunctionCallExpr>().name))) {
      return aggregates_->BindAggregateCall(expr.As<FunctionCallExpr>());
    }
    if (!ContainsAggregate(expr, binder_)) {
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr group_ref, aggregates_->TryMatchGroup(expr));
      if (group_ref != nullptr) return group_ref;
      if (expr.kind == ExprKind::kColumnRef) {
        return Status::Error(ErrorCode::kGroupingError,
                             "column \"" + expr.ToString() +
                                 "\" must appear in the GROUP BY clause or be used in an "
                                 "aggregate function",
                             expr.pos);
      }
    }
  }
  Result<BoundExprPtr> out = Status::Internal("unbound");
  switch (expr.kind) {
    case ExprKind::kLiteral: out = BindLiteral(expr.As<LiteralExpr>()); break;
    case ExprKind::kColumnRef: out = BindColumnRef(expr.As<ColumnRefExpr>()); break;
    case ExprKind::kStar: return Status::SyntaxError("\"*\" is not allowed here", expr.pos);
    case ExprKind::kParameter: {
      int index = expr.As<ParameterExpr>().index;
      if (const std::vector<Value>* params = binder_->parameters(); params != nullptr) {
        if (index < 1 || static_cast<size_t>(index) > params->size()) {
          return Status::Error(ErrorCode::kInvalidParameter,
                               "there is no parameter $" + std::to_string(index) + " (" +
                                   std::to_string(params->size()) + " supplied)",
                               expr.pos);
        }
        return WithPos(BoundExpr::Constant((*params)[static_cast<size_t>(index) - 1]), expr.pos);
      }
      auto e = std::make_shared<BoundExpr>();
      e->kind = BoundExprKind::kParameter;
      e->type = LogicalType::Null();
      e->column_index = expr.As<ParameterExpr>().index - 1;
      e->pos = expr.pos;
      return BoundExprPtr(e);
    }
    case ExprKind::kUnary: out = BindUnary(expr.As<UnaryExpr>()); break;
    case ExprKind::kBinary: out = BindBinary(expr.As<BinaryExpr>()); break;
    case ExprKind::kIs: out = BindIs(expr.As<IsExpr>()); break;
    case ExprKind::kLike: out = BindLike(expr.As<LikeExpr>()); break;
    case ExprKind::kBetween: out = BindBetween(expr.As<BetweenExpr>()); break;
    case ExprKind::kInList: out = BindInList(expr.As<InListExpr>()); break;
    case ExprKind::kFunctionCall: out = BindFunction(expr.As<FunctionCallExpr>()); break;
    case ExprKind::kCase: out = BindCase(expr.As<CaseExpr>()); break;
    case ExprKind::kCast: out = BindCast(expr.As<CastExpr>()); break;
    case ExprKind::kInSubquery:
    case ExprKind::kExists:
    case ExprKind::kSubquery: out = BindSubquery(expr); break;
  }
  if (!out.ok()) return out.status().WithPosition(expr.pos);
  return WithPos(*out, expr.pos);
}

Result<BoundExprPtr> ExpressionBinder::BindLiteral(const LiteralExpr& lit) {
  switch (lit.literal_kind) {
    case LiteralKind::kNull: return BoundExpr::Constant(Value::Null());
    case LiteralKind::kBoolean: return BoundExpr::Constant(Value::Boolean(lit.bool_value));
    case LiteralKind::kInteger: return BoundExpr::Constant(Value::Int64(lit.int_value));
    case LiteralKind::kNumeric: {
      COPRA_ASSIGN_OR_RETURN(Value v, Value::String(lit.text).CastTo(LogicalType::Float64()));
      return BoundExpr::Constant(v);
    }
    case LiteralKind::kString: return BoundExpr::Constant(Value::String(lit.text));
    case LiteralKind::kTypedString: {
      COPRA_ASSIGN_OR_RETURN(LogicalType type, ParseTypeName(lit.type_name));
      Result<Value> v = Value::String(lit.text).CastTo(type);
      if (!v.ok()) return v.status().WithPosition(lit.pos);
      return BoundExpr::Constant(*v);
    }
  }
  return Status::Internal("unknown literal kind");
}

Result<BoundExprPtr> ExpressionBinder::BindColumnRef(const ColumnRefExpr& ref) {
  std::string outer_qualifier;
  if (ref.names.size() >= 2) outer_qualifier = ref.names[ref.names.size() - 2];
  // Inside a subquery evaluated per outer row (bind_per_row.cpp), names
  // that are not the subquery's own are the outer row's values.
  auto outer_value = [&]() -> std::optional<BoundExprPtr> {
    if (binder_->outer_rows_.empty()) return std::nullopt;
    std::optional<Value> v = binder_->OuterRowValue(outer_qualifier, ref.column());
    if (!v.has_value()) return std::nullopt;
    return BoundExpr::Constant(*v, ref.column());
  };
  if (scope_ == nullptr) {
    if (auto v = outer_value()) return *v;
    return Status::Error(ErrorCode::kUndefinedColumn,
                         std::string("column references are not allowed in ") + clause_ +
                             " (column \"" + ref.ToString() + "\")",
                         ref.pos);
  }
  std::string qualifier;
  if (ref.names.size() >= 2) qualifier = ref.names[ref.names.size() - 2];
  Result<int> resolved = scope_->Resolve(qualifier, ref.column(), ref.pos);
  if (!resolved.ok()) {
    if (auto v = outer_value()) return *v;
    // PostgreSQL's bare `user` is current_user (when no column has the name).
    if (ref.names.size() == 1 && ref.column() == "user") {
      return BoundExpr::Constant(Value::String(binder_->session_user()), "user");
    }
  }
  COPRA_ASSIGN_OR_RETURN(int index, std::move(resolved));
  const ScopeColumn& col = scope_->columns()[static_cast<size_t>(index)];
  return BoundExpr::ColumnRef(index, col.type, col.name);
}

Result<BoundExprPtr> ExpressionBinder::BindUnary(const UnaryExpr& expr) {
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr operand, Bind(*expr.operand));
  switch (expr.op) {
    case UnaryOp::kNot: {
      COPRA_ASSIGN_OR_RETURN(operand, RequireBoolean(WithPos(operand, expr.operand->pos), "NOT"));
      return BoundExpr::Not(operand);
    }
    case UnaryOp::kMinus: return MakeFunctionCall("negate", {operand}, expr.pos);
    case UnaryOp::kPlus:
      if (!operand->type.IsNumeric() && !operand->type.IsNull() &&
          operand->type.id() != TypeId::kInterval) {
        return Status::Error(ErrorCode::kUndefinedFunction,
                             "operator does not exist: + " + operand->type.ToString(), expr.pos);
      }
      return operand;
  }
  return Status::Internal("unknown unary operator");
}

namespace {

bool IsComparison(BinaryOp op) {
  return op == BinaryOp::kEq || op == BinaryOp::kNotEq || op == BinaryOp::kLt ||
         op == BinaryOp::kLtEq || op == BinaryOp::kGt || op == BinaryOp::kGtEq;
}

// PostgreSQL gives a quoted literal the type of what it is compared with
// ("unknown" type resolution): oid = '16384' compares numbers. Copra
// follows it where the other side is an integer column or expression (the
// catalog's oid columns); literal against literal (1 = '1') stays an error.
// `literal` is the AST of `*bound`, `other` the other side.
Status CoerceUntypedLiteral(const Expr& literal, const BoundExpr& other, BoundExprPtr* bound) {
  if (literal.kind != ExprKind::kLiteral ||
      literal.As<LiteralExpr>().literal_kind != LiteralKind::kString || !other.type.IsInteger() ||
      other.IsConstant()) {
    return Status::OK();
  }
  const LogicalType& type = other.type;
  const std::string& text = literal.As<LiteralExpr>().text;
  Result<Value> v = Value::String(text).CastTo(type);
  if (!v.ok()) {
    return Status::Error(ErrorCode::kInvalidText,
                         "invalid input syntax for type " + type.ToString() + ": \"" + text + "\"",
                         literal.pos);
  }
  *bound = BoundExpr::Constant(*v);
  return Status::OK();
}

}  // namespace

Result<BoundExprPtr> ExpressionBinder::BindBinary(const BinaryExpr& expr) {
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr left, Bind(*expr.left));
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr right, Bind(*expr.right));
  InferFrom(binder_, left, right);
  InferFrom(binder_, right, left);
  if (IsComparison(expr.op)) {
    COPRA_RETURN_NOT_OK(CoerceUntypedLiteral(*expr.right, *left, &right));
    COPRA_RETURN_NOT_OK(CoerceUntypedLiteral(*expr.left, *right, &left));
  }
  if (expr.op == BinaryOp::kAnd || expr.op == BinaryOp::kOr) {
    const char* ctx = expr.op == BinaryOp::kAnd ? "AND" : "OR";
    COPRA_ASSIGN_OR_RETURN(left, RequireBoolean(WithPos(left, expr.left->pos), ctx));
    COPRA_ASSIGN_OR_RETURN(right, RequireBoolean(WithPos(right, expr.right->pos), ctx));
    std::vector<BoundExprPtr> children;
    BoundExprKind kind = expr.op == BinaryOp::kAnd ? BoundExprKind::kAnd : BoundExprKind::kOr;
    for (const BoundExprPtr& side : {left, right}) {
      if (side->kind == kind) {
        children.insert(children.end(), side->children.begin(), side->children.end());
      } else {
        children.push_back(side);
      }
    }
    return expr.op == BinaryOp::kAnd ? BoundExpr::And(std::move(children))
                                     : BoundExpr::Or(std::move(children));
  }
  if (expr.op == BinaryOp::kConcat) {
    // PostgreSQL's text || anynonarray: a string meets any other value as
    // its text form ('a' || 1 is 'a1').
    auto is_text = [](const BoundExprPtr& e) { return e->type.id() == TypeId::kString; };
    auto castable = [](const BoundExprPtr& e) {
      return !e->type.IsNull() && e->type.id() != TypeId::kString &&
             e->type.id() != TypeId::kBinary;
    };
    if (is_text(left) && castable(right)) right = BoundExpr::Cast(right, LogicalType::String());
    if (is_text(right) && castable(left)) left = BoundExpr::Cast(left, LogicalType::String());
  }
  const char* fn = OperatorFunction(expr.op);
  auto call = MakeFunctionCall(fn, {left, right}, expr.op_pos.IsKnown() ? expr.op_pos : expr.pos);
  if (!call.ok() && call.status().code() == ErrorCode::kUndefinedFunction &&
      expr.op != BinaryOp::kPow) {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         std::string("operator does not exist: ") + left->type.ToString() + " " +
                             fn + " " + right->type.ToString(),
                         expr.op_pos.IsKnown() ? expr.op_pos : expr.pos);
  }
  return call;
}

Result<BoundExprPtr> ExpressionBinder::BindIs(const IsExpr& expr) {
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr operand, Bind(*expr.operand));
  switch (expr.test) {
    case IsTest::kNull: return BoundExpr::IsNull(operand, expr.negated);
    case IsTest::kUnknown: {
      COPRA_ASSIGN_OR_RETURN(operand, RequireBoolean(operand, "IS UNKNOWN"));
      return BoundExpr::IsNull(operand, expr.negated);
    }
    case IsTest::kTrue:
    case IsTest::kFalse: {
      COPRA_ASSIGN_OR_RETURN(operand, RequireBoolean(operand, "IS TRUE/FALSE"));
      // x IS TRUE  = x IS NOT NULL AND x;   x IS FALSE = x IS NOT NULL AND NOT x
      BoundExprPtr value = expr.test == IsTest::kTrue ? operand : BoundExpr::Not(operand);
      BoundExprPtr test = BoundExpr::And({BoundExpr::IsNull(operand, true), value});
      return expr.negated ? BoundExpr::Not(test) : test;
    }
    case IsTest::kDistinctFrom: {
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr right, Bind(*expr.right));
      return MakeFunctionCall(expr.negated ? "is_not_distinct_from" : "is_distinct_from",
                              {operand, right}, expr.pos);
    }
  }
  return Status::Internal("unknown IS test");
}

Result<BoundExprPtr> ExpressionBinder::BindLike(const LikeExpr& expr) {
  if (expr.escape != nullptr) {
    return Status::NotSupported("LIKE ... ESCAPE is not supported; the escape character is '\\'",
                                expr.escape->pos);
  }
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr operand, Bind(*expr.operand));
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr pattern, Bind(*expr.pattern));
  std::string fn = expr.case_insensitive ? "ilike" : "like";
  if (expr.negated) fn = "not_" + fn;
  return MakeFunctionCall(fn, {operand, pattern}, expr.pos);
}

Result<BoundExprPtr> ExpressionBinder::BindBetween(const BetweenExpr& expr) {
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr operand, Bind(*expr.operand));
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr low, Bind(*expr.low));
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr high, Bind(*expr.high));
  for (const BoundExprPtr& bound : {low, high}) {
    InferFrom(binder_, bound, operand);
    InferFrom(binder_, operand, bound);
  }
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr ge, MakeFunctionCall(">=", {operand, low}, expr.pos));
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr le, MakeFunctionCall("<=", {operand, high}, expr.pos));
  BoundExprPtr both = BoundExpr::And({ge, le});
  return expr.negated ? BoundExpr::Not(both) : both;
}

Result<BoundExprPtr> ExpressionBinder::BindInList(const InListExpr& expr) {
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr operand, Bind(*expr.operand));
  std::vector<BoundExprPtr> equalities;
  for (const ExprPtr& item : expr.list) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr value, Bind(*item));
    InferFrom(binder_, value, operand);
    InferFrom(binder_, operand, value);
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr eq, MakeFunctionCall("=", {operand, value}, item->pos));
    equalities.push_back(std::move(eq));
  }
  BoundExprPtr any = equalities.size() == 1 ? equalities[0] : BoundExpr::Or(std::move(equalities));
  return expr.negated ? BoundExpr::Not(any) : any;
}

Result<BoundExprPtr> ExpressionBinder::BindFunction(const FunctionCallExpr& call) {
  const FunctionRegistry& registry = FunctionRegistry::Global();
  if (call.name == "record_field" && call.schema.empty()) return BindFieldSelection(call);
  if (FindSetFunction(call.schema, call.name).has_value()) return BindSetFunction(call);
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr backend, BindBackendFunction(call));
  if (backend != nullptr) return backend;
  // ARRAY(subquery), as the parser gives it.
  if (call.name == "array" && call.schema.empty() && call.args.size() == 1 &&
      call.args[0]->kind == ExprKind::kSubquery) {
    return BindSubquery(*call.args[0], /*array=*/true);
  }
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr pg, BindPgFunction(call));
  if (pg != nullptr) return pg;
  if (binder_->IsAggregateFunction(call.name)) {
    return Status::Error(ErrorCode::kGroupingError,
                         std::string("aggregate functions are not allowed in ") + clause_,
                         call.pos);
  }
  const UserFunctions* user = binder_->user_functions();
  if (user != nullptr && !registry.IsScalar(call.name) && call.name != "coalesce" &&
      call.schema.empty()) {
    std::vector<BoundExprPtr> args;
    std::vector<LogicalType> types;
    for (const ExprPtr& a : call.args) {
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*a));
      args.push_back(WithPos(b, a->pos));
      types.push_back(b->type);
    }
    auto resolved = user->ResolveScalar(binder_->current_database(), call.name, types);
    if (!resolved.ok()) return resolved.status().WithPosition(call.pos);
    if (resolved->function != nullptr) {
      if (call.distinct || call.star || !call.order_by.empty() || call.filter != nullptr) {
        return Status::SyntaxError(
            "DISTINCT, *, ORDER BY and FILTER are only allowed in "
            "aggregate function calls; " +
                call.name + " is not an aggregate",
            call.pos);
      }
      for (size_t i = 0; i < args.size(); ++i) {
        if (args[i]->type != resolved->cast_to[i]) {
          args[i] = BoundExpr::Cast(args[i], resolved->cast_to[i]);
        }
      }
      auto e = std::make_shared<BoundExpr>();
      e->kind = BoundExprKind::kFunction;
      e->type = resolved->return_type;
      e->function = resolved->function;
      e->children = std::move(args);
      e->pos = call.pos;
      return BoundExprPtr(e);
    }
  }
  if (call.distinct || call.star || !call.order_by.empty() || call.filter != nullptr) {
    if (!registry.IsScalar(call.name)) {
      // An unknown name, likely a misspelt aggregate: suggest one.
      return registry.ResolveAggregate(call.name, {}).status().WithPosition(call.pos);
    }
    return Status::SyntaxError(
        "DISTINCT, *, ORDER BY and FILTER are only allowed in aggregate "
        "function calls; " +
            call.name + " is not an aggregate",
        call.pos);
  }
  // Session information functions are constants for the statement.
  if (call.args.empty() && (call.schema.empty() || call.schema == "pg_catalog")) {
    const std::string& n = call.name;
    if (n == "current_database" || n == "current_schema" || n == "current_catalog") {
      return WithPos(BoundExpr::Constant(Value::String(binder_->current_database()), n), call.pos);
    }
    if (n == "current_user" || n == "session_user" || n == "current_role") {
      return WithPos(BoundExpr::Constant(Value::String(binder_->session_user()), n), call.pos);
    }
    if (n == "version") {
      return WithPos(
          BoundExpr::Constant(
              Value::String("PostgreSQL 15.0 (Copra " COPRA_VERSION ") on x86_64-pc-linux-gnu"), n),
          call.pos);
    }
  }
  if (call.args.size() >= 1 && call.args.size() <= 2 &&
      (call.schema.empty() || call.schema == "pg_catalog") &&
      (call.name == "current_schemas" || call.name == "current_setting")) {
    return BindSessionSetting(call);
  }
  std::vector<BoundExprPtr> args;
  for (const ExprPtr& a : call.args) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr b, Bind(*a));
    args.push_back(WithPos(b, a->pos));
  }
  if (call.name == "coalesce") {
    if (args.empty()) return Status::SyntaxError("coalesce needs at least one argument", call.pos);
    COPRA_RETURN_NOT_OK(CoerceToCommonType(&args, "COALESCE", call.pos));
    auto e = std::make_shared<BoundExpr>();
    e->kind = BoundExprKind::kCoalesce;
    e->type = args[0]->type;
    e->children = std::move(args);
    return BoundExprPtr(e);
  }
  Result<BoundExprPtr> out = MakeFunctionCall(call.name, args, call.pos);
  if (out.ok() || out.status().code() != ErrorCode::kUndefinedFunction ||
      call.name.rfind("pg_", 0) != 0) {
    return out;
  }
  // PostgreSQL resolves a quoted literal argument to the parameter's type
  // (pg_relation_is_publishable('16384') takes an oid). Copra does so for
  // the pg_* catalog functions (elsewhere sqrt('4') stays an error): retry
  // with such arguments as unknown (NULL-typed) and convert their text to
  // the type the chosen overload wants.
  std::vector<BoundExprPtr> unknown = args;
  bool any = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const Expr& a = *call.args[i];
    if (a.kind == ExprKind::kLiteral && a.As<LiteralExpr>().literal_kind == LiteralKind::kString) {
      unknown[i] = BoundExpr::Constant(Value::Null());
      any = true;
    }
  }
  if (!any) return out;
  Result<BoundExprPtr> retry = MakeFunctionCall(call.name, unknown, call.pos);
  if (!retry.ok()) return out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (unknown[i] == args[i]) continue;
    const LogicalType& want = (*retry)->children[i]->type;
    const std::string& text = call.args[i]->As<LiteralExpr>().text;
    Result<Value> v = Value::String(text).CastTo(want);
    if (!v.ok()) {
      return Status::Error(
          ErrorCode::kInvalidText,
          "invalid input syntax for type " + want.ToString() + ": \"" + text + "\"",
          call.args[i]->pos);
    }
    args[i] = BoundExpr::Constant(*v);
  }
  return MakeFunctionCall(call.name, std::move(args), call.pos);
}

Result<BoundExprPtr> ExpressionBinder::BindCase(const CaseExpr& expr) {
  BoundExprPtr operand;
  if (expr.operand != nullptr) {
    COPRA_ASSIGN_OR_RETURN(operand, Bind(*expr.operand));
  }
  std::vector<BoundExprPtr> conditions, results;
  for (const CaseWhen& w : expr.whens) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr cond, Bind(*w.condition));
    if (operand != nullptr) {
      COPRA_ASSIGN_OR_RETURN(cond, MakeFunctionCall("=", {operand, cond}, w.condition->pos));
    } else {
      COPRA_ASSIGN_OR_RETURN(cond, RequireBoolean(WithPos(cond, w.condition->pos), "CASE/WHEN"));
    }
    conditions.push_back(std::move(cond));
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr result, Bind(*w.result));
    results.push_back(WithPos(result, w.result->pos));
  }
  if (expr.else_result != nullptr) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr e, Bind(*expr.else_result));
    results.push_back(WithPos(e, expr.else_result->pos));
  }
  COPRA_RETURN_NOT_OK(CoerceToCommonType(&results, "CASE", expr.pos));
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kCase;
  e->type = results[0]->type;
  e->has_else = expr.else_result != nullptr;
  for (size_t i = 0; i < conditions.size(); ++i) {
    e->children.push_back(conditions[i]);
    e->children.push_back(results[i]);
  }
  if (e->has_else) e->children.push_back(results.back());
  return BoundExprPtr(e);
}

Result<BoundExprPtr> ExpressionBinder::BindCast(const CastExpr& expr) {
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr pg, BindPgCast(expr));
  if (pg != nullptr) return pg;
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr operand, Bind(*expr.operand));
  Result<LogicalType> type = ParseTypeName(expr.type_name);
  if (!type.ok()) return type.status().WithPosition(expr.type_pos);
  // Arrays are held as their text: only text (or NULL) casts to "T[]".
  if (expr.type_name.size() > 2 &&
      expr.type_name.compare(expr.type_name.size() - 2, 2, "[]") == 0 && !operand->type.IsNull() &&
      operand->type.id() != TypeId::kString) {
    return Status::TypeMismatch(
        "cannot cast type " + operand->type.ToString() + " to " + expr.type_name, expr.pos);
  }
  if (type->id() == TypeId::kString && expr.type_name.size() > 2 &&
      expr.type_name.compare(expr.type_name.size() - 2, 2, "[]") == 0 &&
      operand->kind == BoundExprKind::kConstant && !operand->value.is_null()) {
    Result<std::vector<PgArrayElement>> array = ParsePgArray(operand->value.ToString());
    if (!array.ok()) return array.status().WithPosition(expr.pos);
  }
  if (!operand->type.IsNull() && !CanCastExplicitly(operand->type, *type)) {
    return Status::TypeMismatch(
        "cannot cast type " + operand->type.ToString() + " to " + type->ToString(), expr.pos);
  }
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kCast;
  e->type = *type;
  e->children.push_back(operand);
  e->pos = expr.pos;
  if (operand->type == *type) return operand;
  return BoundExprPtr(e);
}

Result<BoundExprPtr> ExpressionBinder::BindSubquery(const Expr& expr, bool array) {
  const QueryNode* query = nullptr;
  SubqueryForm form = array ? SubqueryForm::kArray : SubqueryForm::kScalar;
  if (expr.kind == ExprKind::kSubquery) query = expr.As<SubqueryExpr>().subquery.get();
  if (expr.kind == ExprKind::kExists) {
    query = expr.As<ExistsExpr>().subquery.get();
    form = SubqueryForm::kExists;
  }
  if (expr.kind == ExprKind::kInSubquery) {
    query = expr.As<InSubqueryExpr>().subquery.get();
    form = SubqueryForm::kIn;
  }
  SchemaPtr schema;
  bool correlated = false;
  Result<std::vector<BatchPtr>> run = binder_->RunSubquery(*query, scope_, &schema, &correlated);
  if (!run.ok() && correlated && subquery_input_ != nullptr) {
    if (subquery_input_->select != nullptr && aggregates_ == nullptr &&
        Binder::ReadsOnlySystemTables(**subquery_input_->plan)) {
      return binder_->BindSubqueryPerRow(expr, form, subquery_input_, clause_);
    }
    if (array) {
      return Status::NotSupported(
          "a correlated ARRAY(subquery) is only supported over system tables", expr.pos);
    }
    return binder_->BindCorrelatedSubquery(expr, subquery_input_, clause_);
  }
  COPRA_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, std::move(run));
  if (array) {
    // Uncorrelated: run it again through the common path (small results).
    return binder_->EvaluateSubquery(*query, SubqueryForm::kArray, nullptr, expr.pos);
  }
  int64_t rows = 0;
  for (const BatchPtr& b : batches) rows += b->num_rows();

  if (expr.kind == ExprKind::kExists) return BoundExpr::Constant(Value::Boolean(rows > 0));
  if (schema->num_fields() != 1) {
    return Status::SyntaxError("subquery must return only one column", query->pos);
  }
  const LogicalType type = schema->field(0).type;
  if (expr.kind == ExprKind::kSubquery) {
    if (rows > 1) {
      return Status::Error(ErrorCode::kCardinalityViolation,
                           "more than one row returned by a subquery used as an expression",
                           expr.pos);
    }
    for (const BatchPtr& b : batches) {
      if (b->num_rows() > 0) return BoundExpr::Constant(b->column(0)->GetValue(0));
    }
    return BoundExpr::Constant(Value::Null(type));
  }
  // x IN (subquery): x = v1 OR x = v2 ... over the distinct values.
  const InSubqueryExpr& in = expr.As<InSubqueryExpr>();
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr operand, Bind(*in.operand));
  std::vector<BoundExprPtr> equalities;
  std::unordered_set<std::string> seen;
  for (const BatchPtr& b : batches) {
    for (int64_t r = 0; r < b->num_rows(); ++r) {
      Value v = b->column(0)->GetValue(r);
      if (!seen.insert(v.is_null() ? std::string("\x01NULL") : v.ToString()).second) continue;
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr eq,
                             MakeFunctionCall("=", {operand, BoundExpr::Constant(v)}, in.pos));
      equalities.push_back(std::move(eq));
    }
  }
  BoundExprPtr any;
  if (equalities.empty()) {
    any = BoundExpr::Constant(Value::Boolean(false));
  } else {
    any = equalities.size() == 1 ? equalities[0] : BoundExpr::Or(std::move(equalities));
  }
  return in.negated ? BoundExpr::Not(any) : any;
}

}  // namespace copra
