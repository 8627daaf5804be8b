// Mapping between copra Fields and Parquet schema elements.
//
// Writing: every copra type has one Parquet representation (see
// docs/parquet.md); ToSchemaElement builds it. Reading: FromSchema turns the
// flat schema of a (possibly foreign) file into one ColumnDescriptor per leaf
// column, naming how its physical values convert to the copra type, or
// explains why a column cannot be read (nested, repeated, unsupported types).
// Plain data and stateless functions.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "storage/parquet/format.h"
#include "vector/batch.h"

namespace copra::parquet {

// How the physical values of a column become the copra type.
enum class Conversion : uint8_t {
  kBoolean,               // BOOLEAN -> BOOLEAN
  kInt32,                 // INT32 -> INT32, UINT32 (bit pattern), DATE
  kInt32ToInt8,           // INT32 -> INT8 / UINT8 (truncating)
  kInt32ToInt16,          // INT32 -> INT16 / UINT16
  kInt64,                 // INT64 -> INT64, UINT64, TIMESTAMP of the same unit
  kInt64Div1000,          // INT64 millis -> TIMESTAMP(s) (Copra's seconds columns)
  kFloat,                 // FLOAT -> FLOAT32
  kDouble,                // DOUBLE -> FLOAT64
  kByteArray,             // BYTE_ARRAY -> STRING / BINARY
  kFixedToBinary,         // FIXED_LEN_BYTE_ARRAY -> BINARY
  kInt96ToNanos,          // legacy INT96 timestamps -> TIMESTAMP(ns)
  kIntervalFromFixed,     // FIXED[12] INTERVAL (months, days, millis) -> INTERVAL
  kDecimal32ToDouble,     // INT32 DECIMAL(p, s) -> FLOAT64
  kDecimal64ToDouble,     // INT64 DECIMAL(p, s) -> FLOAT64
  kDecimalBytesToDouble,  // (FIXED_LEN_)BYTE_ARRAY DECIMAL (big-endian, <= 16 bytes) -> FLOAT64
};

struct ColumnDescriptor {
  Field field;  // name, copra type, nullable
  format::Type physical = format::Type::kBoolean;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width
  int max_def_level = 0;    // 1 for OPTIONAL, 0 for REQUIRED
  Conversion conversion = Conversion::kBoolean;
  int32_t decimal_scale = 0;
  // The legacy Statistics.min/max fields (signed order of the physical
  // type) are meaningful: false for unsigned integers, byte arrays, INT96
  // and INTERVAL. min_value/max_value are always in the type's own order.
  bool stats_ordered = true;
};

// Name of the FileMetaData key listing the indexes of TIMESTAMP(s) columns
// (stored as MILLIS x 1000), e.g. "0,3".
inline constexpr const char* kSecondColumnsKey = "copra.timestamp_second_columns";

// The Parquet leaf element for `field`, and its descriptor for writing.
Result<ColumnDescriptor> DescribeForWrite(const Field& field);
format::SchemaElement ToSchemaElement(const ColumnDescriptor& desc);

// Descriptors of all leaf columns of a file; `kv` is the file's key/value
// metadata (for kSecondColumnsKey).
Result<std::vector<ColumnDescriptor>> FromSchema(const std::vector<format::SchemaElement>& schema,
                                                 const std::vector<format::KeyValue>& kv);

// Bytes per PLAIN value of a fixed-width physical type (BOOLEAN: 1 in the
// decoded scratch form); 0 for BYTE_ARRAY.
int PhysicalWidth(const ColumnDescriptor& desc);

}  // namespace copra::parquet
