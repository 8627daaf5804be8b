#include "storage/scan_aggregation.h"

#include <algorithm>

#include "exec/expression_evaluator.h"
#include "exec/group_hash_table.h"
#include "function/aggregate_function.h"
#include "planner/bound_expr.h"
#include "vector/column_builder.h"
#include "vector/selection.h"

namespace copra::storage {

namespace {

class ScanAggregateReader : public BatchReader {
 public:
  ScanAggregateReader(std::unique_ptr<BatchReader> rows, std::vector<int> table_to_batch,
                      const std::vector<std::shared_ptr<const BoundExpr>>& filters,
                      std::shared_ptr<const ScanAggregation> aggregation, int64_t batch_size,
                      ScanMetrics* metrics, int64_t rows_per_partial)
      : rows_(std::move(rows)),
        rows_per_partial_(std::max<int64_t>(1, rows_per_partial)),
        aggregation_(std::move(aggregation)),
        batch_size_(std::max<int64_t>(1, batch_size)),
        metrics_(metrics),
        evaluator_(EvalContext{aggregation_->statement_time_nanos}) {
    std::vector<BoundExprPtr> remapped;
    for (const auto& f : filters) remapped.push_back(RemapColumns(f, table_to_batch));
    filter_ = MakeConjunction(std::move(remapped));
    for (const auto& g : aggregation_->groups) groups_.push_back(RemapColumns(g, table_to_batch));
    for (const ScanAggregation::Call& c : aggregation_->calls) {
      std::vector<BoundExprPtr> args;
      for (const auto& a : c.args) args.push_back(RemapColumns(a, table_to_batch));
      args_.push_back(std::move(args));
    }
  }

  const SchemaPtr& schema() const override { return aggregation_->schema; }

  Result<BatchPtr> Next() override {
    while (result_ == nullptr || next_row_ >= result_->num_rows()) {
      if (rows_ == nullptr) return BatchPtr();  // input done, all emitted
      next_row_ = 0;
      COPRA_RETURN_NOT_OK(Aggregate());
    }
    const int64_t n = std::min(batch_size_, result_->num_rows() - next_row_);
    BatchPtr out = result_->Slice(next_row_, n);
    next_row_ += n;
    return out;
  }

 private:
  // Folds input rows into fresh partial states until the input ends or
  // rows_per_partial_ rows were read, then leaves the partial rows in
  // result_.

  Status Aggregate() {
    std::vector<LogicalType> group_types;
    std::vector<ColumnBuilder> group_values;
    for (const BoundExprPtr& g : groups_) {
      group_types.push_back(g->type);
      group_values.emplace_back(g->type);
    }
    GroupHashTable table(group_types);
    int64_t num_groups = 0;
    aggregators_.clear();
    for (const ScanAggregation::Call& c : aggregation_->calls) {
      aggregators_.push_back(c.function->make(*c.function));
    }
    if (groups_.empty()) {
      // Like an ungrouped aggregate: one row even for no input.
      num_groups = 1;
      for (auto& agg : aggregators_) agg->Resize(1);
    }
    int64_t rows_read = 0;
    std::vector<uint32_t> ids;
    std::vector<int32_t> new_rows;
    bool input_done = false;
    while (rows_read < rows_per_partial_) {
      COPRA_ASSIGN_OR_RETURN(BatchPtr batch, rows_->Next());
      if (batch == nullptr) {
        input_done = true;
        break;
      }
      metrics_->rows_scanned += batch->num_rows();
      rows_read += batch->num_rows();
      if (filter_ != nullptr) {
        COPRA_ASSIGN_OR_RETURN(Datum mask, evaluator_.Evaluate(*filter_, *batch));
        if (mask.is_scalar) {
          if (!(mask.column->IsValid(0) && mask.column->GetBool(0))) continue;
        } else {
          batch = FilterBatch(batch, *mask.column);
        }
      }
      const int64_t n = batch->num_rows();
      if (n == 0) continue;
      const uint32_t* group_ids = nullptr;
      if (!groups_.empty()) {
        std::vector<Datum> keys;
        for (const BoundExprPtr& g : groups_) {
          COPRA_ASSIGN_OR_RETURN(Datum d, evaluator_.Evaluate(*g, *batch));
          keys.push_back(std::move(d));
        }
        ids.resize(static_cast<size_t>(n));
        new_rows.clear();
        table.FindOrInsert(keys, n, ids.data(), &new_rows);
        for (int32_t r : new_rows) {
          for (size_t g = 0; g < keys.size(); ++g) {
            group_values[g].AppendFrom(*keys[g].column, keys[g].Index(r));
          }
        }
        num_groups = table.num_groups();
        for (auto& agg : aggregators_) agg->Resize(num_groups);
        group_ids = ids.data();
      }
      for (size_t a = 0; a < aggregators_.size(); ++a) {
        std::vector<Datum> args;
        for (const BoundExprPtr& e : args_[a]) {
          COPRA_ASSIGN_OR_RETURN(Datum d, evaluator_.Evaluate(*e, *batch));
          args.push_back(std::move(d));
        }
        COPRA_RETURN_NOT_OK(aggregators_[a]->Update(args, group_ids, n));
      }
    }
    std::vector<ColumnPtr> columns;
    for (ColumnBuilder& b : group_values) columns.push_back(b.Finish());
    for (auto& agg : aggregators_) {
      COPRA_ASSIGN_OR_RETURN(ColumnPtr c, agg->Finalize());
      columns.push_back(std::move(c));
    }
    result_ = Batch::Make(aggregation_->schema, std::move(columns), num_groups);
    if (input_done) rows_.reset();  // ends the region scan (releases its snapshot)
    return Status::OK();
  }

