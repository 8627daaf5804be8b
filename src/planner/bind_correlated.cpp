// Correlated subqueries, decorrelated into LEFT JOINs while binding.
//
// A subquery that refers to columns of the enclosing query is supported when
// it is a plain SELECT ... FROM ... WHERE whose references to the outer query
// are equalities `inner_expr = outer_expr` among the top-level AND conjuncts
// of its WHERE clause (the form almost every such query takes). The binder
// then joins the enclosing query's input with a derived table grouped on the
// inner keys, so each outer row meets at most one derived row and the row
// count is unchanged; the subquery expression becomes an expression over the
// joined columns. With `p` the uncorrelated rest of the WHERE clause:
//
//   EXISTS (SELECT .. FROM i WHERE i.k = o.k AND p)
//     ⋈ (SELECT k, TRUE AS m FROM i WHERE p GROUP BY k) d ON o.k = d.k
//     → COALESCE(d.m, FALSE)
//   x IN (SELECT y FROM i WHERE i.k = o.k AND p)
//     ⋈ (SELECT k, y, TRUE AS m FROM i WHERE p AND y IS NOT NULL GROUP BY k, y) a
//         ON o.k = a.k AND x = a.y
//     ⋈ (SELECT k, TRUE AS m, bool_or(y IS NULL) AS n FROM i WHERE p GROUP BY k) b
//         ON o.k = b.k
//     → CASE WHEN a.m THEN TRUE WHEN b.m IS NULL THEN FALSE
//            WHEN x IS NULL OR b.n THEN NULL ELSE FALSE END   (SQL's three-valued IN)
//   (SELECT f(agg(v)) FROM i WHERE i.k = o.k AND p)
//     ⋈ (SELECT k, f(agg(v)) AS v, TRUE AS m FROM i WHERE p GROUP BY k) d ON o.k = d.k
//     → CASE WHEN d.m IS NULL THEN <f(agg) over no rows> ELSE d.v END
//
// The last form avoids the "count bug": an outer row without inner rows gets
// count(*) = 0, not NULL. The joined columns are hidden (not part of `*`).
#include <fmt/format.h>

#include "function/function_registry.h"
#include "planner/aggregate_binder.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"

namespace copra {

namespace {

bool IsNameError(const Status& st) {
  return st.code() == ErrorCode::kUndefinedColumn || st.code() == ErrorCode::kUndefinedTable;
}

void SplitConjuncts(const Expr& expr, std::vector<const Expr*>* out) {
  if (expr.kind == ExprKind::kBinary && expr.As<BinaryExpr>().op == BinaryOp::kAnd) {
    SplitConjuncts(*expr.As<BinaryExpr>().left, out);
    SplitConjuncts(*expr.As<BinaryExpr>().right, out);
    return;
  }
  out->push_back(&expr);
}

Status Unsupported(const std::string& why, SourcePosition pos) {
  return Status::NotSupported("correlated subquery not supported: " + why +
                                  " (supported: a SELECT ... FROM ... WHERE that refers to the "
                                  "outer query only through equalities inner = outer joined by "
                                  "AND in its WHERE clause)",
                              pos);
}

BoundExprPtr True() { return BoundExpr::Constant(Value::Boolean(true)); }

BoundExprPtr MakeCase(std::vector<BoundExprPtr> whens_thens, BoundExprPtr otherwise,
                      LogicalType type) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kCase;
  e->type = type;
  e->children = std::move(whens_thens);
  if (otherwise != nullptr) {
    e->has_else = true;
    e->children.push_back(std::move(otherwise));
  }
  return e;
}

}  // namespace

// The inner query taken apart: what the derived tables are built from.
struct Binder::Correlation {
  const SelectNode* select = nullptr;
  std::vector<const Expr*> local;        // WHERE conjuncts over the inner FROM only
  std::vector<BoundExprPtr> outer_keys;  // over the outer input scope
  std::vector<const Expr*> inner_keys;   // bound over the inner FROM scope
  std::vector<LogicalType> key_types;    // common type of each pair
};

