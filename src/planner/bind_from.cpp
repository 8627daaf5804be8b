// Binder: the FROM clause.
#include "common/suggest.h"
#include "exec/expression_evaluator.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"
#include "storage/numbers_table.h"
#include "storage/series_table.h"

namespace copra {

namespace {

// Applies `t AS alias(c1, c2)` to a scope.
Result<BindScope> Requalify(const BindScope& scope, const std::string& qualifier,
                            const std::vector<std::string>& column_aliases, SourcePosition pos) {
  std::vector<ScopeColumn> cols = scope.columns();
  if (column_aliases.size() > cols.size()) {
    return Status::Error(ErrorCode::kInvalidParameter,
                         "table \"" + qualifier + "\" has " + std::to_string(cols.size()) +
                             " columns available but " + std::to_string(column_aliases.size()) +
                             " columns specified",
                         pos);
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    cols[i].qualifier = qualifier;
    if (i < column_aliases.size()) cols[i].name = column_aliases[i];
  }
  return BindScope(std::move(cols));
}

// USING / NATURAL: each shared column comes first and once, as the left
// column (INNER, LEFT), the right one (RIGHT) or COALESCE of both (FULL), as
// in PostgreSQL; the originals stay reachable qualified (l.k) but are hidden
// from the bare name and from *. `pairs` are (left, right) scope indices.
Status MergeUsingColumns(const std::vector<std::string>& names,
                         const std::vector<std::pair<int, int>>& pairs, LogicalJoinType type,
                         SourcePosition pos, BoundQuery* q) {
  std::vector<ScopeColumn> cols = q->scope.columns();
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> out_names;
  std::vector<ScopeColumn> out_cols;
  for (size_t i = 0; i < names.size(); ++i) {
    const auto [li, ri] = pairs[i];
    BoundExprPtr l = BoundExpr::ColumnRef(li, cols[static_cast<size_t>(li)].type, names[i]);
    BoundExprPtr r = BoundExpr::ColumnRef(ri, cols[static_cast<size_t>(ri)].type, names[i]);
    BoundExprPtr merged = l;
    if (type == LogicalJoinType::kRight) {
      merged = r;
    } else if (type == LogicalJoinType::kFull) {
      std::vector<BoundExprPtr> both{l, r};
      COPRA_RETURN_NOT_OK(CoerceToCommonType(&both, "JOIN/USING", pos));
      auto coalesce = std::make_shared<BoundExpr>();
      coalesce->kind = BoundExprKind::kCoalesce;
      coalesce->type = both[0]->type;
      coalesce->children = std::move(both);
      coalesce->name = names[i];
      merged = coalesce;
    }
    exprs.push_back(merged);
    out_names.push_back(names[i]);
    out_cols.push_back(ScopeColumn{"", names[i], merged->type});
    cols[static_cast<size_t>(li)].hidden = true;
    cols[static_cast<size_t>(ri)].hidden = true;
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    exprs.push_back(BoundExpr::ColumnRef(static_cast<int>(i), cols[i].type, cols[i].name));
    out_names.push_back(cols[i].name);
    out_cols.push_back(cols[i]);
  }
  q->plan = MakeProjection(std::move(q->plan), std::move(exprs), std::move(out_names));
  q->scope = BindScope(std::move(out_cols));
  return Status::OK();
}

}  // namespace

Result<BoundQuery> Binder::BindFrom(const std::vector<TableRefPtr>& from) {
  if (from.empty()) {
    // SELECT without FROM reads one row with no columns.
    BoundQuery out;
    std::vector<std::vector<BoundExprPtr>> rows(1);
    out.plan = MakeValues(std::make_shared<const Schema>(), std::move(rows));
    return out;
  }
  COPRA_ASSIGN_OR_RETURN(BoundQuery acc, BindTableRef(*from[0]));
  for (size_t i = 1; i < from.size(); ++i) {
    COPRA_ASSIGN_OR_RETURN(BoundQuery next, BindTableRef(*from[i]));
    acc.plan =
        MakeJoin(std::move(acc.plan), std::move(next.plan), LogicalJoinType::kCross, nullptr);
    acc.scope.Append(next.scope);
  }
  return acc;
}

Result<BoundQuery> Binder::BindTableRef(const TableRef& ref) {
  switch (ref.kind) {
    case TableRefKind::kBaseTable: {
      const BaseTableRef& base = ref.As<BaseTableRef>();
      // A WITH query of that name shadows tables.
      if (base.name.parts.size() == 1) {
        for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
          auto found = it->find(base.name.name());
          if (found == it->end()) continue;
          const CommonTableExpr& cte = *found->second;
          // Bind the CTE body with only the CTEs defined before it visible:
          // the enclosing levels and its earlier siblings (PostgreSQL).
          auto saved = ctes_;
          const size_t level = static_cast<size_t>(ctes_.rend() - it) - 1;
          ctes_.resize(level + 1);
          auto& siblings = ctes_.back();
          for (auto s = siblings.begin(); s != siblings.end();) {
            s = s->second->pos.offset >= cte.pos.offset ? siblings.erase(s) : std::next(s);
          }
          Result<BoundQuery> bound = BindQuery(*cte.query);
          ctes_ = std::move(saved);
          COPRA_RETURN_NOT_OK(bound.status());
          BoundQuery out = std::move(bound).value();
          const std::string qualifier = ref.alias.empty() ? cte.name : ref.alias;
          COPRA_ASSIGN_OR_RETURN(out.scope,
                                 Requalify(out.scope, qualifier, cte.column_aliases, cte.pos));
          if (!ref.column_aliases.empty()) {
            COPRA_ASSIGN_OR_RETURN(out.scope,
                                   Requalify(out.scope, qualifier, ref.column_aliases, ref.pos));
          }
          return out;
        }
      }
      COPRA_ASSIGN_OR_RETURN(TablePtr table, ResolveTable(base.name));
      std::vector<int> projection;
      for (size_t i = 0; i < table->schema().num_columns(); ++i) {
        projection.push_back(static_cast<int>(i));
      }
      const std::string qualifier = ref.alias.empty() ? table->name() : ref.alias;
      BoundQuery out;
      out.plan = MakeScan(table, qualifier, std::move(projection));
      std::vector<ScopeColumn> cols;
      for (const TableColumn& c : table->schema().columns()) {
        cols.push_back(ScopeColumn{qualifier, c.name, c.type});
      }
      COPRA_ASSIGN_OR_RETURN(
          out.scope, Requalify(BindScope(std::move(cols)), qualifier, ref.column_aliases, ref.pos));
      return out;
    }
    case TableRefKind::kSubquery: {
      const SubqueryRef& sub = ref.As<SubqueryRef>();
      COPRA_ASSIGN_OR_RETURN(BoundQuery out, BindQuery(*sub.query));
      COPRA_ASSIGN_OR_RETURN(out.scope,
                             Requalify(out.scope, ref.alias, ref.column_aliases, ref.pos));
      return out;
    }
    case TableRefKind::kTableFunction: return BindTableFunction(ref.As<TableFunctionRef>());
    case TableRefKind::kJoin: return BindJoin(ref.As<JoinRef>());
  }
  return Status::Internal("unknown table reference");
}

