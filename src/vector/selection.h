// Row selection kernels: gather rows by index (Take), keep rows where a
// BOOLEAN column is TRUE (Filter), and concatenate columns. They copy values
// into new buffers; typed loops per byte width, no per-row type dispatch.
#pragma once

#include <cstdint>
#include <vector>

#include "vector/batch.h"
#include "vector/column.h"

namespace copra {

// Rows indices[0..n) of `col`. REQUIRES: every index < col.length().
ColumnPtr TakeColumn(const Column& col, const int32_t* indices, int64_t n);
// Same for every column of `batch`.
BatchPtr TakeBatch(const Batch& batch, const int32_t* indices, int64_t n);

// Indices of rows where `predicate` (BOOLEAN) is valid and TRUE.
std::vector<int32_t> SelectTrue(const Column& predicate);

// Rows of `batch` where `predicate` is TRUE (shares columns when all are).
BatchPtr FilterBatch(const BatchPtr& batch, const Column& predicate);

// Concatenates columns of one type.
ColumnPtr ConcatColumns(const std::vector<ColumnPtr>& columns);

}  // namespace copra
