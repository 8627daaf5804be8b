#include "storage/memory_table.h"

#include "vector/selection.h"

namespace copra {

namespace {

// Streams a snapshot of batches, projected and cut to the batch size.
class MemoryTableReader : public BatchReader {
 public:
  MemoryTableReader(std::vector<BatchPtr> batches, std::vector<int> projection, SchemaPtr schema,
                    int64_t batch_size, std::optional<int64_t> limit)
      : batches_(std::move(batches)),
        projection_(std::move(projection)),
        schema_(std::move(schema)),
        batch_size_(batch_size),
        limit_(limit) {}

  const SchemaPtr& schema() const override { return schema_; }

  Result<BatchPtr> Next() override {
    while (current_ < batches_.size()) {
      if (limit_ && emitted_ >= *limit_) return BatchPtr();
      const BatchPtr& batch = batches_[current_];
      if (offset_ >= batch->num_rows()) {
        ++current_;
        offset_ = 0;
        continue;
      }
      int64_t n = std::min(batch_size_, batch->num_rows() - offset_);
      if (limit_) n = std::min(n, *limit_ - emitted_);
      std::vector<ColumnPtr> columns;
      columns.reserve(projection_.size());
      for (int c : projection_) {
        columns.push_back(batch->column(static_cast<size_t>(c))->Slice(offset_, n));
      }
      offset_ += n;
      emitted_ += n;
      return Batch::Make(schema_, std::move(columns), n);
    }
    return BatchPtr();
  }

 private:
  std::vector<BatchPtr> batches_;
  std::vector<int> projection_;
  SchemaPtr schema_;
  int64_t batch_size_;
  std::optional<int64_t> limit_;
  size_t current_ = 0;
  int64_t offset_ = 0;
  int64_t emitted_ = 0;
};

}  // namespace

MemoryTable::MemoryTable(std::string name, TableSchema schema)
    : Table(std::move(name), std::move(schema)) {}

Result<std::unique_ptr<BatchReader>> MemoryTable::Scan(const ScanRequest& request,
                                                       ScanMetrics* metrics) {
  std::vector<BatchPtr> snapshot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    snapshot = batches_;
  }
  std::vector<Field> fields;
  for (int c : request.projection) {
    const TableColumn& col = schema().column(static_cast<size_t>(c));
    fields.push_back(Field{col.name, col.type, col.nullable});
  }
  auto reader = std::make_unique<MemoryTableReader>(
      std::move(snapshot), request.projection, std::make_shared<const Schema>(std::move(fields)),
      request.batch_size, request.limit);
  return std::unique_ptr<BatchReader>(std::move(reader));
}

Result<int64_t> MemoryTable::Insert(const BatchPtr& batch) {
  if (batch->num_rows() == 0) return int64_t{0};
  std::shared_ptr<MemoryTable> successor;
  std::shared_ptr<const SchemaChange> change;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (successor_ == nullptr) {
      batches_.push_back(batch);
      return batch->num_rows();
    }
    successor = successor_;
    change = change_;
  }
  return successor->Insert(change->Apply(batch));
}

std::shared_ptr<MemoryTable> MemoryTable::Alter(std::string name, const SchemaChange& change) {
  auto next = std::make_shared<MemoryTable>(std::move(name), change.schema);
  std::lock_guard<std::mutex> lock(mu_);
  for (const BatchPtr& b : batches_) next->batches_.push_back(change.Apply(b));
  successor_ = next;
  change_ = std::make_shared<const SchemaChange>(change);
  return next;
}

Result<int64_t> MemoryTable::Delete(const RowPredicate& predicate) {
  std::lock_guard<std::mutex> lock(mu_);
  if (successor_ != nullptr) {
    return Status::Error(
        ErrorCode::kLockNotAvailable,
        "table \"" + this->name() + "\" was altered while the statement ran; retry");
  }
  std::vector<BatchPtr> kept;
  int64_t deleted = 0;
  for (const BatchPtr& batch : batches_) {
    COPRA_ASSIGN_OR_RETURN(ColumnPtr mask, predicate(batch));
    // Keep rows where the predicate is not TRUE (FALSE or NULL).
    std::vector<int32_t> keep;
    for (int64_t i = 0; i < batch->num_rows(); ++i) {
      if (!(mask->IsValid(i) && mask->GetBool(i))) keep.push_back(static_cast<int32_t>(i));
    }
    deleted += batch->num_rows() - static_cast<int64_t>(keep.size());
    if (static_cast<int64_t>(keep.size()) == batch->num_rows()) {
      kept.push_back(batch);
    } else if (!keep.empty()) {
      kept.push_back(TakeBatch(*batch, keep.data(), static_cast<int64_t>(keep.size())));
    }
  }
  batches_ = std::move(kept);
  return deleted;
}

int64_t MemoryTable::num_rows() const {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t n = 0;
  for (const BatchPtr& b : batches_) n += b->num_rows();
  return n;
}

}  // namespace copra
