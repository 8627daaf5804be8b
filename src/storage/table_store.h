// TableStore: table definitions on disk, so tables come back after a
// restart. Each storage table's region directory holds `table.json` (its
// database, name, columns with types/roles/defaults/comments, PRIMARY KEY,
// TIME INDEX and WITH options) with a CRC-32C trailer, written atomically
// before the table becomes visible. Thread-safe (free functions).
#pragma once

#include <string>

#include "catalog/table_schema.h"
#include "common/status.h"

namespace copra::storage {

struct TableDefinition {
  std::string database;
  std::string name;
  TableSchema schema;
};

// A table schema as a JSON object (the "columns", "primary_key",
// "time_index" and "options" of table.json), and back; the manifest keeps
// an ALTERed schema in the same form.
std::string TableSchemaToJson(const TableSchema& schema);
Result<TableSchema> TableSchemaFromJson(const std::string& json);

Status StoreTableDefinition(const std::string& path, const TableDefinition& def);
Result<TableDefinition> LoadTableDefinition(const std::string& path);

}  // namespace copra::storage