  std::unique_ptr<BatchReader> rows_;  // null once the input is done
  const int64_t rows_per_partial_;
  std::shared_ptr<const ScanAggregation> aggregation_;
  int64_t batch_size_;
  ScanMetrics* metrics_;
  ExpressionEvaluator evaluator_;
  BoundExprPtr filter_;
  std::vector<BoundExprPtr> groups_;
  std::vector<std::vector<BoundExprPtr>> args_;
  std::vector<std::unique_ptr<GroupedAggregator>> aggregators_;
  BatchPtr result_;
  int64_t next_row_ = 0;
};

}  // namespace

bool StatisticsCanAnswer(const ScanAggregation& aggregation) {
  if (!aggregation.groups.empty() || aggregation.calls.empty()) return false;
  for (const ScanAggregation::Call& c : aggregation.calls) {
    if (c.function == nullptr) return false;
    const std::string& name = c.function->name;
    if (name == "count" && c.args.empty()) continue;
    if (c.args.size() != 1 || c.args[0]->kind != BoundExprKind::kColumnRef) return false;
    if (name == "count") continue;
    if ((name != "min" && name != "max") || c.args[0]->type.IsFloat()) return false;
  }
  return true;
}

BatchPtr PartialFromStatistics(const ScanAggregation& aggregation, int64_t num_rows,
                               const std::function<const ColumnRange*(int column)>& range_of) {
  std::vector<ColumnPtr> columns;
  for (size_t i = 0; i < aggregation.calls.size(); ++i) {
    const ScanAggregation::Call& c = aggregation.calls[i];
    const LogicalType& type = aggregation.schema->field(i).type;
    Value v;
    if (c.args.empty()) {
      v = Value::Int64(num_rows);
    } else {
      const ColumnRange* r = range_of(c.args[0]->column_index);
      if (r == nullptr || r->null_count < 0 || r->null_count > num_rows) return nullptr;
      if (c.function->name == "count") {
        v = Value::Int64(num_rows - r->null_count);
      } else if (r->null_count == num_rows) {
        v = Value::Null(type);
      } else {
        const std::optional<Value>& bound = c.function->name == "min" ? r->min : r->max;
        if (!bound || bound->is_null()) return nullptr;
        v = *bound;
      }
    }
    if (!v.is_null() && v.type() != type) return nullptr;
    Result<ColumnPtr> col = Column::FromValues(type, {v});
    if (!col.ok()) return nullptr;
    columns.push_back(std::move(*col));
  }
  return Batch::Make(aggregation.schema, std::move(columns), 1);
}

Result<std::unique_ptr<BatchReader>> MakeScanAggregateReader(
    std::unique_ptr<BatchReader> rows, const std::vector<int>& columns,
    const std::vector<std::shared_ptr<const BoundExpr>>& filters,
    std::shared_ptr<const ScanAggregation> aggregation, int64_t batch_size, ScanMetrics* metrics,
    int64_t rows_per_partial) {
  std::vector<int> needed;
  for (const auto& f : filters) f->CollectColumns(&needed);
  for (const auto& g : aggregation->groups) g->CollectColumns(&needed);
  for (const ScanAggregation::Call& c : aggregation->calls) {
    if (c.function == nullptr) return Status::Internal("scan aggregation without a function");
    for (const auto& a : c.args) a->CollectColumns(&needed);
  }
  int width = 0;
  for (int c : columns) width = std::max(width, c + 1);
  for (int c : needed) width = std::max(width, c + 1);
  std::vector<int> table_to_batch(static_cast<size_t>(width), -1);
  for (size_t i = 0; i < columns.size(); ++i) {
    table_to_batch[static_cast<size_t>(columns[i])] = static_cast<int>(i);
  }
  for (int c : needed) {
    if (table_to_batch[static_cast<size_t>(c)] < 0) {
      return Status::Internal("scan aggregation reads column " + std::to_string(c) +
                              " that the scan does not produce");
    }
  }
  return std::unique_ptr<BatchReader>(std::make_unique<ScanAggregateReader>(
      std::move(rows), std::move(table_to_batch), filters, std::move(aggregation), batch_size,
      metrics, rows_per_partial));
}

}  // namespace copra::storage
