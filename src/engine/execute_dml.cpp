// StatementExecutor: INSERT, DELETE, TRUNCATE.
#include <set>

#include "catalog/catalog.h"
#include "common/copra_metrics.h"
#include "common/suggest.h"
#include "engine/session.h"
#include "engine/statement_executor.h"
#include "exec/physical_operator.h"
#include "function/cast_kernel.h"
#include "optimizer/optimizer.h"
#include "planner/binder.h"
#include "planner/physical_planner.h"
#include "sql/parser.h"
#include "types/cast.h"

namespace copra {

namespace {

BindScope TableScope(const Table& table) {
  std::vector<ScopeColumn> cols;
  for (const TableColumn& c : table.schema().columns()) {
    cols.push_back(ScopeColumn{table.name(), c.name, c.type});
  }
  return BindScope(std::move(cols));
}

}  // namespace

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteInsert(const InsertStatement& stmt) {
  Binder binder(catalog_, session_->current_database());
  binder.set_user_functions(user_functions_.get());
  COPRA_ASSIGN_OR_RETURN(TablePtr table, binder.ResolveTable(stmt.table));
  const TableSchema& schema = table->schema();
  if (table->IsSystem()) {
    return Status::Error(ErrorCode::kInsufficientPrivilege,
                         "cannot insert into system table \"" + table->name() + "\"",
                         stmt.table.pos);
  }

  // Target columns: the list given, or all in table order.
  std::vector<int> targets;
  if (stmt.columns.empty()) {
    for (size_t i = 0; i < schema.num_columns(); ++i) targets.push_back(static_cast<int>(i));
  } else {
    std::set<int> seen;
    std::vector<std::string> names;
    for (const TableColumn& c : schema.columns()) names.push_back(c.name);
    for (const std::string& name : stmt.columns) {
      int index = schema.FindColumn(name);
      if (index < 0) {
        return Status::Error(ErrorCode::kUndefinedColumn,
                             "column \"" + name + "\" of table \"" + table->name() +
                                 "\" does not exist" + DidYouMean(name, names),
                             stmt.pos);
      }
      if (!seen.insert(index).second) {
        return Status::Error(ErrorCode::kDuplicateColumn,
                             "column \"" + name + "\" specified more than once", stmt.pos);
      }
      targets.push_back(index);
    }
  }

  COPRA_ASSIGN_OR_RETURN(LogicalPlanPtr plan, PlanQuery(*stmt.source, nullptr, nullptr));
  const size_t width = plan->schema->num_fields();
  if (width != targets.size()) {
    return Status::SyntaxError(std::string("INSERT has ") +
                                   (width > targets.size() ? "more" : "fewer") +
                                   " expressions than target columns (" + std::to_string(width) +
                                   " vs " + std::to_string(targets.size()) + ")",
                               stmt.source->pos);
  }
  for (size_t i = 0; i < width; ++i) {
    const LogicalType& from = plan->schema->field(i).type;
    const TableColumn& to = schema.column(static_cast<size_t>(targets[i]));
    if (!from.IsNull() && from != to.type && !CanCastExplicitly(from, to.type)) {
      return Status::TypeMismatch("column \"" + to.name + "\" is of type " + to.type.ToString() +
                                      " but expression is of type " + from.ToString(),
                                  stmt.source->pos);
    }
  }
  // Defaults of the columns not given.
  std::vector<std::optional<Value>> defaults(schema.num_columns());
  for (size_t c = 0; c < schema.num_columns(); ++c) {
    const TableColumn& col = schema.column(c);
    if (std::find(targets.begin(), targets.end(), static_cast<int>(c)) != targets.end()) continue;
    if (!col.default_sql) continue;
    COPRA_ASSIGN_OR_RETURN(ExprPtr expr, ParseExpression(*col.default_sql));
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr bound, binder.BindConstantExpr(*expr));
    ExpressionEvaluator evaluator(MakeExecContext()->eval);
    COPRA_ASSIGN_OR_RETURN(Value v, evaluator.EvaluateConstant(*bound));
    if (!v.is_null()) {
      COPRA_ASSIGN_OR_RETURN(v, v.CastTo(col.type));
    }
    defaults[c] = v;
  }

