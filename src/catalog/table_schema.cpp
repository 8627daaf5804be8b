#include "catalog/table_schema.h"

namespace copra {

TableSchema::TableSchema(std::vector<TableColumn> columns, std::vector<int> primary_key,
                         int time_index, std::map<std::string, std::string> options)
    : columns_(std::move(columns)),
      primary_key_(std::move(primary_key)),
      time_index_(time_index),
      options_(std::move(options)) {
  std::vector<Field> fields;
  fields.reserve(columns_.size());
  for (const TableColumn& c : columns_) fields.push_back(Field{c.name, c.type, c.nullable});
  batch_schema_ = std::make_shared<const Schema>(std::move(fields));
}

bool TableSchema::append_mode() const {
  auto it = options_.find("append_mode");
  return it != options_.end() && (it->second == "true" || it->second == "1");
}

int TableSchema::FindColumn(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace copra
