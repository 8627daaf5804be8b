#include "planner/binder.h"

#include "exec/expression_evaluator.h"
#include "function/function_registry.h"
#include "planner/aggregate_binder.h"
#include "planner/expression_binder.h"
#include "planner/set_function.h"
#include "planner/window_binder.h"

namespace copra {

namespace {

// The name a select item's column gets: its alias, the column name for a
// plain column reference, else the expression's SQL text.
std::string OutputName(const SelectItem& item) {
  if (!item.alias.empty()) return item.alias;
  if (item.expr->kind == ExprKind::kColumnRef) return item.expr->As<ColumnRefExpr>().column();
  // (f(x)).n is named after the field, as in PostgreSQL.
  if (item.expr->kind == ExprKind::kFunctionCall) {
    const auto& call = item.expr->As<FunctionCallExpr>();
    if (call.name == "record_field" && call.schema.empty() && call.args.size() == 2 &&
        call.args[1]->kind == ExprKind::kLiteral) {
      return call.args[1]->As<LiteralExpr>().text;
    }
  }
  return item.expr->ToString();
}

BindScope ScopeFromSchema(const Schema& schema, const std::string& qualifier) {
  std::vector<ScopeColumn> columns;
  for (const Field& f : schema.fields()) columns.push_back(ScopeColumn{qualifier, f.name, f.type});
  return BindScope(std::move(columns));
}

// A column reference to every column of `plan`'s output.
std::vector<BoundExprPtr> AllColumns(const Schema& schema) {
  std::vector<BoundExprPtr> out;
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    out.push_back(
        BoundExpr::ColumnRef(static_cast<int>(i), schema.field(i).type, schema.field(i).name));
  }
  return out;
}

std::vector<std::string> FieldNames(const Schema& schema) {
  std::vector<std::string> out;
  for (const Field& f : schema.fields()) out.push_back(f.name);
  return out;
}

bool IsIntegerLiteral(const Expr& e) {
  return e.kind == ExprKind::kLiteral && e.As<LiteralExpr>().literal_kind == LiteralKind::kInteger;
}

}  // namespace

Binder::Binder(Catalog* catalog, std::string current_database)
    : catalog_(catalog), current_database_(std::move(current_database)) {}

bool Binder::IsAggregateFunction(const std::string& name) const {
  const FunctionRegistry& registry = FunctionRegistry::Global();
  if (registry.IsAggregate(name) && !registry.IsScalar(name)) return true;
  return user_functions_ != nullptr && !registry.IsScalar(name) &&
         user_functions_->IsAggregate(current_database_, name);
}

Result<TablePtr> Binder::ResolveTable(const ObjectName& name) const {
  std::string db = name.database().empty() ? current_database_ : name.database();
  Result<TablePtr> table = catalog_->GetTable(db, name.name());
  if (!table.ok()) return table.status().WithPosition(name.pos);
  if (table_access_check_ && !(*table)->IsSystem()) {
    COPRA_RETURN_NOT_OK(table_access_check_(db, name.pos));
  }
  return table;
}

Status Binder::BindCtes(const QueryNode& query) {
  std::map<std::string, const CommonTableExpr*> level;
  for (const CommonTableExpr& cte : query.ctes) {
    if (level.count(cte.name) != 0) {
      return Status::Error(ErrorCode::kDuplicateObject,
                           "WITH query name \"" + cte.name + "\" specified more than once",
                           cte.pos);
    }
    level[cte.name] = &cte;
  }
  ctes_.push_back(std::move(level));
  return Status::OK();
}

Result<BoundQuery> Binder::BindQuery(const QueryNode& query) {
  COPRA_RETURN_NOT_OK(BindCtes(query));
  Result<BoundQuery> out = BindQueryBody(query);
  ctes_.pop_back();
  return out;
}

