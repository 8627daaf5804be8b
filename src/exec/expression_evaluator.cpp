#include "exec/expression_evaluator.h"

#include <initializer_list>
#include <vector>

#include "exec/in_list.h"
#include "function/cast_kernel.h"
#include "function/scalar_function.h"
#include "vector/column_builder.h"
#include "vector/selection.h"

namespace copra {

namespace {

// The rows `rows` of `batch` as their own batch (the whole batch when all).
// Rows `rows` of `batch` for evaluating `readers`: only the columns they
// reference are gathered; the others keep their position as zero-copy
// slices of the right length that nothing reads (a wide batch, e.g. a
// scan's 21 columns under `x > 90 AND ts >= ...`, is not copied per
// operand).
BatchPtr SubBatch(const Batch& batch, const std::vector<int32_t>& rows,
                  std::initializer_list<const BoundExpr*> readers) {
  const auto k = static_cast<int64_t>(rows.size());
  std::vector<int> used;
  for (const BoundExpr* e : readers) e->CollectColumns(&used);
  std::vector<bool> read(batch.num_columns(), false);
  for (int c : used) {
    if (c >= 0 && static_cast<size_t>(c) < read.size()) read[static_cast<size_t>(c)] = true;
  }
  std::vector<ColumnPtr> columns;
  columns.reserve(batch.num_columns());
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    const Column& col = *batch.column(c);
    columns.push_back(read[c] ? TakeColumn(col, rows.data(), k) : col.Slice(0, k));
  }
  return Batch::Make(batch.schema(), std::move(columns), k);
}

// Builds a column of `n` rows of `type` where rows listed in parts[k].rows
// take consecutive values of parts[k].column; unlisted rows are NULL.
struct Part {
  Datum values;
  std::vector<int32_t> rows;
};

ColumnPtr Assemble(const LogicalType& type, int64_t n, const std::vector<Part>& parts) {
  std::vector<int32_t> which(static_cast<size_t>(n), -1);
  std::vector<int32_t> pos(static_cast<size_t>(n), 0);
  for (size_t p = 0; p < parts.size(); ++p) {
    for (size_t k = 0; k < parts[p].rows.size(); ++k) {
      which[parts[p].rows[k]] = static_cast<int32_t>(p);
      pos[parts[p].rows[k]] = static_cast<int32_t>(k);
    }
  }
  ColumnBuilder builder(type, n);
  for (int64_t i = 0; i < n; ++i) {
    int32_t p = which[i];
    if (p < 0) {
      builder.AppendNull();
      continue;
    }
    const Datum& d = parts[p].values;
    builder.AppendFrom(*d.column, d.Index(pos[i]));
  }
  return builder.Finish();
}

ColumnPtr BooleanColumn(int64_t n, const std::vector<uint8_t>& value,
                        const std::vector<uint8_t>& is_null) {
  BufferPtr values = Buffer::Allocate(bit_util::BytesForBits(n));
  BufferPtr validity;
  int64_t nulls = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (value[i]) bit_util::SetBit(values->mutable_data(), i);
    if (is_null[i]) ++nulls;
  }
  if (nulls > 0) {
    validity = Buffer::Allocate(bit_util::BytesForBits(n));
    for (int64_t i = 0; i < n; ++i) {
      if (!is_null[i]) bit_util::SetBit(validity->mutable_data(), i);
    }
  }
  return std::make_shared<Column>(LogicalType::Boolean(), n, validity, values, nullptr, nulls);
}

}  // namespace

Result<Datum> ExpressionEvaluator::Evaluate(const BoundExpr& expr, const Batch& batch) const {
  switch (expr.kind) {
    case BoundExprKind::kColumnRef:
      COPRA_CHECK(expr.column_index >= 0 &&
                  static_cast<size_t>(expr.column_index) < batch.num_columns());
      return Datum::Flat(batch.column(static_cast<size_t>(expr.column_index)));
    case BoundExprKind::kConstant: return Datum::FromValue(expr.value);
    case BoundExprKind::kParameter:
      return Status::Error(
          ErrorCode::kInvalidParameter,
          "no value supplied for parameter $" + std::to_string(expr.column_index + 1), expr.pos);
    case BoundExprKind::kFunction: return EvaluateFunction(expr, batch);
    case BoundExprKind::kCast: {
      COPRA_ASSIGN_OR_RETURN(Datum in, Evaluate(*expr.children[0], batch));
      Result<Datum> out = CastDatum(in, expr.type, batch.num_rows());
      if (!out.ok()) return out.status().WithPosition(expr.pos);
      return out;
    }
    case BoundExprKind::kAnd:
    case BoundExprKind::kOr:
    case BoundExprKind::kNot: return EvaluateLogical(expr, batch);
    case BoundExprKind::kIsNull: {
      COPRA_ASSIGN_OR_RETURN(Datum in, Evaluate(*expr.children[0], batch));
      int64_t n = in.is_scalar ? 1 : batch.num_rows();
      std::vector<uint8_t> value(static_cast<size_t>(n)), nulls(static_cast<size_t>(n), 0);
      for (int64_t i = 0; i < n; ++i) value[i] = in.column->IsNull(i) != expr.negated;
      return Datum{BooleanColumn(n, value, nulls), in.is_scalar};
    }
    case BoundExprKind::kCase: return EvaluateCase(expr, batch);
    case BoundExprKind::kCoalesce: return EvaluateCoalesce(expr, batch);
  }
  return Status::Internal("unknown expression kind");
}