Result<BoundExprPtr> Binder::BindCorrelatedSubquery(const Expr& expr, SubqueryInput* input,
                                                    const char* clause) {
  const QueryNode* query = nullptr;
  if (expr.kind == ExprKind::kSubquery) query = expr.As<SubqueryExpr>().subquery.get();
  if (expr.kind == ExprKind::kExists) query = expr.As<ExistsExpr>().subquery.get();
  if (expr.kind == ExprKind::kInSubquery) query = expr.As<InSubqueryExpr>().subquery.get();
  COPRA_CHECK(query != nullptr);
  COPRA_RETURN_NOT_OK(BindCtes(*query));
  Result<BoundExprPtr> out = DecorrelateSubquery(expr, *query, input, clause);
  ctes_.pop_back();
  return out;
}

Result<BoundExprPtr> Binder::DecorrelateSubquery(const Expr& expr, const QueryNode& query,
                                                 SubqueryInput* input, const char* clause) {
  if (query.kind != QueryNodeKind::kSelect) {
    return Unsupported("set operations and VALUES cannot refer to the outer query", query.pos);
  }
  const SelectNode& select = query.As<SelectNode>();
  if (!select.group_by.empty() || select.having != nullptr) {
    return Unsupported("GROUP BY or HAVING in the subquery", query.pos);
  }
  if (query.offset != nullptr || (query.limit != nullptr && expr.kind != ExprKind::kExists)) {
    return Unsupported("LIMIT or OFFSET in the subquery", query.pos);
  }
  if (query.limit != nullptr) {
    // EXISTS (... LIMIT n) with n >= 1 asks the same question.
    COPRA_ASSIGN_OR_RETURN(std::optional<int64_t> n, BindNonNegativeInteger(*query.limit, "LIMIT"));
    if (n.has_value() && *n == 0) return BoundExpr::Constant(Value::Boolean(false));
  }

  // Take the WHERE clause apart over the inner FROM scope.
  Correlation c;
  c.select = &select;
  {
    COPRA_ASSIGN_OR_RETURN(BoundQuery from, BindFrom(select.from));
    std::vector<const Expr*> conjuncts;
    if (select.where != nullptr) SplitConjuncts(*select.where, &conjuncts);
    for (const Expr* conjunct : conjuncts) {
      ExpressionBinder local(this, &from.scope, "WHERE");
      Result<BoundExprPtr> bound = local.BindPredicate(*conjunct);
      if (bound.ok()) {
        c.local.push_back(conjunct);
        continue;
      }
      if (!IsNameError(bound.status())) return bound.status();
      if (conjunct->kind != ExprKind::kBinary || conjunct->As<BinaryExpr>().op != BinaryOp::kEq) {
        return Unsupported("the outer query is referenced outside an equality", conjunct->pos);
      }
      const BinaryExpr& eq = conjunct->As<BinaryExpr>();
      bool matched = false;
      for (bool swap : {false, true}) {
        const Expr& inner_side = swap ? *eq.right : *eq.left;
        const Expr& outer_side = swap ? *eq.left : *eq.right;
        ExpressionBinder inner_binder(this, &from.scope, "WHERE");
        Result<BoundExprPtr> inner = inner_binder.Bind(inner_side);
        if (!inner.ok()) continue;
        ExpressionBinder outer_binder(this, input->scope, clause);
        Result<BoundExprPtr> outer = outer_binder.Bind(outer_side);
        if (!outer.ok()) continue;
        std::vector<BoundExprPtr> pair{*outer, *inner};
        COPRA_RETURN_NOT_OK(CoerceToCommonType(&pair, "=", conjunct->pos));
        c.outer_keys.push_back(pair[0]);
        c.inner_keys.push_back(&inner_side);
        c.key_types.push_back(pair[0]->type);
        matched = true;
        break;
      }
      if (!matched) {
        return Unsupported(
            "an equality must have the inner query's columns on one side and the "
            "outer query's on the other",
            conjunct->pos);
      }
    }
  }
  if (c.outer_keys.empty()) {
    return Unsupported("the outer query is referenced outside the WHERE clause", query.pos);
  }

  switch (expr.kind) {
    case ExprKind::kExists: {
      COPRA_ASSIGN_OR_RETURN(DerivedTable d, BuildDerived(c, nullptr, nullptr, false));
      COPRA_ASSIGN_OR_RETURN(int base, JoinDerived(input, std::move(d.plan), c.outer_keys, {}));
      const BindScope& scope = *input->scope;
      const auto& m = scope.columns()[static_cast<size_t>(base + d.mark)];
      auto coalesce = std::make_shared<BoundExpr>();
      coalesce->kind = BoundExprKind::kCoalesce;
      coalesce->type = LogicalType::Boolean();
      coalesce->children = {BoundExpr::ColumnRef(base + d.mark, m.type, m.name),
                            BoundExpr::Constant(Value::Boolean(false))};
      return BoundExprPtr(coalesce);
    }
    case ExprKind::kInSubquery: {
      const InSubqueryExpr& in = expr.As<InSubqueryExpr>();
      if (select.items.size() != 1 || select.items[0].expr->kind == ExprKind::kStar) {
        return Status::SyntaxError("subquery must return only one column", query.pos);
      }
      ExpressionBinder operand_binder(this, input->scope, clause);
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr x, operand_binder.Bind(*in.operand));
      // The match: (keys, y) pairs with y NOT NULL, joined on keys and x = y.
      const Expr* y = select.items[0].expr.get();
      COPRA_ASSIGN_OR_RETURN(DerivedTable a, BuildDerived(c, y, nullptr, false));
      std::vector<BoundExprPtr> pair{x, BoundExpr::ColumnRef(0, a.value_type, "y")};
      COPRA_RETURN_NOT_OK(CoerceToCommonType(&pair, "IN", in.pos));
      if (pair[1]->type != a.value_type) {
        // Cast y inside the derived table so the join compares equal types.
        COPRA_ASSIGN_OR_RETURN(a, BuildDerived(c, y, &pair[1]->type, false));
      }
      COPRA_ASSIGN_OR_RETURN(
          int abase, JoinDerived(input, std::move(a.plan), c.outer_keys, {{pair[0], a.value}}));
      // Whether the group has rows at all, and whether one of them is NULL.
      COPRA_ASSIGN_OR_RETURN(DerivedTable b, BuildDerived(c, y, nullptr, true));
      COPRA_ASSIGN_OR_RETURN(int bbase, JoinDerived(input, std::move(b.plan), c.outer_keys, {}));
      const auto& cols = input->scope->columns();
      auto ref = [&](int index) {
        const ScopeColumn& col = cols[static_cast<size_t>(index)];
        return BoundExpr::ColumnRef(index, col.type, col.name);
      };
      BoundExprPtr matched = BoundExpr::IsNull(ref(abase + a.mark), /*negated=*/true);
      BoundExprPtr no_rows = BoundExpr::IsNull(ref(bbase + b.mark), /*negated=*/false);
      BoundExprPtr unknown =
          BoundExpr::Or({BoundExpr::IsNull(x, /*negated=*/false), ref(bbase + b.has_null)});
      BoundExprPtr result =
          MakeCase({matched, True(), no_rows, BoundExpr::Constant(Value::Boolean(false)), unknown,
                    BoundExpr::Constant(Value::Null(LogicalType::Boolean()))},
                   BoundExpr::Constant(Value::Boolean(false)), LogicalType::Boolean());
      return in.negated ? BoundExpr::Not(result) : result;
    }
    case ExprKind::kSubquery: {
      if (select.items.size() != 1 || select.items[0].expr->kind == ExprKind::kStar) {
        return Status::SyntaxError("subquery must return only one column", query.pos);
      }
      if (!ExpressionBinder::ContainsAggregate(*select.items[0].expr)) {
        return Unsupported(
            "a correlated scalar subquery must compute an aggregate, such as "
            "(SELECT max(v) FROM ...)",
            query.pos);
      }
      COPRA_ASSIGN_OR_RETURN(DerivedTable d,
                             BuildDerived(c, select.items[0].expr.get(), nullptr, false));
      COPRA_ASSIGN_OR_RETURN(int base, JoinDerived(input, std::move(d.plan), c.outer_keys, {}));
      const auto& cols = input->scope->columns();
      const ScopeColumn& vcol = cols[static_cast<size_t>(base + d.value)];
      const ScopeColumn& mcol = cols[static_cast<size_t>(base + d.mark)];
      BoundExprPtr v = BoundExpr::ColumnRef(base + d.value, vcol.type, vcol.name);
      if (d.empty_value.is_null()) return v;
      return MakeCase({BoundExpr::IsNull(BoundExpr::ColumnRef(base + d.mark, mcol.type, mcol.name),
                                         /*negated=*/false),
                       BoundExpr::Constant(d.empty_value)},
                      v, vcol.type);
    }
    default: break;
  }
  return Status::Internal("not a subquery expression");
}