Result<BoundQuery> Binder::BindQueryBody(const QueryNode& query) {
  switch (query.kind) {
    case QueryNodeKind::kSelect: return BindSelect(query.As<SelectNode>());
    case QueryNodeKind::kSetOperation: {
      COPRA_ASSIGN_OR_RETURN(BoundQuery body, BindSetOperation(query.As<SetOperationNode>()));
      return BindLimit(query, std::move(body));
    }
    case QueryNodeKind::kValues: {
      COPRA_ASSIGN_OR_RETURN(BoundQuery body, BindValues(query.As<ValuesNode>()));
      return BindLimit(query, std::move(body));
    }
  }
  return Status::Internal("unknown query node");
}

Result<BoundQuery> Binder::BindSelect(const SelectNode& select) {
  // FROM (a single empty row when absent) and WHERE.
  COPRA_ASSIGN_OR_RETURN(BoundQuery from, BindFrom(select.from));
  LogicalPlanPtr plan = std::move(from.plan);
  BindScope& from_scope = from.scope;
  // Correlated subqueries in WHERE and (without GROUP BY) in the SELECT list
  // join `plan` with derived tables and append hidden columns to the scope.
  SubqueryInput subquery_input{&plan, &from_scope, &select, false};
  if (select.where != nullptr) {
    if (ExpressionBinder::ContainsAggregate(*select.where, this)) {
      return Status::Error(ErrorCode::kGroupingError,
                           "aggregate functions are not allowed in WHERE", select.where->pos);
    }
    ExpressionBinder where(this, &from_scope, "WHERE");
    where.set_subquery_input(&subquery_input);
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr predicate, where.BindPredicate(*select.where));
    plan = MakeFilter(std::move(plan), std::move(predicate));
    subquery_input.filtered = true;
  }

  bool aggregate = !select.group_by.empty() || select.having != nullptr;
  for (const SelectItem& item : select.items) {
    if (item.expr->kind != ExprKind::kStar &&
        ExpressionBinder::ContainsAggregate(*item.expr, this)) {
      aggregate = true;
    }
  }
  for (const OrderByItem& o : select.order_by) {
    if (ExpressionBinder::ContainsAggregate(*o.expr, this)) aggregate = true;
  }

  AggregateBinder aggregates(this, &from_scope);
  if (aggregate) {
    for (const ExprPtr& g : select.group_by) {
      const Expr* group_expr = g.get();
      if (IsIntegerLiteral(*g)) {
        int64_t k = g->As<LiteralExpr>().int_value;
        if (k < 1 || k > static_cast<int64_t>(select.items.size())) {
          return Status::Error(ErrorCode::kInvalidParameter,
                               "GROUP BY position " + std::to_string(k) + " is not in select list",
                               g->pos);
        }
        group_expr = select.items[static_cast<size_t>(k - 1)].expr.get();
      } else if (g->kind == ExprKind::kColumnRef && g->As<ColumnRefExpr>().names.size() == 1) {
        // An output alias, unless the FROM clause has a column of that name.
        const std::string& name = g->As<ColumnRefExpr>().column();
        if (!from_scope.Resolve("", name, g->pos).ok()) {
          for (const SelectItem& item : select.items) {
            if (item.alias == name) group_expr = item.expr.get();
          }
        }
      }
      if (group_expr->kind == ExprKind::kStar) {
        return Status::SyntaxError("cannot GROUP BY *", g->pos);
      }
      if (ExpressionBinder::ContainsAggregate(*group_expr, this)) {
        return Status::Error(ErrorCode::kGroupingError,
                             "aggregate functions are not allowed in GROUP BY", g->pos);
      }
      ExpressionBinder group_binder(this, &from_scope, "GROUP BY");
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr bound, group_binder.Bind(*group_expr));
      if (bound->kind == BoundExprKind::kColumnRef) {
        // keep the column's name for output
      } else {
        auto named = std::make_shared<BoundExpr>(*bound);
        named->name = group_expr->ToString();
        bound = named;
      }
      aggregates.AddGroup(std::move(bound));
    }
  }

  // Window function calls (SELECT list and ORDER BY) are computed by a
  // Window node between the aggregation and the final projection.
  WindowBinder windows(this, &from_scope, aggregate ? &aggregates : nullptr, &select.windows);
  COPRA_RETURN_NOT_OK(windows.CheckNamedWindows());

  // SELECT list.
  std::vector<BoundExprPtr> exprs;
  std::vector<std::string> names;
  ExpressionBinder item_binder(this, &from_scope, "SELECT");
  item_binder.set_window_binder(&windows);
  // Set-returning calls (generate_series(...), unnest(...)) run in a
  // ProjectSet node below the projection (set_function.h).
  SetFunctionBinder set_functions;
  item_binder.set_set_function_binder(&set_functions);
  if (aggregate) {
    item_binder.set_aggregate_binder(&aggregates);
  } else {
    item_binder.set_subquery_input(&subquery_input);
  }
  for (const SelectItem& item : select.items) {
    if (item.expr->kind == ExprKind::kStar) {
      const StarExpr& star = item.expr->As<StarExpr>();
      std::string qualifier = star.qualifier.empty() ? "" : star.qualifier.back();
      if (!qualifier.empty() && !from_scope.HasQualifier(qualifier)) {
        return Status::Error(ErrorCode::kUndefinedTable,
                             "missing FROM-clause entry for table \"" + qualifier + "\"",
                             item.expr->pos);
      }
      if (select.from.empty()) {
        return Status::SyntaxError("SELECT * with no tables specified is not valid",
                                   item.expr->pos);
      }
      const auto& cols = from_scope.columns();
      for (size_t i = 0; i < cols.size(); ++i) {
        // * skips columns merged by USING; t.* still lists t's own columns.
        if (qualifier.empty() ? cols[i].hidden : cols[i].qualifier != qualifier) continue;
        BoundExprPtr ref = BoundExpr::ColumnRef(static_cast<int>(i), cols[i].type, cols[i].name);
        if (aggregate) {
          int match = -1;
          for (size_t g = 0; g < aggregates.groups().size(); ++g) {
            if (aggregates.groups()[g]->ToString() == ref->ToString() &&
                aggregates.groups()[g]->column_index == static_cast<int>(i)) {
              match = static_cast<int>(g);
            }
          }
          if (match < 0) {
            return Status::Error(ErrorCode::kGroupingError,
                                 "column \"" + cols[i].name +
                                     "\" must appear in the GROUP BY clause or be used in an "
                                     "aggregate function",
                                 item.expr->pos);
          }
          ref = BoundExpr::ColumnRef(match, cols[i].type, cols[i].name);
        }
        exprs.push_back(ref);
        names.push_back(cols[i].name);
      }
      continue;
    }
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr e, item_binder.Bind(*item.expr));
    exprs.push_back(std::move(e));
    names.push_back(OutputName(item));
  }
  const size_t visible = exprs.size();
  // Output columns of composite values keep their fields, for (alias).x in
  // an enclosing query.
  std::vector<std::vector<CompositeField>> composite(visible);
  for (size_t i = 0; i < visible; ++i) {
    if (const std::vector<CompositeField>* f = set_functions.FieldsOf(*exprs[i])) {
      composite[i] = *f;
    } else if (!aggregate && exprs[i]->kind == BoundExprKind::kColumnRef &&
               exprs[i]->column_index >= 0 &&
               static_cast<size_t>(exprs[i]->column_index) < from_scope.columns().size()) {
      composite[i] = from_scope.columns()[static_cast<size_t>(exprs[i]->column_index)].fields;
    }
  }
  item_binder.set_set_function_binder(nullptr);

  BoundExprPtr having;
  if (select.having != nullptr) {
    ExpressionBinder having_binder(this, &from_scope, "HAVING");
    having_binder.set_aggregate_binder(&aggregates);
    COPRA_ASSIGN_OR_RETURN(having, having_binder.BindPredicate(*select.having));
  }

  // ORDER BY: output columns by position or name, else expressions over the
  // pre-projection input, added as hidden output columns.
  std::vector<SortKey> sort_keys;
  for (const OrderByItem& o : select.order_by) {
    int output = -1;
    if (IsIntegerLiteral(*o.expr)) {
      int64_t k = o.expr->As<LiteralExpr>().int_value;
      if (k < 1 || k > static_cast<int64_t>(visible)) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "ORDER BY position " + std::to_string(k) + " is not in select list",
                             o.expr->pos);
      }
      output = static_cast<int>(k - 1);
    } else if (o.expr->kind == ExprKind::kColumnRef &&
               o.expr->As<ColumnRefExpr>().names.size() == 1) {
      const std::string& name = o.expr->As<ColumnRefExpr>().column();
      for (size_t i = 0; i < visible; ++i) {
        if (names[i] == name) {
          output = static_cast<int>(i);
          break;
        }
      }
    }
    if (output < 0) {
      ExpressionBinder order_binder(this, &from_scope, "ORDER BY");
      order_binder.set_window_binder(&windows);
      if (aggregate) order_binder.set_aggregate_binder(&aggregates);
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr e, order_binder.Bind(*o.expr));
      std::string key = e->ToString();
      for (size_t i = 0; i < exprs.size(); ++i) {
        if (exprs[i]->ToString() == key) output = static_cast<int>(i);
      }
      if (output < 0) {
        if (select.distinct) {
          return Status::Error(ErrorCode::kInvalidParameter,
                               "for SELECT DISTINCT, ORDER BY expressions must appear in select "
                               "list",
                               o.expr->pos);
        }
        output = static_cast<int>(exprs.size());
        exprs.push_back(e);
        names.push_back(o.expr->ToString());
      }
    }
    SortKey key;
    key.expr = BoundExpr::ColumnRef(output, exprs[static_cast<size_t>(output)]->type,
                                    names[static_cast<size_t>(output)]);
    key.descending = o.descending;
    key.nulls_first =
        o.nulls == NullsOrder::kDefault ? o.descending : o.nulls == NullsOrder::kFirst;
    sort_keys.push_back(std::move(key));
  }

  // DISTINCT ON (exprs): bound like the SELECT list (output positions and
  // names too); it must agree with the leading ORDER BY keys.
  std::vector<BoundExprPtr> distinct_on;
  for (const ExprPtr& d : select.distinct_on) {
    BoundExprPtr e;
    if (IsIntegerLiteral(*d)) {
      int64_t k = d->As<LiteralExpr>().int_value;
      if (k < 1 || k > static_cast<int64_t>(visible)) {
        return Status::Error(ErrorCode::kInvalidParameter,
                             "DISTINCT ON position " + std::to_string(k) + " is not in select list",
                             d->pos);
      }
      e = exprs[static_cast<size_t>(k - 1)];
    } else if (d->kind == ExprKind::kColumnRef && d->As<ColumnRefExpr>().names.size() == 1 &&
               !from_scope.Resolve("", d->As<ColumnRefExpr>().column(), d->pos).ok()) {
      for (size_t i = 0; i < visible && e == nullptr; ++i) {
        if (names[i] == d->As<ColumnRefExpr>().column()) e = exprs[i];
      }
    }
    if (e == nullptr) {
      if (WindowBinder::ContainsWindow(*d)) {
        return Status::NotSupported("window functions in DISTINCT ON are not supported", d->pos);
      }
      COPRA_ASSIGN_OR_RETURN(e, item_binder.Bind(*d));
    }
    distinct_on.push_back(std::move(e));
  }
  for (size_t i = 0; i < sort_keys.size() && i < distinct_on.size(); ++i) {
    const std::string key = exprs[static_cast<size_t>(sort_keys[i].expr->column_index)]->ToString();
    bool found = false;
    for (const BoundExprPtr& d : distinct_on) found = found || d->ToString() == key;
    if (!found) {
      return Status::Error(ErrorCode::kInvalidParameter,
                           "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                           select.order_by[i].pos);
    }
  }

  if (aggregate) {
    plan = MakeAggregate(std::move(plan), aggregates.groups(), aggregates.aggregates());
    if (having != nullptr) plan = MakeFilter(std::move(plan), having);
  }
  if (!windows.empty() || !distinct_on.empty()) {
    const int width = static_cast<int>(plan->schema->num_fields());
    for (BoundExprPtr& e : exprs) e = ResolveWindowRefs(e, width);
    for (BoundExprPtr& e : distinct_on) e = ResolveWindowRefs(e, width);
    for (SetFunctionCall& f : set_functions.mutable_calls()) {
      for (BoundExprPtr& a : f.args) a = ResolveWindowRefs(a, width);
    }
    std::vector<WindowCall> calls = windows.calls();
    if (!distinct_on.empty()) {
      // The first row of each DISTINCT ON group in ORDER BY order:
      // row_number() OVER (PARTITION BY exprs ORDER BY keys) = 1.
      WindowCall first;
      first.kind = WindowFunctionKind::kRowNumber;
      first.partition_by = distinct_on;
      for (const SortKey& k : sort_keys) {
        SortKey over = k;
        over.expr = exprs[static_cast<size_t>(k.expr->column_index)];
        first.order_by.push_back(std::move(over));
      }
      first.type = LogicalType::Int64();
      first.name = "row_number() OVER (DISTINCT ON)";
      calls.push_back(std::move(first));
    }
    const int num_calls = static_cast<int>(calls.size());
    plan = MakeWindow(std::move(plan), std::move(calls));
    if (!distinct_on.empty()) {
      BoundExprPtr row_number =
          BoundExpr::ColumnRef(width + num_calls - 1, LogicalType::Int64(), "row_number");
      COPRA_ASSIGN_OR_RETURN(
          BoundExprPtr first_row,
          MakeFunctionCall("=", {row_number, BoundExpr::Constant(Value::Int64(1))}, select.pos,
                           "row_number = 1"));
      plan = MakeFilter(std::move(plan), std::move(first_row));
    }
  }
  if (!set_functions.empty()) {
    if (!distinct_on.empty()) {
      return Status::NotSupported(
          "set-returning functions in the SELECT list of SELECT DISTINCT ON are not supported",
          select.pos);
    }
    const int width = static_cast<int>(plan->schema->num_fields());
    for (BoundExprPtr& e : exprs) e = ResolveSetFunctionRefs(e, width);
    plan = MakeProjectSet(std::move(plan), std::move(set_functions.mutable_calls()));
  }
  plan = MakeProjection(std::move(plan), exprs, names);
  if (select.distinct) plan = MakeDistinct(std::move(plan));
  if (!sort_keys.empty()) plan = MakeSort(std::move(plan), std::move(sort_keys));

  BoundQuery out;
  out.plan = std::move(plan);
  // LIMIT/OFFSET (ORDER BY was handled above).
  if (select.limit != nullptr || select.offset != nullptr) {
    std::optional<int64_t> limit;
    int64_t offset = 0;
    if (select.limit != nullptr) {
      COPRA_ASSIGN_OR_RETURN(limit, BindNonNegativeInteger(*select.limit, "LIMIT"));
    }
    if (select.offset != nullptr) {
      COPRA_ASSIGN_OR_RETURN(std::optional<int64_t> o,
                             BindNonNegativeInteger(*select.offset, "OFFSET"));
      offset = o.value_or(0);
    }
    out.plan = MakeLimit(std::move(out.plan), limit, offset);
  }
  if (exprs.size() > visible) {
    std::vector<BoundExprPtr> keep(AllColumns(*out.plan->schema));
    keep.resize(visible);
    names.resize(visible);
    out.plan = MakeProjection(std::move(out.plan), std::move(keep), names);
  }
  out.scope = ScopeFromSchema(*out.plan->schema, "");
  std::vector<ScopeColumn> columns = out.scope.columns();
  for (size_t i = 0; i < visible && i < columns.size(); ++i) columns[i].fields = composite[i];
  out.scope = BindScope(std::move(columns));
  return out;
}

