#include "storage/series_table.h"

namespace copra {

namespace {

class SeriesReader : public BatchReader {
 public:
  SeriesReader(SchemaPtr schema, bool with_column, int64_t start, int64_t step, int64_t count,
               int64_t batch_size)
      : schema_(std::move(schema)), with_column_(with_column), start_(start), step_(step),
        count_(count), batch_size_(batch_size) {}

  const SchemaPtr& schema() const override { return schema_; }

  Result<BatchPtr> Next() override {
    if (next_ >= count_) return BatchPtr();
    int64_t n = std::min(batch_size_, count_ - next_);
    std::vector<ColumnPtr> columns;
    if (with_column_) {
      BufferPtr values = Buffer::Allocate(n * 8);
      int64_t* v = values->mutable_data_as<int64_t>();
      for (int64_t i = 0; i < n; ++i) v[i] = start_ + (next_ + i) * step_;
      columns.push_back(std::make_shared<Column>(LogicalType::Int64(), n, nullptr, values,
                                                 nullptr, 0));
    }
    next_ += n;
    return Batch::Make(schema_, std::move(columns), n);
  }

 private:
  SchemaPtr schema_;
  bool with_column_;
  int64_t start_, step_, count_, batch_size_;
  int64_t next_ = 0;
};

TableSchema SeriesSchema() {
  TableColumn c;
  c.name = "generate_series";
  c.type = LogicalType::Int64();
  c.nullable = false;
  return TableSchema({c}, {}, -1, {});
}

}  // namespace

SeriesTable::SeriesTable(int64_t start, int64_t stop, int64_t step)
    : Table("generate_series", SeriesSchema()), start_(start), stop_(stop), step_(step) {}

Result<std::unique_ptr<BatchReader>> SeriesTable::Scan(const ScanRequest& request,
                                                       ScanMetrics* metrics) {
  // Number of terms, computed in 128 bits so extreme bounds cannot overflow.
  __int128 span = static_cast<__int128>(stop_) - start_;
  __int128 count = 0;
  if ((step_ > 0 && span >= 0) || (step_ < 0 && span <= 0)) count = span / step_ + 1;
  int64_t total = count > INT64_MAX ? INT64_MAX : static_cast<int64_t>(count);
  if (request.limit) total = std::min(total, *request.limit);
  bool with_column = !request.projection.empty();
  std::vector<Field> fields;
  if (with_column) fields.push_back(Field{"generate_series", LogicalType::Int64(), false});
  return std::unique_ptr<BatchReader>(std::make_unique<SeriesReader>(
      std::make_shared<const Schema>(std::move(fields)), with_column, start_, step_, total,
      request.batch_size));
}

}  // namespace copra
