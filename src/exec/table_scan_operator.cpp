#include "exec/table_scan_operator.h"

#include <algorithm>
#include <limits>

#include "function/scalar_function.h"
#include "vector/selection.h"

namespace copra {

TableScanOperator::TableScanOperator(const LogicalPlan& scan)
    : PhysicalOperator(scan.schema, {}),
      table_(scan.table),
      projection_(scan.projection),
      filters_(scan.scan_filters),
      time_range_(scan.time_range),
      limit_(scan.scan_limit) {
  if (scan.scan_aggregated) {
    auto aggregation = std::make_shared<ScanAggregation>();
    aggregation->groups.assign(scan.groups.begin(), scan.groups.end());
    for (const AggregateCall& a : scan.aggregates) {
      ScanAggregation::Call call;
      call.function = a.function;
      call.args.assign(a.args.begin(), a.args.end());
      aggregation->calls.push_back(std::move(call));
    }
    aggregation->schema = scan.schema;
    aggregation_ = std::move(aggregation);
    aggregate_names_.reserve(scan.aggregates.size());
    for (const AggregateCall& a : scan.aggregates) aggregate_names_.push_back(a.ToString());
  }
}

std::string TableScanOperator::details() const {
  std::string out = table_->name() + " projection=[";
  for (size_t i = 0; i < projection_.size(); ++i) {
    if (i > 0) out += ", ";
    out += table_->schema().column(static_cast<size_t>(projection_[i])).name;
  }
  out += "]";
  if (!filters_.empty()) {
    out += " filters=[";
    for (size_t i = 0; i < filters_.size(); ++i) {
      if (i > 0) out += ", ";
      out += filters_[i]->ToString();
    }
    out += "]";
  }
  if (time_range_) {
    auto bound = [](int64_t v) {
      if (v == std::numeric_limits<int64_t>::min()) return std::string("-inf");
      if (v == std::numeric_limits<int64_t>::max()) return std::string("+inf");
      return std::to_string(v);
    };
    out += " time_range=[" + bound(time_range_->start) + ", " + bound(time_range_->end) + ")";
  }
  if (limit_) out += " limit=" + std::to_string(*limit_);
  if (aggregation_ != nullptr) {
    out += " partial_aggregate=[groupBy=[";
    for (size_t i = 0; i < aggregation_->groups.size(); ++i) {
      if (i > 0) out += ", ";
      out += aggregation_->groups[i]->ToString();
    }
    out += "], aggr=[";
    for (size_t i = 0; i < aggregate_names_.size(); ++i) {
      if (i > 0) out += ", ";
      out += aggregate_names_[i];
    }
    out += "]]";
  }
  return out;
}

Status TableScanOperator::OpenImpl() {
  // No time index value can pass the filters: skip the table altogether.
  if (time_range_ && time_range_->IsEmpty()) return Status::OK();
  if (aggregation_ != nullptr) return OpenAggregated();
  // Read the projected columns plus any the filters need.
  read_columns_ = projection_;
  std::vector<int> filter_columns;
  for (const BoundExprPtr& f : filters_) f->CollectColumns(&filter_columns);
  for (int c : filter_columns) {
    if (std::find(read_columns_.begin(), read_columns_.end(), c) == read_columns_.end()) {
      read_columns_.push_back(c);
    }
  }
  std::vector<int> table_to_read(table_->schema().num_columns(), -1);
  for (size_t i = 0; i < read_columns_.size(); ++i) {
    table_to_read[static_cast<size_t>(read_columns_[i])] = static_cast<int>(i);
  }
  if (!filters_.empty()) {
    std::vector<BoundExprPtr> remapped;
    for (const BoundExprPtr& f : filters_) remapped.push_back(RemapColumns(f, table_to_read));
    residual_ = MakeConjunction(std::move(remapped));
  }
  for (size_t i = 0; i < projection_.size(); ++i) output_positions_.push_back(static_cast<int>(i));

  ScanRequest request;
  request.projection = read_columns_;
  request.time_range = time_range_;
  request.filters.assign(filters_.begin(), filters_.end());
  request.limit = filters_.empty() ? limit_ : std::nullopt;
  request.batch_size = ctx_->batch_size;
  COPRA_ASSIGN_OR_RETURN(reader_, table_->Scan(request, &metrics_.scan));
  return Status::OK();
}

namespace {

// Whether `f` is `time <op> constant` (either way round) and holds for every
// time in `range`.
bool ImpliedByTimeRange(const BoundExpr& f, int time, const TimeRange& range) {
  if (f.kind != BoundExprKind::kFunction || f.function == nullptr || f.children.size() != 2) {
    return false;
  }
  std::string op = f.function->name;
  const BoundExpr* column = f.children[0].get();
  const BoundExpr* constant = f.children[1].get();
  if (column->kind != BoundExprKind::kColumnRef) {
    std::swap(column, constant);
    if (op == "<") {
      op = ">";
    } else if (op == "<=") {
      op = ">=";
    } else if (op == ">") {
      op = "<";
    } else if (op == ">=") {
      op = "<=";
    }
  }
  if (column->kind != BoundExprKind::kColumnRef || column->column_index != time ||
      constant->kind != BoundExprKind::kConstant || constant->value.is_null() ||
      constant->value.type() != column->type) {
    return false;
  }
  const int64_t c = constant->value.GetInt64();
  if (op == ">=") return range.start >= c;
  if (op == ">") return range.start > c;
  if (op == "<") return range.end <= c;
  if (op == "<=") return range.end - 1 <= c;
  return false;
}

}  // namespace

Status TableScanOperator::OpenAggregated() {
  // The table reads the aggregation's columns plus the filters' and applies
  // the filters itself. It also cuts the rows to the time range exactly
  // (storage/scan_aggregation.h), so conjuncts on the time index that the
  // range implies need not be evaluated per row again.
  const int time = table_->schema().time_index();
  std::vector<BoundExprPtr> filters;
  for (const BoundExprPtr& f : filters_) {
    if (time >= 0 && time_range_ && ImpliedByTimeRange(*f, time, *time_range_)) continue;
    filters.push_back(f);
  }
  std::vector<int> columns = projection_;
  for (const BoundExprPtr& f : filters) f->CollectColumns(&columns);
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  auto aggregation = std::make_shared<ScanAggregation>(*aggregation_);
  aggregation->statement_time_nanos = ctx_->eval.statement_time_nanos;
  ScanRequest request;
  request.projection = std::move(columns);
  request.time_range = time_range_;
  request.filters.assign(filters.begin(), filters.end());
  request.batch_size = ctx_->batch_size;
  request.aggregation = std::move(aggregation);
  COPRA_ASSIGN_OR_RETURN(reader_, table_->Scan(request, &metrics_.scan));
  return Status::OK();
}

Result<BatchPtr> TableScanOperator::NextImpl() {
  ExpressionEvaluator evaluator(ctx_->eval);
  if (reader_ == nullptr) return BatchPtr();  // empty time range
  if (aggregation_ != nullptr) {
    // Partial rows, already filtered and aggregated by the table.
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, reader_->Next());
    if (batch == nullptr || batch->schema() == schema()) return batch;
    return Batch::Make(schema(), batch->columns(), batch->num_rows());
  }
  while (true) {
    if (limit_ && emitted_ >= *limit_) return BatchPtr();
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, reader_->Next());
    if (batch == nullptr) return batch;
    metrics_.scan.rows_scanned += batch->num_rows();
    if (residual_ != nullptr) {
      COPRA_ASSIGN_OR_RETURN(Datum mask, evaluator.Evaluate(*residual_, *batch));
      if (mask.is_scalar) {
        if (!(mask.column->IsValid(0) && mask.column->GetBool(0))) continue;
      } else {
        batch = FilterBatch(batch, *mask.column);
      }
      if (batch->num_rows() == 0) continue;
    }
    if (read_columns_.size() != projection_.size()) {
      std::vector<ColumnPtr> columns(
          batch->columns().begin(),
          batch->columns().begin() + static_cast<std::ptrdiff_t>(projection_.size()));
      batch = Batch::Make(schema(), std::move(columns), batch->num_rows());
    } else if (batch->schema() != schema()) {
      batch = Batch::Make(schema(), batch->columns(), batch->num_rows());
    }
    if (limit_ && emitted_ + batch->num_rows() > *limit_) {
      batch = batch->Slice(0, *limit_ - emitted_);
    }
    emitted_ += batch->num_rows();
    return batch;
  }
}

}  // namespace copra
