#include "planner/set_function.h"

#include "planner/expression_binder.h"

namespace copra {

std::optional<SetFunctionKind> FindSetFunction(const std::string& schema, const std::string& name) {
  const bool catalog = schema.empty() || schema == "pg_catalog";
  if (catalog && name == "generate_series") return SetFunctionKind::kGenerateSeries;
  if (catalog && name == "unnest") return SetFunctionKind::kUnnest;
  if ((schema.empty() || schema == "information_schema") && name == "_pg_expandarray") {
    return SetFunctionKind::kExpandArray;
  }
  return std::nullopt;
}

Result<BoundExprPtr> SetFunctionBinder::Add(SetFunctionKind kind, std::vector<BoundExprPtr> args,
                                            const std::string& name, SourcePosition pos) {
  SetFunctionCall call;
  call.kind = kind;
  call.name = name;
  auto signature = [&] {
    std::string s;
    for (const BoundExprPtr& a : args) s += (s.empty() ? "" : ", ") + a->type.ToString();
    return s;
  };
  switch (kind) {
    case SetFunctionKind::kGenerateSeries:
      if (args.size() < 2 || args.size() > 3) {
        return Status::Error(ErrorCode::kUndefinedFunction,
                             "function generate_series(" + signature() +
                                 ") does not exist; expected generate_series(start, stop[, step])",
                             pos);
      }
      for (BoundExprPtr& a : args) {
        if (!a->type.IsInteger() && !a->type.IsNull()) {
          return Status::TypeMismatch("function generate_series(" + signature() +
                                          ") does not exist: its arguments must be integers",
                                      a->pos.IsKnown() ? a->pos : pos);
        }
        if (a->type != LogicalType::Int64()) a = BoundExpr::Cast(a, LogicalType::Int64());
      }
      call.type = LogicalType::Int64();
      break;
    case SetFunctionKind::kUnnest:
    case SetFunctionKind::kExpandArray: {
      const char* fname = kind == SetFunctionKind::kUnnest ? "unnest" : "_pg_expandarray";
      if (args.size() != 1) {
        return Status::Error(ErrorCode::kUndefinedFunction,
                             std::string("function ") + fname + "(" + signature() +
                                 ") does not exist; it takes one array",
                             pos);
      }
      if (!args[0]->type.IsVarWidth() && !args[0]->type.IsNull()) {
        return Status::TypeMismatch(
            std::string("function ") + fname + "(" + signature() + ") does not exist",
            args[0]->pos.IsKnown() ? args[0]->pos : pos);
      }
      if (args[0]->type != LogicalType::String()) {
        args[0] = BoundExpr::Cast(args[0], LogicalType::String());
      }
      call.type = LogicalType::String();
      if (kind == SetFunctionKind::kExpandArray) {
        call.fields = {{"x", LogicalType::Int64()}, {"n", LogicalType::Int32()}};
      }
      break;
    }
  }
  call.args = std::move(args);
  const int index = static_cast<int>(calls_.size());
  LogicalType type = call.type;
  calls_.push_back(std::move(call));
  return BoundExpr::ColumnRef(kSetFunctionRefBase + index, type, name);
}

const std::vector<CompositeField>* SetFunctionBinder::FieldsOf(const BoundExpr& expr) const {
  if (expr.kind != BoundExprKind::kColumnRef || expr.column_index < kSetFunctionRefBase ||
      expr.column_index - kSetFunctionRefBase >= static_cast<int>(calls_.size())) {
    return nullptr;
  }
  const SetFunctionCall& call =
      calls_[static_cast<size_t>(expr.column_index - kSetFunctionRefBase)];
  return call.fields.empty() ? nullptr : &call.fields;
}

BoundExprPtr ResolveSetFunctionRefs(const BoundExprPtr& expr, int input_width) {
  // Placeholders are below window functions' kWindowRefBase (1 << 28).
  if (expr->kind == BoundExprKind::kColumnRef && expr->column_index >= kSetFunctionRefBase &&
      expr->column_index < 2 * kSetFunctionRefBase) {
    auto e = std::make_shared<BoundExpr>(*expr);
    e->column_index = input_width + (expr->column_index - kSetFunctionRefBase);
    return e;
  }
  bool changed = false;
  std::vector<BoundExprPtr> children;
  children.reserve(expr->children.size());
  for (const BoundExprPtr& c : expr->children) {
    children.push_back(ResolveSetFunctionRefs(c, input_width));
    changed = changed || children.back() != c;
  }
  if (!changed) return expr;
  auto e = std::make_shared<BoundExpr>(*expr);
  e->children = std::move(children);
  return e;
}

Result<BoundExprPtr> SelectCompositeField(const BoundExprPtr& value,
                                          const std::vector<CompositeField>& fields,
                                          const std::string& field, SourcePosition pos) {
  for (size_t k = 0; k < fields.size(); ++k) {
    if (fields[k].name != field) continue;
    COPRA_ASSIGN_OR_RETURN(
        BoundExprPtr text,
        MakeFunctionCall("pg_record_field",
                         {value, BoundExpr::Constant(Value::Int64(static_cast<int64_t>(k)))}, pos,
                         "(" + value->ToString() + ")." + field));
    if (fields[k].type == LogicalType::String()) return text;
    return BoundExpr::Cast(text, fields[k].type);
  }
  return Status::Error(ErrorCode::kUndefinedColumn,
                       "could not identify column \"" + field + "\" in record data type", pos);
}

}  // namespace copra