Result<BoundQuery> Binder::BindJoin(const JoinRef& join) {
  COPRA_ASSIGN_OR_RETURN(BoundQuery left, BindTableRef(*join.left));
  COPRA_ASSIGN_OR_RETURN(BoundQuery right, BindTableRef(*join.right));
  const size_t left_width = left.scope.columns().size();
  BindScope scope = left.scope;
  scope.Append(right.scope);

  LogicalJoinType type = LogicalJoinType::kInner;
  switch (join.type) {
    case JoinType::kInner: type = LogicalJoinType::kInner; break;
    case JoinType::kLeft: type = LogicalJoinType::kLeft; break;
    case JoinType::kRight: type = LogicalJoinType::kRight; break;
    case JoinType::kFull: type = LogicalJoinType::kFull; break;
    case JoinType::kCross: type = LogicalJoinType::kCross; break;
  }

  std::vector<std::string> using_columns = join.using_columns;
  if (join.natural) {
    for (const ScopeColumn& l : left.scope.columns()) {
      for (const ScopeColumn& r : right.scope.columns()) {
        if (l.name == r.name) using_columns.push_back(l.name);
      }
    }
  }
  BoundExprPtr condition;
  std::vector<std::pair<int, int>> using_pairs;
  if (!using_columns.empty()) {
    std::vector<BoundExprPtr> equalities;
    const std::vector<ScopeColumn>& cols = scope.columns();
    for (const std::string& name : using_columns) {
      COPRA_ASSIGN_OR_RETURN(int li, left.scope.Resolve("", name, join.pos));
      COPRA_ASSIGN_OR_RETURN(int ri, right.scope.Resolve("", name, join.pos));
      int rj = static_cast<int>(left_width) + ri;
      BoundExprPtr l = BoundExpr::ColumnRef(li, cols[static_cast<size_t>(li)].type, name);
      BoundExprPtr r = BoundExpr::ColumnRef(rj, cols[static_cast<size_t>(rj)].type, name);
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr eq, MakeFunctionCall("=", {l, r}, join.pos));
      equalities.push_back(std::move(eq));
      using_pairs.emplace_back(li, rj);
    }
    condition = MakeConjunction(std::move(equalities));
  } else if (join.condition != nullptr) {
    ExpressionBinder on(this, &scope, "JOIN/ON");
    COPRA_ASSIGN_OR_RETURN(condition, on.BindPredicate(*join.condition));
  }
  if (type == LogicalJoinType::kCross && condition != nullptr) type = LogicalJoinType::kInner;
  BoundQuery out;
  out.plan = MakeJoin(std::move(left.plan), std::move(right.plan), type, condition);
  out.scope = std::move(scope);
  if (!using_pairs.empty()) {
    COPRA_RETURN_NOT_OK(MergeUsingColumns(using_columns, using_pairs, type, join.pos, &out));
  }
  return out;
}