Result<ColumnPtr> ExpressionEvaluator::EvaluateToColumn(const BoundExpr& expr,
                                                        const Batch& batch) const {
  COPRA_ASSIGN_OR_RETURN(Datum d, Evaluate(expr, batch));
  return d.ToColumn(batch.num_rows());
}

Result<Value> ExpressionEvaluator::EvaluateConstant(const BoundExpr& expr) const {
  static const SchemaPtr kEmptySchema = std::make_shared<const Schema>();
  Batch one_row(kEmptySchema, {}, 1);
  COPRA_ASSIGN_OR_RETURN(Datum d, Evaluate(expr, one_row));
  return d.column->GetValue(0);
}

Result<Datum> ExpressionEvaluator::EvaluateFunction(const BoundExpr& expr,
                                                    const Batch& batch) const {
  std::vector<Datum> args;
  args.reserve(expr.children.size());
  bool all_scalar = true;
  for (const BoundExprPtr& child : expr.children) {
    COPRA_ASSIGN_OR_RETURN(Datum d, Evaluate(*child, batch));
    all_scalar &= d.is_scalar;
    args.push_back(std::move(d));
  }
  // A non-deterministic function (random()) yields one value per row even
  // when none of its arguments is a column.
  const bool per_row = !all_scalar || !expr.function->deterministic;
  KernelContext kctx{per_row ? batch.num_rows() : 1, expr.function, ctx_.statement_time_nanos};
  Result<Datum> out = expr.function->kernel(kctx, args);
  if (!out.ok()) return out.status().WithPosition(expr.pos);
  Datum result = std::move(out).value();
  if (result.is_scalar && per_row) result = Datum::Flat(result.ToColumn(batch.num_rows()));
  return result;
}

// Three-valued NOT/AND/OR. For AND, operands after the first are evaluated
// only on rows not already FALSE; for OR, only on rows not already TRUE.
Result<Datum> ExpressionEvaluator::EvaluateLogical(const BoundExpr& expr,
                                                   const Batch& batch) const {
  if (expr.kind == BoundExprKind::kNot) {
    COPRA_ASSIGN_OR_RETURN(Datum in, Evaluate(*expr.children[0], batch));
    int64_t n = in.is_scalar ? 1 : batch.num_rows();
    std::vector<uint8_t> value(static_cast<size_t>(n)), nulls(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      nulls[i] = in.column->IsNull(i);
      value[i] = !nulls[i] && !in.column->GetBool(i);
    }
    return Datum{BooleanColumn(n, value, nulls), in.is_scalar};
  }
  const bool is_and = expr.kind == BoundExprKind::kAnd;
  if (!is_and) {
    if (std::optional<Datum> in = EvaluateInList(expr, batch)) return std::move(*in);
  }
  const int64_t n = batch.num_rows();
  // decided[i]: row already FALSE (AND) / TRUE (OR).
  std::vector<uint8_t> decided(static_cast<size_t>(n), 0), nulls(static_cast<size_t>(n), 0);
  std::vector<int32_t> open_rows(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) open_rows[i] = static_cast<int32_t>(i);
  bool all_scalar = true;
  for (const BoundExprPtr& child : expr.children) {
    if (open_rows.empty()) break;
    bool whole = static_cast<int64_t>(open_rows.size()) == n;
    BatchPtr sub = whole ? nullptr : SubBatch(batch, open_rows, {child.get()});
    COPRA_ASSIGN_OR_RETURN(Datum d, Evaluate(*child, whole ? batch : *sub));
    all_scalar &= d.is_scalar;
    std::vector<int32_t> still_open;
    still_open.reserve(open_rows.size());
    for (size_t k = 0; k < open_rows.size(); ++k) {
      int32_t row = open_rows[k];
      int64_t idx = d.Index(static_cast<int64_t>(k));
      if (d.column->IsNull(idx)) {
        nulls[row] = 1;
        still_open.push_back(row);
      } else if (d.column->GetBool(idx) != is_and) {
        decided[row] = 1;  // FALSE for AND, TRUE for OR
      } else {
        still_open.push_back(row);
      }
    }
    open_rows.swap(still_open);
  }
  std::vector<uint8_t> value(static_cast<size_t>(n)), out_null(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    if (decided[i]) {
      value[i] = !is_and;
    } else if (nulls[i]) {
      out_null[i] = 1;
    } else {
      value[i] = is_and;
    }
  }
  ColumnPtr col = BooleanColumn(n, value, out_null);
  if (all_scalar && n > 0) return Datum::Scalar(col->Slice(0, 1));
  return Datum::Flat(col);
}

