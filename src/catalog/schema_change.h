// SchemaChange: what an ALTER TABLE does to a table's rows — the new schema
// and, for each of its columns, where the values of rows written before the
// change come from (an old column, or a fill value for an added column:
// its DEFAULT or NULL). Used to convert in-memory tables' batches and rows
// still written through a table object from before the change; storage
// regions keep the same mapping per data file (storage/region_schema.h).
//
// Thread safety: immutable after construction; Apply is reentrant.
#pragma once

#include <vector>

#include "catalog/table_schema.h"
#include "types/value.h"
#include "vector/batch.h"

namespace copra {

struct SchemaChange {
  TableSchema schema;       // the table's new schema
  std::vector<int> source;  // per new column: index in the old schema, -1 = added
  std::vector<Value> fill;  // per new column: value for old rows (used when source is -1)

  // Rows of the old schema as rows of the new one (no copy of kept columns).
  BatchPtr Apply(const BatchPtr& old_rows) const;
};

}  // namespace copra
