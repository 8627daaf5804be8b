#include "storage/column_concat.h"

#include <cstring>

#include "storage/row_take.h"
#include "vector/bit_util.h"

namespace copra::storage {

ColumnPtr ConcatenateColumns(const std::vector<ColumnPtr>& parts) {
  COPRA_CHECK(!parts.empty());
  if (parts.size() == 1) return parts[0];
  const LogicalType type = parts[0]->type();
  int64_t n = 0;
  int64_t nulls = 0;
  for (const ColumnPtr& p : parts) {
    n += p->length();
    nulls += p->null_count();
  }
  if (type.IsNull()) return Column::MakeNull(type, n);
  BufferPtr validity;
  if (nulls > 0) {
    validity = Buffer::Allocate(bit_util::BytesForBits(n));
    int64_t at = 0;
    for (const ColumnPtr& p : parts) {
      if (p->validity_bits() != nullptr) {
        bit_util::CopyBitmap(p->validity_bits(), p->offset(), p->length(), validity->mutable_data(),
                             at);
      } else {
        bit_util::SetBitsTo(validity->mutable_data(), at, p->length(), true);
      }
      at += p->length();
    }
  }
  BufferPtr values, data;
  if (type.IsBoolean()) {
    values = Buffer::Allocate(bit_util::BytesForBits(n));
    int64_t at = 0;
    for (const ColumnPtr& p : parts) {
      bit_util::CopyBitmap(p->values_buffer()->data(), p->offset(), p->length(),
                           values->mutable_data(), at);
      at += p->length();
    }
  } else if (type.IsVarWidth()) {
    int64_t bytes = 0;
    for (const ColumnPtr& p : parts) {
      const int32_t* offs = p->values_buffer()->data_as<int32_t>() + p->offset();
      bytes += offs[p->length()] - offs[0];
    }
    COPRA_CHECK(bytes < (int64_t{1} << 31));
    uint8_t* raw_offs = nullptr;
    uint8_t* raw_data = nullptr;
    values = AllocateUninitialized((n + 1) * 4, &raw_offs);
    data = AllocateUninitialized(bytes, &raw_data);
    auto* out_offs = reinterpret_cast<int32_t*>(raw_offs);
    int64_t row = 0;
    int32_t pos = 0;
    for (const ColumnPtr& p : parts) {
      const int32_t* offs = p->values_buffer()->data_as<int32_t>() + p->offset();
      const int32_t base = offs[0];
      for (int64_t i = 0; i < p->length(); ++i) out_offs[row + i] = pos + (offs[i] - base);
      const int32_t len = offs[p->length()] - base;
      if (len > 0) std::memcpy(raw_data + pos, p->data_buffer()->data() + base, len);
      pos += len;
      row += p->length();
    }
    out_offs[n] = pos;
  } else {
    const int w = type.ByteWidth();
    uint8_t* raw = nullptr;
    values = AllocateUninitialized(n * w, &raw);
    int64_t at = 0;
    for (const ColumnPtr& p : parts) {
      std::memcpy(raw + at * w, p->values_buffer()->data() + p->offset() * w,
                  static_cast<size_t>(p->length() * w));
      at += p->length();
    }
  }
  return std::make_shared<const Column>(type, n, validity, values, data, validity ? nulls : 0, 0);
}

}  // namespace copra::storage
