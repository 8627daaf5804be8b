// Functions in FROM that are not table functions, as PostgreSQL allows:
//
//   unnest(array)                   one row per element (arrays are text,
//                                   function/pg_array.h)
//   string_to_array(...) AS s       any scalar function: one row, one column
//
// Arguments are constants (as for every table function); the rows are
// computed while binding and scanned from a one-column system table.
#include "catalog/system_table.h"
#include "exec/expression_evaluator.h"
#include "function/function_registry.h"
#include "function/pg_array.h"
#include "planner/binder.h"
#include "planner/expression_binder.h"
#include "vector/column_builder.h"

namespace copra {

Result<std::optional<BoundQuery>> Binder::BindScalarTableFunction(
    const TableFunctionRef& ref, const std::vector<Value>& args,
    const std::vector<std::string>& column_aliases) {
  std::vector<Value> rows;
  LogicalType type = LogicalType::String();
  if (ref.name == "unnest" && args.size() == 1) {
    if (!args[0].is_null()) {
      if (!args[0].type().IsVarWidth()) {
        return Status::TypeMismatch(
            "function unnest(" + args[0].type().ToString() + ") does not exist", ref.pos);
      }
      Result<std::vector<PgArrayElement>> elements = ParsePgArray(args[0].ToString());
      if (!elements.ok()) return elements.status().WithPosition(ref.pos);
      for (const PgArrayElement& e : *elements) {
        rows.push_back(e.has_value() ? Value::String(*e) : Value::Null(LogicalType::String()));
      }
    }
  } else if (FunctionRegistry::Global().IsScalar(ref.name)) {
    std::vector<BoundExprPtr> bound;
    for (const Value& v : args) bound.push_back(BoundExpr::Constant(v));
    COPRA_ASSIGN_OR_RETURN(BoundExprPtr call, MakeFunctionCall(ref.name, bound, ref.pos));
    ExpressionEvaluator evaluator;
    Result<Value> v = evaluator.EvaluateConstant(*call);
    if (!v.ok()) return v.status().WithPosition(ref.pos);
    type = call->type;
    rows.push_back(*v);
  } else {
    return std::optional<BoundQuery>();
  }
  if (column_aliases.size() > 1) {
    return Status::Error(ErrorCode::kInvalidParameter,
                         "function " + ref.name + "() returns 1 column but " +
                             std::to_string(column_aliases.size()) + " columns are named",
                         ref.pos);
  }
  const std::string qualifier = ref.alias.empty() ? ref.name : ref.alias;
  const std::string column = column_aliases.empty() ? ref.name : column_aliases[0];
  auto fill = [rows](const TableSchema& schema) -> Result<BatchPtr> {
    ColumnBuilder b(schema.column(0).type);
    for (const Value& v : rows) COPRA_RETURN_NOT_OK(b.AppendValue(v));
    return Batch::Make(schema.batch_schema(), {b.Finish()}, static_cast<int64_t>(rows.size()));
  };
  auto table = std::make_shared<SystemTable>(
      ref.name, std::vector<TableColumn>{SystemColumn(column, type)}, std::move(fill));
  BoundQuery out;
  out.plan = MakeScan(table, qualifier, {0});
  out.scope = BindScope({ScopeColumn{qualifier, column, type, false}});
  return std::optional<BoundQuery>(std::move(out));
}

}  // namespace copra
