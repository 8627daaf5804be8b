// The Arrow C Data Interface: hands Columns and Batches to any Arrow
// consumer (pyarrow, numpy through pyarrow, DuckDB, Polars, ...) and takes
// theirs, without copying.
//
// Export is zero-copy: the exported buffers are the Column's own buffers
// (the Column's offset travels as ArrowArray.offset) and the ArrowArray's
// private_data holds a ColumnPtr/BatchPtr until the consumer calls release.
// The ArrowSchema is independent and has its own release.
//
// Import takes ownership: the ArrowArray is moved out of the caller's struct
// (its release is set to NULL) into a holder; the imported Buffers wrap the
// producer's memory and the producer's release runs exactly once, when the
// last Buffer that uses it dies. This happens on error too (the array has
// been consumed either way). Struct children are moved out of the parent
// individually, as the spec allows, so each imported column lives on its own.
//
// Supported formats: n b c s i l C S I L f g u z tdD tin tss: tsm: tsu: tsn:
// (import accepts any timezone after the colon; export writes none) and +s
// for batches. Dictionaries, large/view strings, lists and other nested types
// are kFeatureNotSupported on import.
//
// Thread safety: exported structs may be released from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "types/logical_type.h"
#include "vector/batch.h"
#include "vector/column.h"

// The structs exactly as the Arrow specification defines them.
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

extern "C" {

struct ArrowSchema {
  // Array type description
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;

  // Release callback
  void (*release)(struct ArrowSchema*);
  // Opaque producer-specific data
  void* private_data;
};

struct ArrowArray {
  // Array data description
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;

  // Release callback
  void (*release)(struct ArrowArray*);
  // Opaque producer-specific data
  void* private_data;
};

}  // extern "C"

#endif  // ARROW_C_DATA_INTERFACE

namespace copra {

// Arrow format string of `type`, e.g. "l", "u", "tsm:", "tdD", "tin", "n".
std::string TypeToArrowFormat(const LogicalType& type);
// The LogicalType of an Arrow format string (kFeatureNotSupported for
// formats Copra has no type for).
Result<LogicalType> ArrowFormatToType(std::string_view format);

// Fills `out` and `schema_out` (either may be nullptr to skip it). The
// caller owns both and must call their release callbacks.
Status ExportColumn(const ColumnPtr& column, const std::string& name, bool nullable,
                    ArrowArray* out, ArrowSchema* schema_out);
// A struct array ("+s") with one child per column, named by the schema.
Status ExportBatch(const BatchPtr& batch, ArrowArray* out, ArrowSchema* schema_out);
// Only the schema, e.g. to announce a stream's type before any batch.
Status ExportSchema(const Schema& schema, ArrowSchema* schema_out);

// Imports `array` described by `schema` (which stays the caller's). See the
// ownership rules above. REQUIRES: array->release != nullptr.
Result<ColumnPtr> ImportColumn(ArrowArray* array, const ArrowSchema* schema);
// Imports a struct array as a Batch; field names and nullability come from
// the schema's children. Top-level NULL rows are kFeatureNotSupported.
Result<BatchPtr> ImportBatch(ArrowArray* array, const ArrowSchema* schema);
// The Copra Schema of a struct ArrowSchema.
Result<SchemaPtr> ImportSchema(const ArrowSchema* schema);

}  // namespace copra