Result<BoundQuery> Binder::BindTableFunction(const TableFunctionRef& ref) {
  // Arguments are constants.
  std::vector<Value> values;
  for (const ExprPtr& a : ref.args) {
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr bound, BindConstantExpr(*a));
    ExpressionEvaluator evaluator;
    COPRA_ASSIGN_OR_RETURN(Value v, evaluator.EvaluateConstant(*bound));
    values.push_back(std::move(v));
  }
  const bool builtin = ref.name == "numbers" || ref.name == "generate_series";
  // PostgreSQL: a function in FROM aliased without a column list names its
  // single column after the alias (generate_series(1, 3) AS i gives i).
  std::vector<std::string> column_aliases = ref.column_aliases;
  if (column_aliases.empty() && !ref.alias.empty() && ref.name != "numbers") {
    column_aliases.push_back(ref.alias);
  }
  if (!builtin && user_functions_ != nullptr) {
    auto table = user_functions_->CallTableFunction(current_database_, ref.name, values);
    if (!table.ok()) return table.status().WithPosition(ref.pos);
    if (*table != nullptr) {
      const std::string qualifier = ref.alias.empty() ? ref.name : ref.alias;
      BoundQuery out;
      std::vector<int> projection;
      std::vector<ScopeColumn> cols;
      for (size_t i = 0; i < (*table)->schema().num_columns(); ++i) {
        projection.push_back(static_cast<int>(i));
        cols.push_back(
            {qualifier, (*table)->schema().column(i).name, (*table)->schema().column(i).type});
      }
      out.plan = MakeScan(*table, qualifier, std::move(projection));
      COPRA_ASSIGN_OR_RETURN(
          out.scope, Requalify(BindScope(std::move(cols)), qualifier, ref.column_aliases, ref.pos));
      return out;
    }
  }
  if (!builtin) {
    // unnest(array) and scalar functions in FROM (string_to_array(...) s).
    COPRA_ASSIGN_OR_RETURN(std::optional<BoundQuery> scalar,
                           BindScalarTableFunction(ref, values, column_aliases));
    if (scalar.has_value()) return std::move(*scalar);
  }
  // Arguments of the built-ins are integers.
  std::vector<int64_t> args;
  for (size_t k = 0; k < values.size(); ++k) {
    const Value& v = values[k];
    const ExprPtr& a = ref.args[k];
    if (!v.type().IsInteger()) {
      return Status::TypeMismatch(
          "argument of " + ref.name + "() must be an integer, not " + v.type().ToString(), a->pos);
    }
    if (v.is_null()) {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "argument of " + ref.name + "() must not be NULL", a->pos);
    }
    COPRA_ASSIGN_OR_RETURN(Value i, v.CastTo(LogicalType::Int64()));
    args.push_back(i.GetInt64());
  }
  TablePtr table;
  if (ref.name == "numbers" && args.size() == 1) {
    if (args[0] < 0) {
      return Status::Error(ErrorCode::kInvalidParameter, "numbers() needs a non-negative count",
                           ref.pos);
    }
    table = std::make_shared<NumbersTable>(args[0]);
  } else if (ref.name == "generate_series" && (args.size() == 2 || args.size() == 3)) {
    int64_t step = args.size() == 3 ? args[2] : 1;
    if (step == 0) {
      return Status::Error(ErrorCode::kInvalidParameter, "step size cannot equal zero", ref.pos);
    }
    table = std::make_shared<SeriesTable>(args[0], args[1], step);
  } else if (ref.name == "numbers" || ref.name == "generate_series") {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "wrong number of arguments for " + ref.name +
                             "(); expected numbers(count) or generate_series(start, stop[, step])",
                         ref.pos);
  } else {
    return Status::Error(ErrorCode::kUndefinedFunction,
                         "table function " + ref.name + "() does not exist" +
                             DidYouMean(ref.name, {"numbers", "generate_series", "run_script"}),
                         ref.pos);
  }
  const std::string qualifier = ref.alias.empty() ? ref.name : ref.alias;
  BoundQuery out;
  out.plan = MakeScan(table, qualifier, {0});
  std::vector<ScopeColumn> cols{
      {qualifier, table->schema().column(0).name, table->schema().column(0).type}};
  COPRA_ASSIGN_OR_RETURN(out.scope,
                         Requalify(BindScope(std::move(cols)), qualifier, column_aliases, ref.pos));
  return out;
}

}  // namespace copra
