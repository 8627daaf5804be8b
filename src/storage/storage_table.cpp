#include "storage/storage_table.h"

#include "storage/column_concat.h"
#include "vector/selection.h"

namespace copra::storage {

StorageTable::StorageTable(std::string database, std::string name, uint64_t region_id,
                           std::shared_ptr<Region> region)
    : Table(std::move(name), region->schema()),
      database_(std::move(database)),
      region_id_(region_id),
      region_(std::move(region)) {}

Result<std::unique_ptr<BatchReader>> StorageTable::Scan(const ScanRequest& request,
                                                        ScanMetrics* metrics) {
  ScanMetrics ignored;
  return region_->Scan(request, metrics != nullptr ? metrics : &ignored);
}

Result<int64_t> StorageTable::Insert(const BatchPtr& batch) {
  // A record the WAL could not decode again would keep the table from
  // opening: check the shape before it gets there.
  const TableSchema& table = schema();
  bool fits = batch->num_columns() == table.num_columns();
  for (size_t c = 0; fits && c < table.num_columns(); ++c) {
    fits = batch->column(c)->type() == table.column(c).type &&
           batch->column(c)->length() >= batch->num_rows();
  }
  if (!fits) {
    return Status::Error(ErrorCode::kDatatypeMismatch,
                         "rows for table \"" + name() +
                             "\" do not have its columns: " + batch->schema()->ToString());
  }
  if (table.time_index() >= 0 &&
      batch->column(static_cast<size_t>(table.time_index()))->null_count() > 0) {
    return Status::Error(ErrorCode::kNotNullViolation,
                         "null value in the TIME INDEX column of table \"" + name() + "\"");
  }
  return region_->Write(batch, kOpPut);
}

Result<int64_t> StorageTable::Delete(const RowPredicate& predicate) {
  ScanRequest request;
  for (size_t c = 0; c < schema().num_columns(); ++c)
    request.projection.push_back(static_cast<int>(c));
  ScanMetrics metrics;
  COPRA_ASSIGN_OR_RETURN(auto reader, region_->Scan(request, &metrics));
  std::vector<BatchPtr> matching;
  int64_t n = 0;
  while (true) {
    COPRA_ASSIGN_OR_RETURN(BatchPtr batch, reader->Next());
    if (batch == nullptr) break;
    batch = Batch::Make(schema().batch_schema(), batch->columns(), batch->num_rows());
    COPRA_ASSIGN_OR_RETURN(ColumnPtr mask, predicate(batch));
    BatchPtr rows = FilterBatch(batch, *mask);
    if (rows->num_rows() == 0) continue;
    n += rows->num_rows();
    matching.push_back(std::move(rows));
  }
  if (n == 0) return int64_t{0};
  // One write, so the statement's markers are durable all together or not at all.
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < schema().num_columns(); ++c) {
    std::vector<ColumnPtr> pieces;
    for (const BatchPtr& b : matching) pieces.push_back(b->column(c));
    columns.push_back(ConcatenateColumns(pieces));
  }
  return region_->Write(Batch::Make(schema().batch_schema(), std::move(columns), n), kOpDelete);
}

}  // namespace copra::storage
