// Column: an immutable array of values of one LogicalType in the Arrow
// columnar memory layout, so it can be handed to numpy or any Arrow consumer
// without copying (see vector/arrow_c_data.h).
//
// Buffers (Arrow's order):
//   validity  bitmap, bit i set = row i valid; nullptr means "no nulls"
//   values    fixed-width values, the BOOLEAN bitmap, or, for STRING/BINARY,
//             length+1 int32 offsets
//   data      STRING/BINARY bytes (nullptr for other types)
// `offset` is the logical start inside every buffer (in values / bits), so
// Slice() shares buffers and copies nothing.
//
// Columns are shared as ColumnPtr (shared_ptr<const Column>); they are never
// mutated after construction and are safe to read from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "types/logical_type.h"
#include "types/value.h"
#include "vector/bit_util.h"
#include "vector/buffer.h"

namespace copra {

class Column;
using ColumnPtr = std::shared_ptr<const Column>;

class Column {
 public:
  // null_count < 0 means "unknown, count on demand".
  Column(LogicalType type, int64_t length, BufferPtr validity, BufferPtr values,
         BufferPtr data = nullptr, int64_t null_count = -1, int64_t offset = 0);

  // A column of `length` NULLs of `type`.
  static ColumnPtr MakeNull(const LogicalType& type, int64_t length);
  // `value` repeated `length` times (materialized flat).
  static ColumnPtr MakeConstant(const Value& value, int64_t length);
  // A column holding `values`, each NULL or exactly of `type` (otherwise
  // kDatatypeMismatch). Convenient for tests and VALUES lists.
  static Result<ColumnPtr> FromValues(const LogicalType& type, const std::vector<Value>& values);

  const LogicalType& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t offset() const { return offset_; }
  int64_t null_count() const;
  bool HasNulls() const { return validity_ != nullptr && null_count() > 0; }

  bool IsValid(int64_t i) const {
    return validity_ == nullptr || bit_util::GetBit(validity_->data(), offset_ + i);
  }
  bool IsNull(int64_t i) const { return !IsValid(i); }

  // Validity bitmap (bit index offset()+i) or nullptr when all are valid.
  const uint8_t* validity_bits() const {
    return validity_ ? validity_->data() : nullptr;
  }

  // Fixed-width values starting at row 0 of this column (offset applied).
  // REQUIRES: sizeof(T) == type().ByteWidth().
  template <typename T>
  const T* data() const {
    return reinterpret_cast<const T*>(values_->data()) + offset_;
  }

  // BOOLEAN value of row i (ignores validity).
  bool GetBool(int64_t i) const { return bit_util::GetBit(values_->data(), offset_ + i); }
  // STRING/BINARY bytes of row i (ignores validity).
  std::string_view GetString(int64_t i) const {
    const int32_t* offs = values_->data_as<int32_t>() + offset_;
    return std::string_view(reinterpret_cast<const char*>(data_->data()) + offs[i],
                            static_cast<size_t>(offs[i + 1] - offs[i]));
  }
  // Row i as a Value (NULL-aware). Slow path: printing and tests.
  Value GetValue(int64_t i) const;

  // Rows [offset, offset + length) sharing this column's buffers.
  // REQUIRES: 0 <= offset, 0 <= length, offset + length <= this->length().
  ColumnPtr Slice(int64_t offset, int64_t length) const;

  // Same type, length, validity and values (Value::operator== per row, so
  // NaN equals NaN); buffers and offsets may differ.
  bool Equals(const Column& other) const;
  // Checks that the buffers are large enough for offset + length rows and
  // that STRING/BINARY offsets are monotonic and within the data buffer.
  // Used on memory that crosses a trust boundary (Arrow import, files).
  Status Validate() const;
  // "[1, NULL, 3]"; strings quoted. For debugging and test failures.
  std::string ToString() const;

  const BufferPtr& validity_buffer() const { return validity_; }
  const BufferPtr& values_buffer() const { return values_; }
  const BufferPtr& data_buffer() const { return data_; }

 private:
  LogicalType type_;
  int64_t length_;
  int64_t offset_;
  // Counted on first use; racing readers store the same value.
  mutable std::atomic<int64_t> null_count_;
  BufferPtr validity_;
  BufferPtr values_;
  BufferPtr data_;
};

}  // namespace copra
