#include "storage/numbers_table.h"

namespace copra {

namespace {

class NumbersReader : public BatchReader {
 public:
  NumbersReader(SchemaPtr schema, bool with_column, int64_t total, int64_t batch_size)
      : schema_(std::move(schema)), with_column_(with_column), total_(total),
        batch_size_(batch_size) {}

  const SchemaPtr& schema() const override { return schema_; }

  Result<BatchPtr> Next() override {
    if (next_ >= total_) return BatchPtr();
    int64_t n = std::min(batch_size_, total_ - next_);
    std::vector<ColumnPtr> columns;
    if (with_column_) {
      BufferPtr values = Buffer::Allocate(n * 4);
      uint32_t* v = values->mutable_data_as<uint32_t>();
      for (int64_t i = 0; i < n; ++i) v[i] = static_cast<uint32_t>(next_ + i);
      columns.push_back(std::make_shared<Column>(LogicalType::UInt32(), n, nullptr, values,
                                                 nullptr, 0));
    }
    next_ += n;
    return Batch::Make(schema_, std::move(columns), n);
  }

 private:
  SchemaPtr schema_;
  bool with_column_;
  int64_t total_;
  int64_t batch_size_;
  int64_t next_ = 0;
};

TableSchema NumbersSchema() {
  TableColumn number;
  number.name = "number";
  number.type = LogicalType::UInt32();
  number.nullable = false;
  return TableSchema({number}, {}, -1, {});
}

}  // namespace

NumbersTable::NumbersTable(int64_t rows) : Table("numbers", NumbersSchema()), rows_(rows) {}

Result<std::unique_ptr<BatchReader>> NumbersTable::Scan(const ScanRequest& request,
                                                        ScanMetrics* metrics) {
  int64_t total = rows_;
  if (request.limit) total = std::min(total, *request.limit);
  bool with_column = !request.projection.empty();
  std::vector<Field> fields;
  if (with_column) fields.push_back(Field{"number", LogicalType::UInt32(), false});
  return std::unique_ptr<BatchReader>(std::make_unique<NumbersReader>(
      std::make_shared<const Schema>(std::move(fields)), with_column, total, request.batch_size));
}

}  // namespace copra
