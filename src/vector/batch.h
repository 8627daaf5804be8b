// Schema and Batch: a set of equally long Columns with names and types; the
// unit that flows between operators, to clients and to Python.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "types/logical_type.h"
#include "vector/column.h"

namespace copra {

// Default maximum rows per batch. Operators produce batches of at most the
// session's batch size (setting `batch_size`, default this value).
inline constexpr int64_t kDefaultBatchSize = 8192;

struct Field {
  std::string name;
  LogicalType type;
  bool nullable = true;
};

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  const std::vector<Field>& fields() const { return fields_; }
  const Field& field(size_t i) const { return fields_[i]; }
  size_t num_fields() const { return fields_.size(); }
  // Index of the first field named `name` (exact match), or -1.
  int FindField(std::string_view name) const;
  std::string ToString() const;

 private:
  std::vector<Field> fields_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

class Batch;
using BatchPtr = std::shared_ptr<const Batch>;

class Batch {
 public:
  // REQUIRES: columns.size() == schema->num_fields(), each column has
  // `num_rows` rows and the schema's type.
  Batch(SchemaPtr schema, std::vector<ColumnPtr> columns, int64_t num_rows);

  static BatchPtr Make(SchemaPtr schema, std::vector<ColumnPtr> columns, int64_t num_rows) {
    return std::make_shared<const Batch>(std::move(schema), std::move(columns), num_rows);
  }

  const SchemaPtr& schema() const { return schema_; }
  const std::vector<ColumnPtr>& columns() const { return columns_; }
  const ColumnPtr& column(size_t i) const { return columns_[i]; }
  size_t num_columns() const { return columns_.size(); }
  int64_t num_rows() const { return num_rows_; }

  // Rows [offset, offset + length), sharing buffers.
  BatchPtr Slice(int64_t offset, int64_t length) const;
  // Debug rendering, one row per line.
  std::string ToString() const;

 private:
  SchemaPtr schema_;
  std::vector<ColumnPtr> columns_;
  int64_t num_rows_;
};

}  // namespace copra
