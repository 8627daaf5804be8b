#include "exec/sort_operator.h"

#include <algorithm>
#include <numeric>

#include "exec/row_key.h"
#include "vector/selection.h"

namespace copra {

SortOperator::SortOperator(PhysicalOperatorPtr child, std::vector<SortKey> keys,
                           std::optional<int64_t> fetch, int64_t offset)
    : PhysicalOperator(std::move(child)),
      keys_(std::move(keys)),
      fetch_(fetch),
      offset_(offset) {}

std::string SortOperator::details() const {
  std::string out;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (i > 0) out += ", ";
    out += keys_[i].ToString();
  }
  if (fetch_) out += " fetch=" + std::to_string(*fetch_);
  if (offset_ > 0) out += " skip=" + std::to_string(offset_);
  return out;
}

Status SortOperator::SortInput() {
  ExpressionEvaluator evaluator(ctx_->eval);
  std::vector<KeyOrder> orders;
  for (const SortKey& k : keys_) orders.push_back(KeyOrder{k.descending, k.nulls_first});
  RowKeyEncoder encoder(std::move(orders));

  std::vector<BatchPtr> batches;
  std::vector<std::string> all_keys;
  std::vector<std::string> keys;
  int64_t bytes = 0;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child().Next());
    if (batch == nullptr) break;
    std::vector<Datum> cols;
    for (const SortKey& k : keys_) {
      COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*k.expr, *batch));
      cols.push_back(std::move(d));
    }
    encoder.Encode(cols, batch->num_rows(), &keys);
    for (std::string& k : keys) {
      bytes += static_cast<int64_t>(k.size()) + 32;
      all_keys.push_back(std::move(k));
    }
    for (const ColumnPtr& c : batch->columns()) {
      bytes += c->values_buffer() ? c->values_buffer()->size() : 0;
      bytes += c->data_buffer() ? c->data_buffer()->size() : 0;
    }
    COPRA_RETURN_NOT_OK(ctx_->CheckMemory(bytes, "sort"));
    batches.push_back(std::move(batch));
  }
  const int64_t total = static_cast<int64_t>(all_keys.size());
  std::vector<int32_t> order(static_cast<size_t>(total));
  std::iota(order.begin(), order.end(), 0);
  auto less = [&](int32_t a, int32_t b) {
    int c = all_keys[static_cast<size_t>(a)].compare(all_keys[static_cast<size_t>(b)]);
    return c < 0 || (c == 0 && a < b);
  };
  int64_t wanted = total;
  if (fetch_) wanted = std::min(total, offset_ + *fetch_);
  if (wanted < total) {
    std::partial_sort(order.begin(), order.begin() + wanted, order.end(), less);
    order.resize(static_cast<size_t>(wanted));
  } else {
    std::sort(order.begin(), order.end(), less);
  }
  int64_t start = std::min<int64_t>(offset_, static_cast<int64_t>(order.size()));
  std::vector<int32_t> selected(order.begin() + start, order.end());

  // Gather: concatenate the input, then take the selected rows.
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < schema()->num_fields(); ++c) {
    if (batches.empty()) {
      columns.push_back(Column::MakeNull(schema()->field(c).type, 0));
      continue;
    }
    std::vector<ColumnPtr> parts;
    for (const BatchPtr& b : batches) parts.push_back(b->column(c));
    ColumnPtr all = ConcatColumns(parts);
    columns.push_back(TakeColumn(*all, selected.data(), static_cast<int64_t>(selected.size())));
  }
  result_ = Batch::Make(schema(), std::move(columns), static_cast<int64_t>(selected.size()));
  return Status::OK();
}

Result<BatchPtr> SortOperator::NextImpl() {
  if (!sorted_) {
    sorted_ = true;
    COPRA_RETURN_NOT_OK(SortInput());
  }
  int64_t total = result_->num_rows();
  if (next_row_ >= total) return BatchPtr();
  int64_t n = std::min(ctx_->batch_size, total - next_row_);
  BatchPtr out = result_->Slice(next_row_, n);
  next_row_ += n;
  return out;
}

}  // namespace copra