  COPRA_ASSIGN_OR_RETURN(PhysicalOperatorPtr root, CreatePhysicalPlan(*plan));
  std::shared_ptr<ExecContext> ctx = MakeExecContext();
  COPRA_RETURN_NOT_OK(root->Open(ctx.get()));
  int64_t inserted = 0;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, root->Next());
    if (batch == nullptr) break;
    const int64_t n = batch->num_rows();
    std::vector<ColumnPtr> columns(schema.num_columns());
    for (size_t i = 0; i < targets.size(); ++i) {
      const TableColumn& col = schema.column(static_cast<size_t>(targets[i]));
      Result<Datum> cast = CastDatum(Datum::Flat(batch->column(i)), col.type, n);
      if (!cast.ok()) {
        return cast.status().WithPrefix("column \"" + col.name + "\": ");
      }
      columns[static_cast<size_t>(targets[i])] = cast->column;
    }
    for (size_t c = 0; c < schema.num_columns(); ++c) {
      if (columns[c] != nullptr) continue;
      columns[c] = defaults[c] ? Column::MakeConstant(*defaults[c], n)
                               : Column::MakeNull(schema.column(c).type, n);
    }
    for (size_t c = 0; c < schema.num_columns(); ++c) {
      const TableColumn& col = schema.column(c);
      if (!col.nullable && columns[c]->null_count() > 0) {
        return Status::Error(ErrorCode::kNotNullViolation,
                             "null value in column \"" + col.name + "\" of table \"" +
                                 table->name() + "\" violates not-null constraint",
                             stmt.pos);
      }
    }
    COPRA_ASSIGN_OR_RETURN(
        int64_t written, table->Insert(Batch::Make(schema.batch_schema(), std::move(columns), n)));
    CopraMetrics::Get().rows(WriteSource::kInsert)->Increment(static_cast<uint64_t>(written));
    inserted += written;
  }
  return QueryResult::Command("INSERT 0 " + std::to_string(inserted), inserted);
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteDelete(const DeleteStatement& stmt) {
  std::unique_ptr<Binder> binder = MakeBinder();
  COPRA_ASSIGN_OR_RETURN(TablePtr table, binder->ResolveTable(stmt.table));
  BoundExprPtr predicate;
  if (stmt.where != nullptr) {
    COPRA_ASSIGN_OR_RETURN(predicate, binder->BindExprInScope(*stmt.where, TableScope(*table)));
  }
  EvalContext eval = MakeExecContext()->eval;
  Table::RowPredicate fn = [predicate, eval](const BatchPtr& batch) -> Result<ColumnPtr> {
    if (predicate == nullptr) {
      return Column::MakeConstant(Value::Boolean(true), batch->num_rows());
    }
    ExpressionEvaluator evaluator(eval);
    return evaluator.EvaluateToColumn(*predicate, *batch);
  };
  COPRA_ASSIGN_OR_RETURN(int64_t deleted, table->Delete(fn));
  return QueryResult::Command("DELETE " + std::to_string(deleted), deleted);
}

Result<std::unique_ptr<QueryResult>> StatementExecutor::ExecuteTruncate(
    const TruncateStatement& stmt) {
  Binder binder(catalog_, session_->current_database());
  binder.set_user_functions(user_functions_.get());
  COPRA_ASSIGN_OR_RETURN(TablePtr table, binder.ResolveTable(stmt.table));
  Table::RowPredicate all = [](const BatchPtr& batch) -> Result<ColumnPtr> {
    return Column::MakeConstant(Value::Boolean(true), batch->num_rows());
  };
  COPRA_ASSIGN_OR_RETURN(int64_t deleted, table->Delete(all));
  return QueryResult::Command("TRUNCATE TABLE", deleted);
}

}  // namespace copra
