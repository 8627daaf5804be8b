// BatchCodec: a compact binary form of a Batch for WAL records. Columns are
// written buffer by buffer (validity bitmap, values, string bytes), rebased
// to offset 0, so encoding is mostly memcpy. Decoding checks every length
// against the bytes present and validates string offsets, so a damaged
// payload is an error, never a crash.
//
// Layout (little-endian):
//   u64 num_rows, u32 num_columns, then per column:
//   u8 has_validity, [validity bitmap ceil(n/8) bytes],
//   values: fixed width n*w bytes | BOOLEAN bitmap ceil(n/8) bytes |
//           STRING/BINARY (n+1) i32 offsets starting at 0, u64 data_len, data.
// Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "vector/batch.h"

namespace copra::storage {

// Appends the encoding of `batch` to `out`.
void EncodeBatch(const Batch& batch, std::string* out);
// Decodes a batch of `schema` from `bytes`; kDataCorrupted when it does not fit.
Result<BatchPtr> DecodeBatch(const SchemaPtr& schema, std::string_view bytes);

}  // namespace copra::storage