Result<BoundQuery> Binder::BindSetOperation(const SetOperationNode& node) {
  COPRA_ASSIGN_OR_RETURN(BoundQuery left, BindQuery(*node.left));
  COPRA_ASSIGN_OR_RETURN(BoundQuery right, BindQuery(*node.right));
  const Schema& ls = *left.plan->schema;
  const Schema& rs = *right.plan->schema;
  const char* op = node.op == SetOpKind::kUnion       ? "UNION"
                   : node.op == SetOpKind::kIntersect ? "INTERSECT"
                                                      : "EXCEPT";
  if (ls.num_fields() != rs.num_fields()) {
    return Status::Error(ErrorCode::kSyntaxError,
                         std::string("each ") + op + " query must have the same number of columns",
                         node.right->pos);
  }
  std::vector<Field> fields;
  std::vector<BoundExprPtr> lcast = AllColumns(ls), rcast = AllColumns(rs);
  bool lchanged = false, rchanged = false;
  for (size_t i = 0; i < ls.num_fields(); ++i) {
    std::vector<BoundExprPtr> pair = {lcast[i], rcast[i]};
    COPRA_RETURN_NOT_OK(CoerceToCommonType(&pair, op, node.pos));
    lchanged |= pair[0] != lcast[i];
    rchanged |= pair[1] != rcast[i];
    lcast[i] = pair[0];
    rcast[i] = pair[1];
    fields.push_back(Field{ls.field(i).name, pair[0]->type});
  }
  LogicalPlanPtr lp = std::move(left.plan), rp = std::move(right.plan);
  if (lchanged) lp = MakeProjection(std::move(lp), lcast, FieldNames(ls));
  if (rchanged) rp = MakeProjection(std::move(rp), rcast, FieldNames(ls));
  SetOperationType type = node.op == SetOpKind::kUnion       ? SetOperationType::kUnion
                          : node.op == SetOpKind::kIntersect ? SetOperationType::kIntersect
                                                             : SetOperationType::kExcept;
  auto schema = std::make_shared<const Schema>(std::move(fields));
  BoundQuery out;
  out.plan = MakeSetOperation(std::move(lp), std::move(rp), type, node.all, schema);
  out.scope = ScopeFromSchema(*schema, "");
  return out;
}

