// Subqueries evaluated while binding: uncorrelated ARRAY(subquery), and
// correlated subqueries of queries that read only system tables, evaluated
// once per outer row.
//
// Catalog queries (psql's \d, drivers' metadata calls) correlate
// subqueries in ways the decorrelation of bind_correlated.cpp does not
// cover: scalar subqueries without an aggregate, conditions that mix inner
// and outer columns, outer columns as table-function arguments
// (unnest(c.reloptions)), ARRAY(subquery). Their outer queries read the
// catalog, which is small, so the binder runs the outer FROM/WHERE once,
// binds and runs the subquery for each of its rows with the outer columns
// bound as that row's values, and turns the answers into
//
//   CASE WHEN o.k1 IS NOT DISTINCT FROM v1 AND ... THEN r1 ... END
//
// over the outer columns the subquery read (k1..kn). An outer query with
// more than kMaxOuterRows distinct keys is refused.
#include <fmt/format.h>

#include <map>

#include "catalog/system_table.h"
#include "function/pg_array.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"

namespace copra {

namespace {

constexpr size_t kMaxOuterRows = 10000;

BoundExprPtr MakeCaseExpr(std::vector<BoundExprPtr> whens_thens, BoundExprPtr otherwise,
                          LogicalType type) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = BoundExprKind::kCase;
  e->type = type;
  e->children = std::move(whens_thens);
  e->has_else = true;
  e->children.push_back(std::move(otherwise));
  return e;
}

// The value a subquery has over no rows.
BoundExprPtr EmptyResult(SubqueryForm form, const LogicalType& type) {
  switch (form) {
    case SubqueryForm::kExists:
    case SubqueryForm::kIn: return BoundExpr::Constant(Value::Boolean(false));
    case SubqueryForm::kArray: return BoundExpr::Constant(Value::String("{}"));
    case SubqueryForm::kScalar: break;
  }
  return BoundExpr::Constant(Value::Null(type));
}

}  // namespace

bool Binder::ReadsOnlySystemTables(const LogicalPlan& plan) {
  // Catalog tables (information_schema, pg_catalog) and the one-off tables
  // of functions in FROM are SystemTables; numbers() and user tables are not.
  if (plan.kind == LogicalPlanKind::kScan &&
      dynamic_cast<const SystemTable*>(plan.table.get()) == nullptr) {
    return false;
  }
  for (const LogicalPlanPtr& child : plan.children) {
    if (child != nullptr && !ReadsOnlySystemTables(*child)) return false;
  }
  return true;
}

std::optional<Value> Binder::OuterRowValue(const std::string& qualifier, const std::string& name) {
  for (auto it = outer_rows_.rbegin(); it != outer_rows_.rend(); ++it) {
    Result<int> index = it->scope->Resolve(qualifier, name, {});
    if (!index.ok()) continue;
    auto i = static_cast<size_t>(*index);
    if (i >= it->values->size()) continue;
    (*it->used)[i] = true;
    return (*it->values)[i];
  }
  return std::nullopt;
}

Result<std::vector<BatchPtr>> Binder::RunOuterInput(const SubqueryInput& input,
                                                    const std::vector<BoundExprPtr>& project,
                                                    size_t* width) {
  // The enclosing SELECT's FROM (and WHERE) bound afresh: its first
  // columns are those of `input`'s scope.
  const SelectNode& select = *input.select;
  COPRA_ASSIGN_OR_RETURN(BoundQuery from, BindFrom(select.from));
  *width = from.scope.columns().size();
  LogicalPlanPtr outer = std::move(from.plan);
  if (input.filtered && select.where != nullptr) {
    SubqueryInput where_input{&outer, &from.scope, &select, false};
    ExpressionBinder where(this, &from.scope, "WHERE");
    where.set_subquery_input(&where_input);
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr predicate, where.BindPredicate(*select.where));
    outer = MakeFilter(std::move(outer), std::move(predicate));
  }
  if (!project.empty()) {
    const size_t input_width = outer->schema->num_fields();
    std::vector<int> refs;
    std::vector<std::string> names;
    for (const BoundExprPtr& e : project) {
      e->CollectColumns(&refs);
      names.push_back(fmt::format("#{}", names.size()));
    }
    for (int r : refs) {
      if (static_cast<size_t>(r) >= input_width) {
        return Status::NotSupported("expression refers to a column computed by a subquery",
                                    project[0]->pos);
      }
    }
    outer = MakeProjection(std::move(outer), project, std::move(names));
  }
  return subquery_runner_(std::move(outer));
}

