#include "exec/first_row_operator.h"

#include <algorithm>

#include "exec/group_hash_table.h"
#include "exec/integer_keys.h"
#include "exec/join_output.h"
#include "exec/row_key.h"
#include "vector/selection.h"

namespace copra {

namespace {

// A single integer-like ORDER BY key as a 128-bit number whose unsigned order
// is the key's SQL order: NULL rank in the high half, the value (sign bit
// flipped, complemented when descending) in the low half.
unsigned __int128 IntegerSortKey(int64_t v, bool is_null, const SortKey& key) {
  if (is_null) return static_cast<unsigned __int128>(key.nulls_first ? 0 : 2) << 64;
  uint64_t u = static_cast<uint64_t>(v) ^ (uint64_t{1} << 63);
  if (key.descending) u = ~u;
  return (static_cast<unsigned __int128>(1) << 64) | u;
}

}  // namespace

// The best row so far of every partition and the batches holding them.
class FirstRowOperator::Winners {
 public:
  // Row `row` of batch `batch` is now partition g's best (g may be new).
  void Set(uint32_t g, int32_t batch, int32_t row) {
    ++refs_[static_cast<size_t>(batch)];  // first, so replacing within a batch keeps it
    if (g >= locations_.size()) {
      locations_.resize(g + 1, {-1, -1});
    } else {
      Release(locations_[g].first);
    }
    locations_[g] = {batch, row};
  }
  int32_t AddBatch(BatchPtr batch) {
    bytes_ += EstimateBatchBytes(*batch);
    batches_.push_back(std::move(batch));
    refs_.push_back(0);
    return static_cast<int32_t>(batches_.size() - 1);
  }
  // Drops `batch` if no partition's best row is in it any more.
  void Release(int32_t batch) {
    const auto b = static_cast<size_t>(batch);
    if (--refs_[b] == 0 && batches_[b] != nullptr) {
      bytes_ -= EstimateBatchBytes(*batches_[b]);
      batches_[b].reset();
    }
  }
  void ReleaseIfUnused(int32_t batch) {
    const auto b = static_cast<size_t>(batch);
    if (refs_[b] == 0 && batches_[b] != nullptr) {
      bytes_ -= EstimateBatchBytes(*batches_[b]);
      batches_[b].reset();
    }
  }
  int64_t bytes() const { return bytes_; }
  int64_t num_partitions() const { return static_cast<int64_t>(locations_.size()); }

  // The best rows in partition order: the winners of each held batch
  // gathered, concatenated, then put in partition order.
  BatchPtr Gather(const SchemaPtr& input_schema) const {
    const auto groups = static_cast<int64_t>(locations_.size());
    std::vector<std::vector<int32_t>> rows(batches_.size());
    for (const auto& [batch, row] : locations_) rows[static_cast<size_t>(batch)].push_back(row);
    std::vector<int64_t> start(batches_.size(), 0);
    std::vector<std::vector<ColumnPtr>> parts(input_schema->num_fields());
    int64_t total = 0;
    for (size_t b = 0; b < batches_.size(); ++b) {
      if (rows[b].empty()) continue;
      std::sort(rows[b].begin(), rows[b].end());
      start[b] = total;
      const auto n = static_cast<int64_t>(rows[b].size());
      for (size_t c = 0; c < parts.size(); ++c) {
        parts[c].push_back(TakeColumn(*batches_[b]->column(c), rows[b].data(), n));
      }
      total += n;
    }
    std::vector<ColumnPtr> columns;
    for (size_t c = 0; c < parts.size(); ++c) {
      columns.push_back(parts[c].empty() ? Column::MakeNull(input_schema->field(c).type, 0)
                                         : ConcatColumns(parts[c]));
    }
    BatchPtr gathered = Batch::Make(input_schema, std::move(columns), total);
    std::vector<int32_t> order;
    order.reserve(static_cast<size_t>(groups));
    for (const auto& [batch, row] : locations_) {
      const std::vector<int32_t>& r = rows[static_cast<size_t>(batch)];
      const auto pos = std::lower_bound(r.begin(), r.end(), row) - r.begin();
      order.push_back(static_cast<int32_t>(start[static_cast<size_t>(batch)] + pos));
    }
    return TakeBatch(*gathered, order.data(), groups);
  }