Result<BoundQuery> Binder::BindValues(const ValuesNode& node) {
  const size_t width = node.rows[0].size();
  std::vector<std::vector<BoundExprPtr>> rows;
  for (const auto& row : node.rows) {
    if (row.size() != width) {
      return Status::SyntaxError("VALUES lists must all be the same length", row[0]->pos);
    }
    std::vector<BoundExprPtr> bound;
    for (const ExprPtr& e : row) {
      COPRA_ASSIGN_OR_RETURN(BoundExprPtr b, BindConstantExpr(*e));
      bound.push_back(std::move(b));
    }
    rows.push_back(std::move(bound));
  }
  std::vector<Field> fields;
  for (size_t c = 0; c < width; ++c) {
    std::vector<BoundExprPtr> column;
    for (const auto& row : rows) column.push_back(row[c]);
    COPRA_RETURN_NOT_OK(CoerceToCommonType(&column, "VALUES", node.pos));
    for (size_t r = 0; r < rows.size(); ++r) rows[r][c] = column[r];
    fields.push_back(Field{"column" + std::to_string(c + 1), column[0]->type});
  }
  auto schema = std::make_shared<const Schema>(std::move(fields));
  BoundQuery out;
  out.plan = MakeValues(schema, std::move(rows));
  out.scope = ScopeFromSchema(*schema, "");
  return out;
}

