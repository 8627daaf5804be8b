#include "vector/batch.h"

#include <fmt/format.h>

namespace copra {

int Schema::FindField(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string Schema::ToString() const {
  std::string out;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) out += ", ";
    out += fields_[i].name + " " + fields_[i].type.ToString();
    if (!fields_[i].nullable) out += " NOT NULL";
  }
  return out;
}

Batch::Batch(SchemaPtr schema, std::vector<ColumnPtr> columns, int64_t num_rows)
    : schema_(std::move(schema)), columns_(std::move(columns)), num_rows_(num_rows) {
  COPRA_CHECK(schema_ != nullptr);
  COPRA_CHECK_MSG(columns_.size() == schema_->num_fields(),
                  fmt::format("{} columns for a schema of {} fields", columns_.size(),
                              schema_->num_fields()));
  for (size_t i = 0; i < columns_.size(); ++i) {
    COPRA_CHECK(columns_[i] != nullptr);
    COPRA_CHECK_MSG(columns_[i]->length() == num_rows_,
                    fmt::format("column {} has {} rows, the batch {}", i,
                                columns_[i]->length(), num_rows_));
    COPRA_CHECK_MSG(columns_[i]->type() == schema_->field(i).type,
                    fmt::format("column {} is {}, the schema says {}", i,
                                columns_[i]->type().ToString(),
                                schema_->field(i).type.ToString()));
  }
}

BatchPtr Batch::Slice(int64_t offset, int64_t length) const {
  COPRA_CHECK(offset >= 0 && length >= 0 && offset + length <= num_rows_);
  std::vector<ColumnPtr> columns;
  columns.reserve(columns_.size());
  for (const ColumnPtr& c : columns_) columns.push_back(c->Slice(offset, length));
  return Make(schema_, std::move(columns), length);
}

std::string Batch::ToString() const {
  std::string out;
  for (size_t i = 0; i < schema_->num_fields(); ++i) {
    if (i > 0) out += " | ";
    out += schema_->field(i).name;
  }
  out += '\n';
  for (int64_t r = 0; r < num_rows_; ++r) {
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) out += " | ";
      out += columns_[i]->GetValue(r).ToString();
    }
    out += '\n';
  }
  return out;
}

}  // namespace copra
