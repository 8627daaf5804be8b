#include "exec/hash_aggregate_operator.h"

#include "exec/group_hash_table.h"
#include "function/aggregate_distinct.h"
#include "vector/column_builder.h"
#include "vector/selection.h"

namespace copra {

HashAggregateOperator::HashAggregateOperator(SchemaPtr schema, PhysicalOperatorPtr child,
                                             std::vector<BoundExprPtr> groups,
                                             std::vector<AggregateCall> aggregates)
    : PhysicalOperator(std::move(schema), Children(std::move(child))),
      groups_(std::move(groups)),
      aggregates_(std::move(aggregates)) {}

HashAggregateOperator::~HashAggregateOperator() = default;

std::string HashAggregateOperator::details() const {
  std::string out = "groupBy=[";
  for (size_t i = 0; i < groups_.size(); ++i) {
    if (i > 0) out += ", ";
    out += groups_[i]->ToString();
  }
  out += "], aggr=[";
  for (size_t i = 0; i < aggregates_.size(); ++i) {
    if (i > 0) out += ", ";
    out += aggregates_[i].ToString();
  }
  return out + "]";
}

Status HashAggregateOperator::ConsumeInput() {
  ExpressionEvaluator evaluator(ctx_->eval);
  std::vector<LogicalType> group_types;
  for (const BoundExprPtr& g : groups_) group_types.push_back(g->type);
  GroupHashTable table(group_types);
  std::vector<ColumnBuilder> group_values;
  for (const BoundExprPtr& g : groups_) group_values.emplace_back(g->type);
  std::vector<std::unique_ptr<GroupedAggregator>> aggregators;
  for (const AggregateCall& a : aggregates_) {
    if (a.distinct) {
      COPRA_ASSIGN_OR_RETURN(std::unique_ptr<GroupedAggregator> d,
                             MakeDistinctAggregator(*a.function));
      aggregators.push_back(std::move(d));
    } else {
      aggregators.push_back(a.function->make(*a.function));
    }
  }

  int64_t num_groups = 0;
  if (groups_.empty()) {
    num_groups = 1;
    for (auto& agg : aggregators) agg->Resize(1);
  }
  std::vector<int32_t> new_rows;
  std::vector<uint32_t> ids;
  std::vector<uint32_t> filtered_ids;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child().Next());
    if (batch == nullptr) break;
    const int64_t n = batch->num_rows();
    ids.assign(static_cast<size_t>(n), 0);
    if (!groups_.empty()) {
      std::vector<Datum> group_cols;
      for (const BoundExprPtr& g : groups_) {
        COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*g, *batch));
        group_cols.push_back(std::move(d));
      }
      new_rows.clear();
      table.FindOrInsert(group_cols, n, ids.data(), &new_rows);
      for (int32_t r : new_rows) {
        for (size_t g = 0; g < group_cols.size(); ++g) {
          group_values[g].AppendFrom(*group_cols[g].column, group_cols[g].Index(r));
        }
      }
      num_groups = table.num_groups();
      COPRA_RETURN_NOT_OK(
          ctx_->CheckMemory(table.MemoryUsage() + num_groups * 64, "hash aggregation"));
      for (auto& agg : aggregators) agg->Resize(num_groups);
    }
    for (size_t a = 0; a < aggregates_.size(); ++a) {
      std::vector<Datum> args;
      for (const BoundExprPtr& e : aggregates_[a].args) {
        COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*e, *batch));
        args.push_back(std::move(d));
      }
      if (aggregates_[a].filter == nullptr) {
        COPRA_RETURN_NOT_OK(aggregators[a]->Update(args, ids.data(), n));
        continue;
      }
      // FILTER (WHERE c): feed only the rows where c is TRUE.
      COPRA_ASSIGN_OR_RETURN(Datum keep, evaluator.Evaluate(*aggregates_[a].filter, *batch));
      if (keep.is_scalar) {
        Value v = keep.ScalarValue();
        if (!v.is_null() && v.GetBool()) {
          COPRA_RETURN_NOT_OK(aggregators[a]->Update(args, ids.data(), n));
        }
        continue;
      }
      std::vector<int32_t> rows = SelectTrue(*keep.column);
      if (rows.empty()) continue;
      const auto m = static_cast<int64_t>(rows.size());
      for (Datum& d : args) {
        if (!d.is_scalar) d = Datum::Flat(TakeColumn(*d.column, rows.data(), m));
      }
      filtered_ids.resize(rows.size());
      for (size_t i = 0; i < rows.size(); ++i) filtered_ids[i] = ids[static_cast<size_t>(rows[i])];
      COPRA_RETURN_NOT_OK(aggregators[a]->Update(args, filtered_ids.data(), m));
    }
    COPRA_RETURN_NOT_OK(ctx_->CheckCancelled());
  }
  std::vector<ColumnPtr> columns;
  for (ColumnBuilder& b : group_values) columns.push_back(b.Finish());
  for (auto& agg : aggregators) {
    COPRA_ASSIGN_OR_RETURN(ColumnPtr c, agg->Finalize());
    columns.push_back(std::move(c));
  }
  result_ = Batch::Make(schema(), std::move(columns), num_groups);
  return Status::OK();
}

Result<BatchPtr> HashAggregateOperator::NextImpl() {
  if (!consumed_) {
    consumed_ = true;
    COPRA_RETURN_NOT_OK(ConsumeInput());
  }
  int64_t total = result_->num_rows();
  if (next_row_ >= total) return BatchPtr();
  int64_t n = std::min(ctx_->batch_size, total - next_row_);
  BatchPtr out = result_->Slice(next_row_, n);
  next_row_ += n;
  return out;
}

}  // namespace copra
