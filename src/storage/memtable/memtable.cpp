#include "storage/memtable/memtable.h"

#include <chrono>
#include <cstring>

#include "vector/selection.h"

namespace copra::storage {

Memtable::Memtable(SchemaPtr internal_schema, RowLayout layout)
    : schema_(std::move(internal_schema)), layout_(std::move(layout)) {}

void Memtable::Add(uint64_t first_seq, uint8_t op, const BatchPtr& batch) {
  const int64_t n = batch->num_rows();
  if (n == 0) return;
  auto seq = Buffer::AllocateUninitialized(n * 8);  // every value written below
  auto* s = seq->mutable_data_as<uint64_t>();
  for (int64_t i = 0; i < n; ++i) s[i] = first_seq + static_cast<uint64_t>(i);
  auto ops = Buffer::AllocateUninitialized(n);
  std::memset(ops->mutable_data(), op, static_cast<size_t>(n));
  std::vector<ColumnPtr> columns = batch->columns();
  columns.push_back(std::make_shared<const Column>(LogicalType::UInt64(), n, nullptr, seq));
  columns.push_back(std::make_shared<const Column>(LogicalType::UInt8(), n, nullptr, ops));
  BatchPtr entry = Batch::Make(schema_, std::move(columns), n);
  {
    std::lock_guard<std::mutex> lock(mu_);
    entries_.push_back(std::move(entry));
  }
  if (first_write_ms_.load() == 0) {
    first_write_ms_.store(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count());
  }
  bytes_ += EstimateBatchBytes(*batch) + 9 * n;
  rows_ += n;
  max_seq_.store(first_seq + static_cast<uint64_t>(n) - 1);
}

BatchPtr Memtable::SortedRows(ParallelFor* gang) {
  BatchPtr base;
  std::vector<BatchPtr> fresh;
  size_t upto = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (sorted_upto_ == entries_.size()) return sorted_;
    base = sorted_;
    fresh.assign(entries_.begin() + static_cast<std::ptrdiff_t>(sorted_upto_), entries_.end());
    upto = entries_.size();
  }
  // Sort outside the lock so writers are not held up; the rows are taken
  // from the entries directly (no concatenation first).
  std::vector<BatchPtr> parts;
  if (base) parts.push_back(base);
  for (BatchPtr& b : fresh) parts.push_back(std::move(b));
  BatchPtr sorted = SortAndResolve(parts, layout_, /*keep_tombstones=*/true, gang);
  std::lock_guard<std::mutex> lock(mu_);
  if (upto > sorted_upto_) {
    sorted_ = sorted;
    sorted_upto_ = upto;
  }
  return sorted;
}

}  // namespace copra::storage
