#include "exec/values_operator.h"

#include "vector/column_builder.h"

namespace copra {

ValuesOperator::ValuesOperator(SchemaPtr schema, std::vector<std::vector<BoundExprPtr>> rows)
    : PhysicalOperator(std::move(schema), {}), rows_(std::move(rows)) {}

std::string ValuesOperator::details() const {
  return std::to_string(rows_.size()) + (rows_.size() == 1 ? " row" : " rows");
}

Status ValuesOperator::OpenImpl() {
  ExpressionEvaluator evaluator(ctx_->eval);
  const Schema& schema = *this->schema();
  std::vector<ColumnBuilder> builders;
  for (const Field& f : schema.fields()) builders.emplace_back(f.type, rows_.size());
  for (const auto& row : rows_) {
    COPRA_CHECK(row.size() == schema.num_fields());
    for (size_t c = 0; c < row.size(); ++c) {
      COPRA_ASSIGN_OR_RETURN(Value v, evaluator.EvaluateConstant(*row[c]));
      if (!v.is_null() && v.type() != schema.field(c).type) {
        Result<Value> cast = v.CastTo(schema.field(c).type);
        if (!cast.ok()) return cast.status().WithPosition(row[c]->pos);
        v = std::move(cast).value();
      }
      COPRA_RETURN_NOT_OK(builders[c].AppendValue(v));
    }
  }
  std::vector<ColumnPtr> columns;
  for (ColumnBuilder& b : builders) columns.push_back(b.Finish());
  all_ = Batch::Make(this->schema(), std::move(columns), static_cast<int64_t>(rows_.size()));
  return Status::OK();
}

Result<BatchPtr> ValuesOperator::NextImpl() {
  int64_t total = all_->num_rows();
  if (next_row_ >= total) return BatchPtr();
  int64_t n = std::min(ctx_->batch_size, total - next_row_);
  BatchPtr out = next_row_ == 0 && n == total ? all_ : all_->Slice(next_row_, n);
  next_row_ += n;
  return out;
}

}  // namespace copra
