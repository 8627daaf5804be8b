#include "catalog/schema_change.h"

namespace copra {

BatchPtr SchemaChange::Apply(const BatchPtr& old_rows) const {
  const int64_t n = old_rows->num_rows();
  std::vector<ColumnPtr> columns;
  columns.reserve(source.size());
  for (size_t c = 0; c < source.size(); ++c) {
    if (source[c] >= 0) {
      columns.push_back(old_rows->column(static_cast<size_t>(source[c])));
    } else if (fill[c].is_null()) {
      columns.push_back(Column::MakeNull(schema.column(c).type, n));
    } else {
      columns.push_back(Column::MakeConstant(fill[c], n));
    }
  }
  return Batch::Make(schema.batch_schema(), std::move(columns), n);
}

}  // namespace copra
