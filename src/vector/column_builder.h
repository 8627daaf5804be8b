// ColumnBuilder: appends values one at a time and produces a Column.
// For bulk kernels, prefer allocating Buffers directly and constructing a
// Column; the builder is for row-at-a-time producers (parsers, VALUES, tests).
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "types/value.h"
#include "vector/column.h"

namespace copra {

class ColumnBuilder {
 public:
  explicit ColumnBuilder(LogicalType type, int64_t capacity_hint = 0);

  const LogicalType& type() const { return type_; }
  int64_t length() const { return length_; }

  void AppendNull();
  void AppendBool(bool v);
  // Fixed-width append. REQUIRES: sizeof(T) == type().ByteWidth().
  template <typename T>
  void Append(T v) {
    EnsureValues(sizeof(T));
    values_->mutable_data_as<T>()[length_] = v;
    MarkValid();
  }
  // STRING/BINARY append. Errors (kStringTooLong) when the column would
  // exceed 2 GiB of character data.
  Status AppendString(std::string_view v);
  // Appends `v`, which must be NULL or exactly of type(); casting is the
  // caller's job (CastTo).
  Status AppendValue(const Value& v);
  // Appends row `row` of `col` (same type).
  void AppendFrom(const Column& col, int64_t row);

  // Returns the built column and resets the builder to empty.
  ColumnPtr Finish();

 private:
  void EnsureValues(int64_t width);
  void MarkValid();

  LogicalType type_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
  BufferPtr validity_;  // allocated lazily on the first NULL
  BufferPtr values_;
  BufferPtr data_;
};

}  // namespace copra
