#include "catalog/system_table.h"

#include <algorithm>

namespace copra {

namespace {

// Serves slices of one precomputed batch.
class SliceReader : public BatchReader {
 public:
  SliceReader(BatchPtr all, int64_t batch_size) : all_(std::move(all)), batch_size_(batch_size) {}
  const SchemaPtr& schema() const override { return all_->schema(); }
  Result<BatchPtr> Next() override {
    if (next_ >= all_->num_rows()) return BatchPtr();
    int64_t n = std::min(batch_size_, all_->num_rows() - next_);
    BatchPtr out = all_->Slice(next_, n);
    next_ += n;
    return out;
  }

 private:
  BatchPtr all_;
  int64_t batch_size_;
  int64_t next_ = 0;
};

}  // namespace

RowWriter::RowWriter(const TableSchema& schema) : schema_(schema) {
  for (const TableColumn& c : schema.columns()) builders_.emplace_back(c.type);
}

ColumnBuilder& RowWriter::NextColumn() {
  COPRA_CHECK(column_ < builders_.size());
  ColumnBuilder& b = builders_[column_];
  if (++column_ == builders_.size()) {
    column_ = 0;
    ++rows_;
  }
  return b;
}

RowWriter& RowWriter::Str(std::string_view v) {
  ColumnBuilder& b = NextColumn();
  COPRA_CHECK(b.type().IsVarWidth());
  Status st = b.AppendString(v);
  COPRA_CHECK(st.ok());
  return *this;
}

RowWriter& RowWriter::Int(int64_t v) {
  ColumnBuilder& b = NextColumn();
  switch (b.type().id()) {
    case TypeId::kInt16: b.Append<int16_t>(static_cast<int16_t>(v)); break;
    case TypeId::kInt32: b.Append<int32_t>(static_cast<int32_t>(v)); break;
    case TypeId::kInt64: b.Append<int64_t>(v); break;
    case TypeId::kUInt32: b.Append<uint32_t>(static_cast<uint32_t>(v)); break;
    default: COPRA_CHECK_MSG(false, "RowWriter::Int on a " + b.type().ToString() + " column");
  }
  return *this;
}

RowWriter& RowWriter::Bool(bool v) {
  ColumnBuilder& b = NextColumn();
  COPRA_CHECK(b.type().IsBoolean());
  b.AppendBool(v);
  return *this;
}

RowWriter& RowWriter::Null() {
  NextColumn().AppendNull();
  return *this;
}

BatchPtr RowWriter::Finish() {
  COPRA_CHECK(column_ == 0);
  std::vector<ColumnPtr> columns;
  for (ColumnBuilder& b : builders_) columns.push_back(b.Finish());
  BatchPtr out = Batch::Make(schema_.batch_schema(), std::move(columns), rows_);
  rows_ = 0;
  return out;
}

TableColumn SystemColumn(std::string name, LogicalType type, bool nullable) {
  TableColumn c;
  c.name = std::move(name);
  c.type = type;
  c.nullable = nullable;
  return c;
}

SystemTable::SystemTable(std::string name, std::vector<TableColumn> columns, RowsFunction rows)
    : Table(std::move(name), TableSchema(std::move(columns), {}, -1, {})), rows_(std::move(rows)) {}

Result<std::unique_ptr<BatchReader>> SystemTable::Scan(const ScanRequest& request,
                                                       ScanMetrics* metrics) {
  COPRA_ASSIGN_OR_RETURN(BatchPtr all, rows_(schema()));
  int64_t rows = all->num_rows();
  if (request.limit) rows = std::min(rows, *request.limit);
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  for (int c : request.projection) {
    fields.push_back(schema().batch_schema()->field(static_cast<size_t>(c)));
    columns.push_back(all->column(static_cast<size_t>(c))->Slice(0, rows));
  }
  BatchPtr projected =
      Batch::Make(std::make_shared<const Schema>(std::move(fields)), std::move(columns), rows);
  return std::unique_ptr<BatchReader>(std::make_unique<SliceReader>(
      std::move(projected), std::max<int64_t>(1, request.batch_size)));
}

}  // namespace copra