Result<BoundQuery> Binder::BindLimit(const QueryNode& query, BoundQuery bound) {
  if (!query.order_by.empty()) {
    std::vector<SortKey> keys;
    const Schema& schema = *bound.plan->schema;
    for (const OrderByItem& o : query.order_by) {
      BoundExprPtr e;
      if (IsIntegerLiteral(*o.expr)) {
        int64_t k = o.expr->As<LiteralExpr>().int_value;
        if (k < 1 || k > static_cast<int64_t>(schema.num_fields())) {
          return Status::Error(ErrorCode::kInvalidParameter,
                               "ORDER BY position " + std::to_string(k) + " is not in select list",
                               o.expr->pos);
        }
        e = AllColumns(schema)[static_cast<size_t>(k - 1)];
      } else {
        ExpressionBinder binder(this, &bound.scope, "ORDER BY");
        COPRA_ASSIGN_OR_RETURN(e, binder.Bind(*o.expr));
      }
      SortKey key;
      key.expr = e;
      key.descending = o.descending;
      key.nulls_first =
          o.nulls == NullsOrder::kDefault ? o.descending : o.nulls == NullsOrder::kFirst;
      keys.push_back(std::move(key));
    }
    bound.plan = MakeSort(std::move(bound.plan), std::move(keys));
  }
  if (query.limit != nullptr || query.offset != nullptr) {
    std::optional<int64_t> limit;
    int64_t offset = 0;
    if (query.limit != nullptr) {
      COPRA_ASSIGN_OR_RETURN(limit, BindNonNegativeInteger(*query.limit, "LIMIT"));
    }
    if (query.offset != nullptr) {
      COPRA_ASSIGN_OR_RETURN(std::optional<int64_t> o,
                             BindNonNegativeInteger(*query.offset, "OFFSET"));
      offset = o.value_or(0);
    }
    bound.plan = MakeLimit(std::move(bound.plan), limit, offset);
  }
  return bound;
}

