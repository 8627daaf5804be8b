// Binder: turns a parsed query (sql/ast.h) into a typed LogicalPlan,
// resolving tables through the Catalog, columns through BindScopes and
// functions through the FunctionRegistry, inserting implicit casts, and
// checking GROUP BY rules. Errors are positioned at the offending AST node.
//
// One Binder per statement; not thread-safe. Split by concern:
//   binder.cpp             queries: SELECT, set operations, VALUES, ORDER BY
//   bind_from.cpp          FROM: tables, subqueries, joins
//   bind_expression.cpp    expressions
//   bind_aggregate.cpp     GROUP BY, aggregates, HAVING
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "function/user_functions.h"
#include "planner/bind_scope.h"
#include "planner/logical_plan.h"
#include "sql/ast.h"

namespace copra {

// A query bound to a plan, and the scope its output columns form.
struct BoundQuery {
  LogicalPlanPtr plan;
  BindScope scope;
};

// The input of the clause being bound (the FROM clause's plan and scope),
// which binding a correlated subquery extends with a LEFT JOIN: joined
// columns are appended (hidden), so bound column indexes stay valid.
struct SubqueryInput {
  LogicalPlanPtr* plan;
  BindScope* scope;
  // The SELECT whose FROM (and, when `filtered`, WHERE) made `plan`: a
  // correlated subquery evaluated per row re-binds it (bind_per_row.cpp).
  const SelectNode* select = nullptr;
  bool filtered = false;
};

// What a subquery expression computes from its rows.
enum class SubqueryForm : uint8_t { kScalar, kExists, kIn, kArray };

// Optimizes and runs a bound plan to completion (uncorrelated subqueries
// are evaluated once, while binding, and replaced by their values).
using SubqueryRunner = std::function<Result<std::vector<BatchPtr>>(LogicalPlanPtr)>;

class Binder {
 public:
  Binder(Catalog* catalog, std::string current_database);

  void set_subquery_runner(SubqueryRunner runner) { subquery_runner_ = std::move(runner); }
  // Values for $1..$n (borrowed; must outlive the binder). Each $i binds as
  // a constant of its value, so a STRING parameter behaves like a string
  // literal. Without parameters, $n stays a kParameter placeholder.
  void set_parameters(const std::vector<Value>* parameters) { parameters_ = parameters; }
  const std::vector<Value>* parameters() const { return parameters_; }
  // User-defined functions of the current database (optional; borrowed).
  void set_user_functions(const UserFunctions* functions) { user_functions_ = functions; }
  const UserFunctions* user_functions() const { return user_functions_; }
  const std::string& current_database() const { return current_database_; }
  // Whether `name` is an aggregate: built-in, or a user aggregate.
  bool IsAggregateFunction(const std::string& name) const;
  // Where to record the types $n placeholders are compared or combined
  // with (parameter type inference); only used while binding without
  // parameter values.
  void set_parameter_type_sink(std::vector<LogicalType>* sink) { parameter_types_ = sink; }
  // Records that $(index+1) meets a value of `type` (the first one wins).
  void InferParameterType(int index, const LogicalType& type) {
    if (parameter_types_ == nullptr || index < 0 || type.IsNull()) return;
    auto i = static_cast<size_t>(index);
    if (parameter_types_->size() <= i) parameter_types_->resize(i + 1, LogicalType::Null());
    if ((*parameter_types_)[i].IsNull()) (*parameter_types_)[i] = type;
  }
  // The user current_user/session_user return ("copra" by default).
  void set_session_user(std::string user) { session_user_ = std::move(user); }
  const std::string& session_user() const { return session_user_; }
  // The session's PostgreSQL backend process id (pg_backend_pid(); 0 when
  // not a wire-protocol session), and whether it may cancel any session's
  // statement with pg_cancel_backend (no privilege checks) or only its
  // user's.
  void set_backend(int32_t pid, bool cancels_any) {
    backend_pid_ = pid;
    cancels_any_backend_ = cancels_any;
  }
  int32_t backend_pid() const { return backend_pid_; }
  bool cancels_any_backend() const { return cancels_any_backend_; }
  // Asked with the database of every user table a query reads (system
  // tables are not asked); an error fails the binding. Unset: no checks.
  using TableAccessCheck = std::function<Status(const std::string& database, SourcePosition pos)>;
  void set_table_access_check(TableAccessCheck check) { table_access_check_ = std::move(check); }

  // Binds and runs an uncorrelated subquery, returning its rows. `outer` is
  // the enclosing scope: when the subquery fails to bind because it refers
  // to it, the error says so and `*correlated` (if given) is set.
  Result<std::vector<BatchPtr>> RunSubquery(const QueryNode& query, const BindScope* outer,
                                            SchemaPtr* schema, bool* correlated = nullptr);
  // Binds a correlated subquery expression (EXISTS, IN, scalar) by joining
  // `input` with a derived table (bind_correlated.cpp); the result is an
  // expression over the extended input scope.
  Result<BoundExprPtr> BindCorrelatedSubquery(const Expr& expr, SubqueryInput* input,
                                              const char* clause);

