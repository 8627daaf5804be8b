// TableSchema: a table's columns and its time-series roles (GreptimeDB's
// model): at most one TIME INDEX column, PRIMARY KEY columns are tags, the
// rest are fields. Immutable after creation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "types/logical_type.h"
#include "vector/batch.h"

namespace copra {

enum class ColumnRole : uint8_t { kField, kTag, kTimeIndex };

struct TableColumn {
  std::string name;
  LogicalType type;
  bool nullable = true;
  ColumnRole role = ColumnRole::kField;
  std::optional<std::string> default_sql;  // DEFAULT expression as SQL text
  std::string comment;
};

class TableSchema {
 public:
  TableSchema() = default;
  TableSchema(std::vector<TableColumn> columns, std::vector<int> primary_key,
              int time_index, std::map<std::string, std::string> options);

  const std::vector<TableColumn>& columns() const { return columns_; }
  const TableColumn& column(size_t i) const { return columns_[i]; }
  size_t num_columns() const { return columns_.size(); }
  // Index of the TIME INDEX column, or -1 for a plain table.
  int time_index() const { return time_index_; }
  // Tag column indexes in PRIMARY KEY order.
  const std::vector<int>& primary_key() const { return primary_key_; }
  // WITH (...) options, keys lower case.
  const std::map<std::string, std::string>& options() const { return options_; }
  bool append_mode() const;

  // Case-sensitive lookup (names are stored already folded); -1 if absent.
  int FindColumn(std::string_view name) const;
  // The schema of a full-row batch of this table.
  const SchemaPtr& batch_schema() const { return batch_schema_; }

 private:
  std::vector<TableColumn> columns_;
  std::vector<int> primary_key_;
  int time_index_ = -1;
  std::map<std::string, std::string> options_;
  SchemaPtr batch_schema_;
};

}  // namespace copra