Result<std::optional<int64_t>> Binder::BindNonNegativeInteger(const Expr& expr,
                                                              const char* clause) {
  COPRA_ASSIGN_OR_RETURN(BoundExprPtr bound, BindConstantExpr(expr));
  if (!bound->type.IsInteger() && !bound->type.IsNull()) {
    return Status::TypeMismatch(std::string("argument of ") + clause +
                                    " must be an integer, not type " + bound->type.ToString(),
                                expr.pos);
  }
  ExpressionEvaluator evaluator;
  COPRA_ASSIGN_OR_RETURN(Value v, evaluator.EvaluateConstant(*bound));
  // PostgreSQL: LIMIT NULL is no limit, OFFSET NULL is no offset.
  if (v.is_null()) return std::optional<int64_t>();
  COPRA_ASSIGN_OR_RETURN(Value i, v.CastTo(LogicalType::Int64()));
  if (i.GetInt64() < 0) {
    return Status::Error(ErrorCode::kInvalidParameter,
                         std::string(clause) + " must not be negative", expr.pos);
  }
  return std::optional<int64_t>(i.GetInt64());
}

Result<std::vector<BatchPtr>> Binder::RunSubquery(const QueryNode& query, const BindScope* outer,
                                                  SchemaPtr* schema, bool* correlated) {
  if (!subquery_runner_) {
    return Status::NotSupported("subqueries are not supported in this context", query.pos);
  }
  // The subquery sees the WITH queries of the enclosing query, but not its
  // columns.
  Result<BoundQuery> bound = BindQuery(query);
  if (!bound.ok()) {
    const Status& st = bound.status();
    if (outer != nullptr && st.code() == ErrorCode::kUndefinedTable) {
      size_t open = st.message().find("table \"");
      if (open != std::string::npos) {
        std::string name = st.message().substr(open + 7);
        name = name.substr(0, name.find('"'));
        if (outer->HasQualifier(name)) {
          if (correlated != nullptr) *correlated = true;
          return Status::NotSupported("correlated subqueries (referring to table \"" + name +
                                          "\" of the outer query) are not supported yet",
                                      st.position());
        }
      }
    }
    if (outer != nullptr && st.code() == ErrorCode::kUndefinedColumn) {
      size_t open = st.message().find('"');
      size_t close = st.message().find('"', open + 1);
      if (open != std::string::npos && close != std::string::npos) {
        std::string name = st.message().substr(open + 1, close - open - 1);
        std::string column =
            name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
        std::string qualifier =
            name.size() > column.size() ? name.substr(0, name.size() - column.size() - 1) : "";
        if (outer->Resolve(qualifier, column, {}).ok()) {
          if (correlated != nullptr) *correlated = true;
          return Status::NotSupported("correlated subqueries (referring to \"" + name +
                                          "\" of the outer query) are not supported yet",
                                      st.position());
        }
      }
    }
    return st;
  }
  *schema = bound->plan->schema;
  return subquery_runner_(std::move(bound->plan));
}

Result<BoundExprPtr> Binder::BindConstantExpr(const Expr& expr) {
  ExpressionBinder binder(this, nullptr, "this context");
  return binder.Bind(expr);
}

Result<BoundExprPtr> Binder::BindExprInScope(const Expr& expr, const BindScope& scope) {
  ExpressionBinder binder(this, &scope, "WHERE");
  return binder.BindPredicate(expr);
}

}  // namespace copra