Result<Binder::DerivedTable> Binder::BuildDerived(const Correlation& c, const Expr* value,
                                                  const LogicalType* value_cast, bool null_stats) {
  const SelectNode& select = *c.select;
  COPRA_ASSIGN_OR_RETURN(BoundQuery from, BindFrom(select.from));
  const BindScope& scope = from.scope;
  LogicalPlanPtr plan = std::move(from.plan);
  SchemaPtr from_schema = plan->schema;

  std::vector<BoundExprPtr> filters;
  for (const Expr* conjunct : c.local) {
    ExpressionBinder b(this, &scope, "WHERE");
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr f, b.BindPredicate(*conjunct));
    filters.push_back(std::move(f));
  }
  const bool aggregate_value = value != nullptr && ExpressionBinder::ContainsAggregate(*value);
  BoundExprPtr y;  // the IN value, over the FROM scope
  if (value != nullptr && !aggregate_value) {
    ExpressionBinder b(this, &scope, "SELECT");
    COPRA_ASSIGN_OR_RETURN(y, b.Bind(*value));
    if (value_cast != nullptr && y->type != *value_cast) y = BoundExpr::Cast(y, *value_cast);
    if (!null_stats) filters.push_back(BoundExpr::IsNull(y, /*negated=*/true));
  }
  if (!filters.empty()) plan = MakeFilter(std::move(plan), MakeConjunction(filters));

  AggregateBinder aggregates(this, &scope);
  for (size_t i = 0; i < c.inner_keys.size(); ++i) {
    ExpressionBinder b(this, &scope, "WHERE");
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr k, b.Bind(*c.inner_keys[i]));
    if (k->type != c.key_types[i]) k = BoundExpr::Cast(k, c.key_types[i]);
    aggregates.AddGroup(std::move(k));
  }
  const int num_keys = static_cast<int>(c.inner_keys.size());
  if (y != nullptr && !null_stats) aggregates.AddGroup(y);

  DerivedTable d;
  BoundExprPtr v;
  if (aggregate_value) {
    ExpressionBinder b(this, &scope, "SELECT");
    b.set_aggregate_binder(&aggregates);
    COPRA_ASSIGN_OR_RETURN(v, b.Bind(*value));
    // The value over no rows, for outer rows without inner rows.
    AggregateBinder none(this, &scope);
    ExpressionBinder eb(this, &scope, "SELECT");
    eb.set_aggregate_binder(&none);
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr ev, eb.Bind(*value));
    LogicalPlanPtr empty =
        MakeProjection(MakeAggregate(MakeEmpty(from_schema), {}, none.aggregates()), {ev}, {"v"});
    COPRA_ASSIGN_OR_RETURN(std::vector<BatchPtr> rows, subquery_runner_(std::move(empty)));
    d.empty_value = Value::Null(v->type);
    for (const BatchPtr& batch : rows) {
      if (batch->num_rows() > 0) d.empty_value = batch->column(0)->GetValue(0);
    }
  }
  if (null_stats) {
    auto resolved =
        FunctionRegistry::Global().ResolveAggregate("bool_or", {LogicalType::Boolean()});
    COPRA_RETURN_NOT_OK(resolved.status());
    AggregateCall has_null;
    has_null.function = resolved->function;
    has_null.args = {BoundExpr::IsNull(y, /*negated=*/false)};
    has_null.type = resolved->return_type;
    has_null.name = "bool_or(y IS NULL)";
    aggregates.aggregates().push_back(has_null);
  }
  const int num_groups = static_cast<int>(aggregates.groups().size());
  std::vector<LogicalType> group_types;
  for (const BoundExprPtr& g : aggregates.groups()) group_types.push_back(g->type);
  std::vector<AggregateCall> calls = aggregates.aggregates();
  plan = MakeAggregate(std::move(plan), aggregates.groups(), calls);

  // Output: keys..., [value], mark, [has_null].
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  for (int i = 0; i < num_keys; ++i) {
    exprs.push_back(BoundExpr::ColumnRef(i, group_types[static_cast<size_t>(i)], "#key"));
    names.push_back(fmt::format("#key{}", i));
  }
  if (v != nullptr || (y != nullptr && !null_stats)) {
    d.value = static_cast<int>(exprs.size());
    if (v != nullptr) {
      exprs.push_back(v);
    } else {
      exprs.push_back(BoundExpr::ColumnRef(num_keys, y->type, "value"));
    }
    d.value_type = exprs.back()->type;
    names.push_back("#value");
  }
  d.mark = static_cast<int>(exprs.size());
  exprs.push_back(True());
  names.push_back("#mark");
  if (null_stats) {
    d.has_null = static_cast<int>(exprs.size());
    exprs.push_back(BoundExpr::ColumnRef(num_groups + static_cast<int>(calls.size()) - 1,
                                         LogicalType::Boolean(), "has_null"));
    names.push_back("#has_null");
  }
  d.plan = MakeProjection(std::move(plan), std::move(exprs), std::move(names));
  return d;
}

