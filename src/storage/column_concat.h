// ConcatenateColumns: joins columns of one type into one, copying buffers
// with memcpy (the general ConcatColumns in vector/selection.h appends row
// by row). Used on the storage engine's bulk paths: memtable sorting,
// merges, compaction. Thread-safe (pure function).
#pragma once

#include <vector>

#include "vector/column.h"

namespace copra::storage {

// REQUIRES: !parts.empty(), all of the same type.
ColumnPtr ConcatenateColumns(const std::vector<ColumnPtr>& parts);

}  // namespace copra::storage