Result<BoundExprPtr> Binder::EvaluateSubquery(const QueryNode& query, SubqueryForm form,
                                              const BoundExprPtr& in_operand, SourcePosition pos) {
  SchemaPtr schema;
  COPRA_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, RunSubquery(query, nullptr, &schema));
  int64_t rows = 0;
  for (const BatchPtr& b : batches) rows += b->num_rows();
  if (form == SubqueryForm::kExists) return BoundExpr::Constant(Value::Boolean(rows > 0));
  if (schema->num_fields() != 1) {
    return Status::SyntaxError("subquery must return only one column", query.pos);
  }
  const LogicalType type = schema->field(0).type;
  std::vector<Value> values;
  for (const BatchPtr& b : batches) {
    for (int64_t r = 0; r < b->num_rows(); ++r) values.push_back(b->column(0)->GetValue(r));
  }
  switch (form) {
    case SubqueryForm::kScalar:
      if (values.size() > 1) {
        return Status::Error(ErrorCode::kCardinalityViolation,
                             "more than one row returned by a subquery used as an expression", pos);
      }
      return BoundExpr::Constant(values.empty() ? Value::Null(type) : values[0]);
    case SubqueryForm::kArray: {
      std::vector<PgArrayElement> elements;
      for (const Value& v : values) {
        if (v.is_null()) {
          elements.emplace_back(std::nullopt);
        } else {
          elements.emplace_back(v.ToString());
        }
      }
      return BoundExpr::Constant(Value::String(FormatPgArray(elements)));
    }
    case SubqueryForm::kIn: {
      std::vector<BoundExprPtr> equalities;
      for (const Value& v : values) {
        COPRA_ASSIGN_OR_RETURN(BoundExprPtr eq,
                               MakeFunctionCall("=", {in_operand, BoundExpr::Constant(v)}, pos));
        equalities.push_back(std::move(eq));
      }
      if (equalities.empty()) return BoundExpr::Constant(Value::Boolean(false));
      return equalities.size() == 1 ? equalities[0] : BoundExpr::Or(std::move(equalities));
    }
    case SubqueryForm::kExists: break;
  }
  return Status::Internal("unknown subquery form");
}

Result<BoundExprPtr> Binder::BindSubqueryPerRow(const Expr& expr, SubqueryForm form,
                                                SubqueryInput* input, const char* clause) {
  const QueryNode* query = nullptr;
  if (expr.kind == ExprKind::kSubquery) query = expr.As<SubqueryExpr>().subquery.get();
  if (expr.kind == ExprKind::kExists) query = expr.As<ExistsExpr>().subquery.get();
  if (expr.kind == ExprKind::kInSubquery) query = expr.As<InSubqueryExpr>().subquery.get();
  COPRA_CHECK(query != nullptr && input->select != nullptr);
  BoundExprPtr in_operand;
  if (form == SubqueryForm::kIn) {
    ExpressionBinder operand_binder(this, input->scope, clause);
    COPRA_ASSIGN_OR_RETURN(in_operand, operand_binder.Bind(*expr.As<InSubqueryExpr>().operand));
  }

  size_t width = 0;
  COPRA_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, RunOuterInput(*input, {}, &width));

  // The subquery once per distinct outer row.
  std::vector<bool> used(width, false);
  std::vector<std::vector<Value>> rows;
  std::vector<BoundExprPtr> results;
  std::map<std::string, size_t> seen;
  for (const BatchPtr& b : batches) {
    for (int64_t r = 0; r < b->num_rows(); ++r) {
      std::vector<Value> row;
      std::string key;
      for (size_t c = 0; c < width; ++c) {
        row.push_back(b->column(c)->GetValue(r));
        key += row.back().is_null() ? std::string("\x01") : row.back().ToString();
        key += '\x02';
      }
      if (!seen.emplace(key, rows.size()).second) continue;
      if (rows.size() >= kMaxOuterRows) {
        return Status::NotSupported(
            fmt::format("correlated subquery over more than {} rows of system tables",
                        kMaxOuterRows),
            expr.pos);
      }
      outer_rows_.push_back({input->scope, &row, &used});
      Result<BoundExprPtr> result = EvaluateSubquery(*query, form, in_operand, expr.pos);
      outer_rows_.pop_back();
      COPRA_RETURN_NOT_OK(result.status());
      rows.push_back(std::move(row));
      results.push_back(*result);
    }
  }
  if (results.empty()) return EmptyResult(form, LogicalType::Null());
  std::vector<BoundExprPtr> types_check = results;
  COPRA_RETURN_NOT_OK(CoerceToCommonType(&types_check, "subquery", expr.pos));
  const LogicalType type = types_check[0]->type;

  // CASE over the outer columns the subquery read, one branch per distinct
  // combination of their values.
  const auto& cols = input->scope->columns();
  std::vector<BoundExprPtr> branches;
  std::map<std::string, bool> keys_done;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string key;
    std::vector<BoundExprPtr> conditions;
    for (size_t c = 0; c < width; ++c) {
      if (!used[c]) continue;
      const Value& v = rows[i][c];
      key += v.is_null() ? std::string("\x01") : v.ToString();
      key += '\x02';
      BoundExprPtr ref = BoundExpr::ColumnRef(static_cast<int>(c), cols[c].type, cols[c].name);
      COPRA_ASSIGN_OR_RETURN(
          BoundExprPtr same,
          MakeFunctionCall("is_not_distinct_from", {ref, BoundExpr::Constant(v)}, expr.pos));
      conditions.push_back(std::move(same));
    }
    if (conditions.empty()) return types_check[i];
    if (!keys_done.emplace(key, true).second) continue;
    branches.push_back(conditions.size() == 1 ? conditions[0]
                                              : BoundExpr::And(std::move(conditions)));
    branches.push_back(types_check[i]);
  }
  BoundExprPtr otherwise = EmptyResult(form, type);
  if (otherwise->type != type) otherwise = BoundExpr::Cast(otherwise, type);
  return MakeCaseExpr(std::move(branches), std::move(otherwise), type);
}

}  // namespace copra