Result<Datum> ExpressionEvaluator::EvaluateCase(const BoundExpr& expr, const Batch& batch) const {
  const int64_t n = batch.num_rows();
  std::vector<int32_t> open_rows(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) open_rows[i] = static_cast<int32_t>(i);
  std::vector<Part> parts;
  size_t pairs = (expr.children.size() - (expr.has_else ? 1 : 0)) / 2;
  for (size_t p = 0; p < pairs && !open_rows.empty(); ++p) {
    BatchPtr sub =
        SubBatch(batch, open_rows, {expr.children[2 * p].get(), expr.children[2 * p + 1].get()});
    COPRA_ASSIGN_OR_RETURN(Datum cond, Evaluate(*expr.children[2 * p], *sub));
    std::vector<int32_t> matched_local, matched, still_open;
    for (size_t k = 0; k < open_rows.size(); ++k) {
      int64_t idx = cond.Index(static_cast<int64_t>(k));
      if (cond.column->IsValid(idx) && cond.column->GetBool(idx)) {
        matched_local.push_back(static_cast<int32_t>(k));
        matched.push_back(open_rows[k]);
      } else {
        still_open.push_back(open_rows[k]);
      }
    }
    if (!matched.empty()) {
      BatchPtr msub = SubBatch(*sub, matched_local, {expr.children[2 * p + 1].get()});
      COPRA_ASSIGN_OR_RETURN(Datum then, Evaluate(*expr.children[2 * p + 1], *msub));
      parts.push_back(Part{std::move(then), std::move(matched)});
    }
    open_rows.swap(still_open);
  }
  if (expr.has_else && !open_rows.empty()) {
    BatchPtr sub = SubBatch(batch, open_rows, {expr.children.back().get()});
    COPRA_ASSIGN_OR_RETURN(Datum els, Evaluate(*expr.children.back(), *sub));
    parts.push_back(Part{std::move(els), std::move(open_rows)});
  }
  return Datum::Flat(Assemble(expr.type, n, parts));
}

Result<Datum> ExpressionEvaluator::EvaluateCoalesce(const BoundExpr& expr,
                                                    const Batch& batch) const {
  const int64_t n = batch.num_rows();
  std::vector<int32_t> open_rows(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) open_rows[i] = static_cast<int32_t>(i);
  std::vector<Part> parts;
  for (const BoundExprPtr& child : expr.children) {
    if (open_rows.empty()) break;
    bool whole = static_cast<int64_t>(open_rows.size()) == n;
    BatchPtr sub = whole ? nullptr : SubBatch(batch, open_rows, {child.get()});
    COPRA_ASSIGN_OR_RETURN(Datum d, Evaluate(*child, whole ? batch : *sub));
    std::vector<int32_t> found, found_local, still_open;
    for (size_t k = 0; k < open_rows.size(); ++k) {
      if (d.IsValid(static_cast<int64_t>(k))) {
        found.push_back(open_rows[k]);
        found_local.push_back(static_cast<int32_t>(k));
      } else {
        still_open.push_back(open_rows[k]);
      }
    }
    if (!found.empty()) {
      ColumnPtr col = d.is_scalar ? d.column
                                  : TakeColumn(*d.column, found_local.data(),
                                               static_cast<int64_t>(found_local.size()));
      parts.push_back(Part{Datum{col, d.is_scalar}, std::move(found)});
    }
    open_rows.swap(still_open);
  }
  return Datum::Flat(Assemble(expr.type, n, parts));
}

}  // namespace copra