  Result<BoundQuery> BindQuery(const QueryNode& query);
  // Binds an expression that must not reference columns (LIMIT, VALUES,
  // DEFAULT, INSERT values).
  Result<BoundExprPtr> BindConstantExpr(const Expr& expr);
  // Binds `expr` over the columns of `scope` (DELETE ... WHERE).
  Result<BoundExprPtr> BindExprInScope(const Expr& expr, const BindScope& scope);

  // Resolves a table name, honouring `db.table`.
  Result<TablePtr> ResolveTable(const ObjectName& name) const;

 private:
  friend class ExpressionBinder;
  friend class AggregateBinder;

  Result<BoundQuery> BindSelect(const SelectNode& select);
  Result<BoundQuery> BindSetOperation(const SetOperationNode& node);
  Result<BoundQuery> BindValues(const ValuesNode& node);
  Result<BoundQuery> BindQueryBody(const QueryNode& query);
  Status BindCtes(const QueryNode& query);

  Result<BoundQuery> BindFrom(const std::vector<TableRefPtr>& from);
  Result<BoundQuery> BindTableRef(const TableRef& ref);
  Result<BoundQuery> BindJoin(const JoinRef& join);
  Result<BoundQuery> BindTableFunction(const TableFunctionRef& ref);
  // unnest(array) and a scalar function called in FROM (one row), over
  // constant arguments (bind_scalar_table_function.cpp); nullopt when
  // `ref` names neither.
  Result<std::optional<BoundQuery>> BindScalarTableFunction(
      const TableFunctionRef& ref, const std::vector<Value>& args,
      const std::vector<std::string>& column_aliases);

  // Correlated subqueries (bind_correlated.cpp).
  struct Correlation;
  struct DerivedTable {
    LogicalPlanPtr plan;
    int value = -1;     // output column of the IN value or scalar value
    int mark = -1;      // output column that is TRUE on every row
    int has_null = -1;  // output column: the group has a NULL IN value
    LogicalType value_type = LogicalType::Null();
    Value empty_value;  // the scalar value over no rows
  };
  Result<BoundExprPtr> DecorrelateSubquery(const Expr& expr, const QueryNode& query,
                                           SubqueryInput* input, const char* clause);
  Result<DerivedTable> BuildDerived(const Correlation& c, const Expr* value,
                                    const LogicalType* value_cast, bool null_stats);
  Result<int> JoinDerived(SubqueryInput* input, LogicalPlanPtr derived,
                          const std::vector<BoundExprPtr>& outer_keys,
                          const std::vector<std::pair<BoundExprPtr, int>>& extra_keys);

  // Correlated subqueries evaluated once per row of an outer query that
  // reads only system tables (bind_per_row.cpp): the enclosing query's
  // current row is pushed on `outer_rows_`, and column references that do
  // not resolve in the subquery bind as that row's values.
  struct OuterRow {
    const BindScope* scope;            // the outer query's scope
    const std::vector<Value>* values;  // the row (the first values->size() columns)
    std::vector<bool>* used;           // which columns the subquery read
  };
  static bool ReadsOnlySystemTables(const LogicalPlan& plan);
  // Runs `input`'s SELECT's FROM (and WHERE) again; with `project`, the
  // values of those expressions (over `input`'s scope) instead of the rows.
  // `*width`: how many columns of `input`'s scope the FROM makes.
  Result<std::vector<BatchPtr>> RunOuterInput(const SubqueryInput& input,
                                              const std::vector<BoundExprPtr>& project,
                                              size_t* width);
  Result<BoundExprPtr> BindSubqueryPerRow(const Expr& expr, SubqueryForm form, SubqueryInput* input,
                                          const char* clause);
  // Runs `query` (uncorrelated, or with the outer row bound) and gives its
  // result as an expression: a constant, or for kIn `in_operand` compared
  // with the values found.
  Result<BoundExprPtr> EvaluateSubquery(const QueryNode& query, SubqueryForm form,
                                        const BoundExprPtr& in_operand, SourcePosition pos);
  // The value of `qualifier.name` in the innermost outer row that has it.
  std::optional<Value> OuterRowValue(const std::string& qualifier, const std::string& name);

  // ORDER BY / LIMIT / OFFSET written on `query`, applied to `bound`.
  Result<BoundQuery> BindLimit(const QueryNode& query, BoundQuery bound);
  // The value of a constant LIMIT/OFFSET; nullopt for NULL (no limit).
  Result<std::optional<int64_t>> BindNonNegativeInteger(const Expr& expr, const char* clause);

  Catalog* catalog_;
  std::string current_database_;
  SubqueryRunner subquery_runner_;
  int correlated_subqueries_ = 0;  // names the joined columns
  const std::vector<Value>* parameters_ = nullptr;
  const UserFunctions* user_functions_ = nullptr;
  std::string session_user_ = "copra";
  int32_t backend_pid_ = 0;
  bool cancels_any_backend_ = true;
  TableAccessCheck table_access_check_;
  std::vector<LogicalType>* parameter_types_ = nullptr;
  // WITH definitions visible to the query being bound (name → AST), inner
  // scopes shadow outer ones.
  std::vector<std::map<std::string, const CommonTableExpr*>> ctes_;
  std::vector<OuterRow> outer_rows_;
};

}  // namespace copra
