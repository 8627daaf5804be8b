// SystemTable: a read-only virtual table whose rows are computed when it is
// scanned (information_schema, pg_catalog): the catalog is read at scan
// time, so a query sees the tables that exist when it starts. RowWriter
// fills the rows column by column in declaration order.
//
// Thread-safe: the row function must be (it reads the thread-safe Catalog).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/table.h"
#include "vector/column_builder.h"

namespace copra {

// Appends rows to the columns of a TableSchema, one value at a time in
// column order; the row ends after its last column. Values must fit the
// column type family (Int() for any integer column, Str() for STRING).
class RowWriter {
 public:
  explicit RowWriter(const TableSchema& schema);

  RowWriter& Str(std::string_view v);
  RowWriter& Int(int64_t v);
  RowWriter& Bool(bool v);
  RowWriter& Null();

  int64_t num_rows() const { return rows_; }
  // The rows written, as a batch of the schema's batch_schema().
  // REQUIRES: no row half written.
  BatchPtr Finish();

 private:
  ColumnBuilder& NextColumn();

  const TableSchema& schema_;
  std::vector<ColumnBuilder> builders_;
  size_t column_ = 0;
  int64_t rows_ = 0;
};

class SystemTable : public Table {
 public:
  // Produces all rows (a batch of the table's batch_schema()).
  using RowsFunction = std::function<Result<BatchPtr>(const TableSchema& schema)>;

  SystemTable(std::string name, std::vector<TableColumn> columns, RowsFunction rows);

  bool IsSystem() const override { return true; }
  std::string engine() const override { return "system"; }
  Result<std::unique_ptr<BatchReader>> Scan(const ScanRequest& request,
                                            ScanMetrics* metrics) override;

 private:
  RowsFunction rows_;
};

// A nullable (or not) column of a system table.
TableColumn SystemColumn(std::string name, LogicalType type, bool nullable = true);

}  // namespace copra