 private:
  std::vector<std::pair<int32_t, int32_t>> locations_;  // per partition: batch, row
  std::vector<BatchPtr> batches_;                       // null once released
  std::vector<int64_t> refs_;                           // best rows per batch
  int64_t bytes_ = 0;
};

FirstRowOperator::FirstRowOperator(SchemaPtr schema, PhysicalOperatorPtr child,
                                   std::vector<BoundExprPtr> partition_by,
                                   std::vector<SortKey> order_by)
    : PhysicalOperator(std::move(schema), Children(std::move(child))),
      partition_by_(std::move(partition_by)) {
  // A partition key is constant within its partition: as an ORDER BY key
  // (DISTINCT ON (h) ... ORDER BY h, ts) it decides nothing.
  for (SortKey& k : order_by) {
    bool partition_key = false;
    for (const BoundExprPtr& p : partition_by_) {
      partition_key = partition_key || p->ToString() == k.expr->ToString();
    }
    if (!partition_key) order_by_.push_back(std::move(k));
  }
}

FirstRowOperator::~FirstRowOperator() = default;

std::string FirstRowOperator::details() const {
  std::string out = "partitionBy=[";
  for (size_t i = 0; i < partition_by_.size(); ++i) {
    if (i > 0) out += ", ";
    out += partition_by_[i]->ToString();
  }
  out += "], orderBy=[";
  for (size_t i = 0; i < order_by_.size(); ++i) {
    if (i > 0) out += ", ";
    out += order_by_[i].ToString();
  }
  return out + "]";
}

Status FirstRowOperator::ConsumeInput() {
  ExpressionEvaluator evaluator(ctx_->eval);
  std::vector<LogicalType> partition_types;
  for (const BoundExprPtr& p : partition_by_) partition_types.push_back(p->type);
  GroupHashTable table(partition_types);
  const bool integer_order = order_by_.size() == 1 && IsIntegerKeyType(order_by_[0].expr->type);
  std::vector<KeyOrder> orders;
  for (const SortKey& k : order_by_) orders.push_back({k.descending, k.nulls_first});
  RowKeyEncoder encoder(orders);

  Winners winners;
  std::vector<unsigned __int128> best_ints;  // per partition (integer_order)
  std::vector<std::string> best_keys;        // per partition (otherwise)
  std::vector<uint32_t> ids;
  std::vector<int32_t> new_rows;
  std::vector<int64_t> ints;
  std::vector<std::string> keys;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child().Next());
    if (batch == nullptr) break;
    const int64_t n = batch->num_rows();
    if (n == 0) continue;
    ids.assign(static_cast<size_t>(n), 0);
    if (!partition_by_.empty()) {
      std::vector<Datum> parts;
      for (const BoundExprPtr& p : partition_by_) {
        COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*p, *batch));
        parts.push_back(std::move(d));
      }
      new_rows.clear();
      table.FindOrInsert(parts, n, ids.data(), &new_rows);
    }
    std::vector<Datum> order_cols;
    for (const SortKey& k : order_by_) {
      COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*k.expr, *batch));
      order_cols.push_back(std::move(d));
    }
    const int32_t b = winners.AddBatch(batch);
    if (integer_order) {
      const Datum& d = order_cols[0];
      ints.resize(static_cast<size_t>(n));
      ExtractIntegerKeys(d, n, ints.data());
      const bool nullable = d.column->HasNulls();
      for (int64_t r = 0; r < n; ++r) {
        const unsigned __int128 key = IntegerSortKey(
            ints[static_cast<size_t>(r)], nullable && d.column->IsNull(d.Index(r)), order_by_[0]);
        const uint32_t g = ids[static_cast<size_t>(r)];
        if (g >= best_ints.size()) {
          best_ints.push_back(key);
        } else if (key < best_ints[g]) {
          best_ints[g] = key;
        } else {
          continue;
        }
        winners.Set(g, b, static_cast<int32_t>(r));
      }
    } else {
      if (!order_cols.empty()) encoder.Encode(order_cols, n, &keys);
      for (int64_t r = 0; r < n; ++r) {
        const uint32_t g = ids[static_cast<size_t>(r)];
        if (g >= best_keys.size()) {
          best_keys.push_back(order_cols.empty() ? std::string() : keys[static_cast<size_t>(r)]);
        } else if (!order_cols.empty() && keys[static_cast<size_t>(r)] < best_keys[g]) {
          best_keys[g] = keys[static_cast<size_t>(r)];
        } else {
          continue;
        }
        winners.Set(g, b, static_cast<int32_t>(r));
      }
    }
    winners.ReleaseIfUnused(b);
    int64_t key_bytes = static_cast<int64_t>(best_ints.size() * 16);
    for (const std::string& k : best_keys) key_bytes += static_cast<int64_t>(k.capacity() + 32);
    COPRA_RETURN_NOT_OK(ctx_->CheckMemory(winners.bytes() + table.MemoryUsage() + key_bytes,
                                          "first row per partition"));
    COPRA_RETURN_NOT_OK(ctx_->CheckCancelled());
  }
  if (winners.num_partitions() == 0) return Status::OK();
  BatchPtr rows = winners.Gather(child().schema());
  std::vector<ColumnPtr> columns = rows->columns();
  columns.push_back(Column::MakeConstant(Value::Int64(1), rows->num_rows()));
  BatchPtr all = Batch::Make(schema(), std::move(columns), rows->num_rows());
  for (int64_t start = 0; start < all->num_rows(); start += ctx_->batch_size) {
    output_.push_back(all->Slice(start, std::min(ctx_->batch_size, all->num_rows() - start)));
  }
  return Status::OK();
}

Result<BatchPtr> FirstRowOperator::NextImpl() {
  if (!consumed_) {
    consumed_ = true;
    COPRA_RETURN_NOT_OK(ConsumeInput());
  }
  if (next_output_ >= output_.size()) return BatchPtr();
  return std::move(output_[next_output_++]);
}

}  // namespace copra