Result<int> Binder::JoinDerived(SubqueryInput* input, LogicalPlanPtr derived,
                                const std::vector<BoundExprPtr>& outer_keys,
                                const std::vector<std::pair<BoundExprPtr, int>>& extra_keys) {
  const int left_width = static_cast<int>(input->scope->columns().size());
  const Schema& right = *derived->schema;
  std::vector<BoundExprPtr> equalities;
  auto right_ref = [&](int i) {
    return BoundExpr::ColumnRef(left_width + i, right.field(static_cast<size_t>(i)).type,
                                right.field(static_cast<size_t>(i)).name);
  };
  for (size_t i = 0; i < outer_keys.size(); ++i) {
    COPRA_ASSIGN_OR_RETURN(
        BoundExprPtr eq,
        MakeFunctionCall("=", {outer_keys[i], right_ref(static_cast<int>(i))}, outer_keys[i]->pos));
    equalities.push_back(std::move(eq));
  }
  for (const auto& [left, right_index] : extra_keys) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr eq,
                           MakeFunctionCall("=", {left, right_ref(right_index)}, left->pos));
    equalities.push_back(std::move(eq));
  }
  *input->plan = MakeJoin(std::move(*input->plan), std::move(derived), LogicalJoinType::kLeft,
                          MakeConjunction(std::move(equalities)));
  const int id = ++correlated_subqueries_;
  std::vector<ScopeColumn> cols = input->scope->columns();
  for (size_t i = 0; i < right.num_fields(); ++i) {
    ScopeColumn col;
    col.qualifier = fmt::format("#subquery{}", id);
    col.name = right.field(i).name;
    col.type = right.field(i).type;
    col.hidden = true;
    cols.push_back(std::move(col));
  }
  *input->scope = BindScope(std::move(cols));
  return left_width;
}

}  // namespace copra
