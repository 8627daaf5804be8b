// Row take for the storage write paths: the rows of a column at given
// positions, as vector/selection.h's TakeColumn, into buffers that are not
// zeroed first (every byte is written anyway). The flush takes every row of
// a memtable once, so clearing ~100 MB of fresh memory before overwriting it
// was a tenth of its CPU time.
//
// Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <vector>

#include "vector/column.h"

namespace copra::storage {

// A buffer of `size` bytes whose contents are unspecified (the alignment
// padding after `size` is zeroed); *data points at it for filling. The
// memory is freed with the buffer.
BufferPtr AllocateUninitialized(int64_t size, uint8_t** data);

// Rows `indices[0..n)` of `col` (any type), like TakeColumn.
ColumnPtr TakeRows(const Column& col, const int32_t* indices, int64_t n);
// The same from several columns of one type: output row i is row rows[i]
// of parts[part[i]] (of parts[0] when `part` is null).
ColumnPtr TakeRows(const std::vector<const Column*>& parts, const uint32_t* part,
                   const int32_t* rows, int64_t n);

}  // namespace copra::storage
