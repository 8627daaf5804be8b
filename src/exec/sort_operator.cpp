#include "exec/sort_operator.h"

#include <algorithm>
#include <numeric>

#include "exec/row_key.h"
#include "vector/selection.h"

namespace copra {

SortOperator::SortOperator(PhysicalOperatorPtr child, std::vector<SortKey> keys,
                           std::optional<int64_t> fetch, int64_t offset)
    : PhysicalOperator(std::move(child)), keys_(std::move(keys)), fetch_(fetch), offset_(offset) {}

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

namespace {

// The rows a TopN keeps, with their keys, in arrival order (ties between
// equal keys go to the earlier row, which keeps the sort stable).
struct Candidates {
  std::vector<std::string> keys;
  std::vector<BatchPtr> batches;
  int64_t bytes = 0;

  // Keeps only the `wanted` best rows, sorted, as one batch.
  void Shrink(const SchemaPtr& schema, int64_t wanted) {
    std::vector<int32_t> order(keys.size());
    std::iota(order.begin(), order.end(), 0);
    auto less = [&](int32_t a, int32_t b) {
      int c = keys[static_cast<size_t>(a)].compare(keys[static_cast<size_t>(b)]);
      return c < 0 || (c == 0 && a < b);
    };
    const int64_t keep = std::min<int64_t>(wanted, static_cast<int64_t>(order.size()));
    std::partial_sort(order.begin(), order.begin() + keep, order.end(), less);
    order.resize(static_cast<size_t>(keep));
    std::vector<std::string> kept_keys;
    kept_keys.reserve(order.size());
    for (int32_t i : order) kept_keys.push_back(std::move(keys[static_cast<size_t>(i)]));
    std::vector<ColumnPtr> columns;
    for (size_t c = 0; c < schema->num_fields(); ++c) {
      std::vector<ColumnPtr> parts;
      for (const BatchPtr& b : batches) parts.push_back(b->column(c));
      ColumnPtr all =
          parts.empty() ? Column::MakeNull(schema->field(c).type, 0) : ConcatColumns(parts);
      columns.push_back(TakeColumn(*all, order.data(), keep));
    }
    keys = std::move(kept_keys);
    batches.clear();
    batches.push_back(Batch::Make(schema, std::move(columns), keep));
    bytes = 0;
    for (const std::string& k : keys) bytes += static_cast<int64_t>(k.size()) + 32;
    for (const ColumnPtr& col : batches.back()->columns()) {
      bytes += col->values_buffer() ? col->values_buffer()->size() : 0;
      bytes += col->data_buffer() ? col->data_buffer()->size() : 0;
    }
  }
};

}  // namespace

Status SortOperator::TopNInput(int64_t wanted) {
  ExpressionEvaluator evaluator(ctx_->eval);
  std::vector<KeyOrder> orders;
  for (const SortKey& k : keys_) orders.push_back(KeyOrder{k.descending, k.nulls_first});
  RowKeyEncoder encoder(std::move(orders));

  Candidates candidates;
  std::optional<std::string> threshold;  // the wanted-th best key once known
  std::vector<std::string> keys;
  std::vector<int32_t> selected;
  while (wanted > 0) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, child().Next());
    if (batch == nullptr) break;
    std::vector<Datum> cols;
    for (const SortKey& k : keys_) {
      COPRA_ASSIGN_OR_RETURN(Datum d, evaluator.Evaluate(*k.expr, *batch));
      cols.push_back(std::move(d));
    }
    encoder.Encode(cols, batch->num_rows(), &keys);
    selected.clear();
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      // A later row with a key equal to the threshold loses the tie.
      if (!threshold || keys[static_cast<size_t>(r)] < *threshold) {
        selected.push_back(static_cast<int32_t>(r));
      }
    }
    if (selected.empty()) continue;
    for (int32_t r : selected) {
      candidates.bytes += static_cast<int64_t>(keys[static_cast<size_t>(r)].size()) + 32;
      candidates.keys.push_back(std::move(keys[static_cast<size_t>(r)]));
    }
    BatchPtr kept = static_cast<int64_t>(selected.size()) == batch->num_rows()
                        ? batch
                        : TakeBatch(*batch, selected.data(), static_cast<int64_t>(selected.size()));
    for (const ColumnPtr& c : kept->columns()) {
      candidates.bytes += c->values_buffer() ? c->values_buffer()->size() : 0;
      candidates.bytes += c->data_buffer() ? c->data_buffer()->size() : 0;
    }
    candidates.batches.push_back(std::move(kept));
    COPRA_RETURN_NOT_OK(ctx_->CheckMemory(candidates.bytes, "sort"));
    if (static_cast<int64_t>(candidates.keys.size()) >= 2 * wanted + ctx_->batch_size) {
      candidates.Shrink(schema(), wanted);
      threshold = candidates.keys.back();
    }
  }
  candidates.Shrink(schema(), wanted);
  const int64_t n = static_cast<int64_t>(candidates.keys.size());
  const int64_t start = std::min(offset_, n);
  result_ = candidates.batches.back()->Slice(start, n - start);
  return Status::OK();
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
    // A bounded TopN pays off for small limits; a huge LIMIT sorts it all.
    constexpr int64_t kMaxTopN = int64_t{1} << 22;
    if (fetch_ && *fetch_ <= kMaxTopN && offset_ <= kMaxTopN) {
      COPRA_RETURN_NOT_OK(TopNInput(offset_ + *fetch_));
    } else {
      COPRA_RETURN_NOT_OK(SortInput());
    }
  }
  int64_t total = result_->num_rows();
  if (next_row_ >= total) return BatchPtr();
  int64_t n = std::min(ctx_->batch_size, total - next_row_);
  BatchPtr out = result_->Slice(next_row_, n);
  next_row_ += n;
  return out;
}

}  // namespace copra
