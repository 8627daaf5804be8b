#include "storage/row_take.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "common/status.h"
#include "vector/bit_util.h"

namespace copra::storage {

namespace {

constexpr int64_t kAlignment = 64;

template <typename T>
BufferPtr TakeFixed(const Column& col, const int32_t* indices, int64_t n) {
  uint8_t* raw = nullptr;
  BufferPtr out = AllocateUninitialized(n * static_cast<int64_t>(sizeof(T)), &raw);
  const T* src = col.data<T>();
  T* dst = reinterpret_cast<T*>(raw);
  for (int64_t i = 0; i < n; ++i) dst[i] = src[indices[i]];
  return out;
}

// Bitmaps are small: built in a zeroed buffer, bits set one by one.
BufferPtr TakeBits(const uint8_t* bits, int64_t offset, const int32_t* indices, int64_t n) {
  BufferPtr out = Buffer::Allocate(bit_util::BytesForBits(n));
  uint8_t* dst = out->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    if (bit_util::GetBit(bits, offset + indices[i])) bit_util::SetBit(dst, i);
  }
  return out;
}

}  // namespace

BufferPtr AllocateUninitialized(int64_t size, uint8_t** data) {
  COPRA_CHECK(size >= 0);
  const int64_t capacity =
      std::max<int64_t>(kAlignment, (size + kAlignment - 1) / kAlignment * kAlignment);
  auto* p = static_cast<uint8_t*>(std::aligned_alloc(kAlignment, static_cast<size_t>(capacity)));
  COPRA_CHECK_MSG(p != nullptr, "out of memory");
  std::memset(p + size, 0, static_cast<size_t>(capacity - size));
  *data = p;
  return Buffer::Wrap(p, size, [p]() { std::free(p); });
}

ColumnPtr TakeRows(const Column& col, const int32_t* indices, int64_t n) {
  const LogicalType& type = col.type();
  if (type.IsNull()) return Column::MakeNull(type, n);
  BufferPtr validity;
  int64_t null_count = 0;
  if (col.HasNulls()) {
    validity = TakeBits(col.validity_bits(), col.offset(), indices, n);
    null_count = n - bit_util::CountSetBits(validity->data(), 0, n);
    if (null_count == 0) validity = nullptr;
  }
  if (type.IsBoolean()) {
    BufferPtr values = TakeBits(col.values_buffer()->data(), col.offset(), indices, n);
    return std::make_shared<const Column>(type, n, validity, values, nullptr, null_count);
  }
  if (type.IsVarWidth()) {
    const int32_t* src_offs = col.values_buffer()->data_as<int32_t>() + col.offset();
    const auto* src = reinterpret_cast<const char*>(col.data_buffer()->data());
    uint8_t* raw_offs = nullptr;
    BufferPtr offsets = AllocateUninitialized((n + 1) * 4, &raw_offs);
    auto* offs = reinterpret_cast<int32_t*>(raw_offs);
    int64_t total = 0;
    for (int64_t i = 0; i < n; ++i) {
      offs[i] = static_cast<int32_t>(total);
      total += src_offs[indices[i] + 1] - src_offs[indices[i]];
    }
    COPRA_CHECK(total < (int64_t{1} << 31));
    offs[n] = static_cast<int32_t>(total);
    uint8_t* dst = nullptr;
    BufferPtr data = AllocateUninitialized(total, &dst);
    for (int64_t i = 0; i < n; ++i) {
      const int32_t from = src_offs[indices[i]];
      const int32_t len = offs[i + 1] - offs[i];
      if (len > 0) std::memcpy(dst + offs[i], src + from, static_cast<size_t>(len));
    }
    return std::make_shared<const Column>(type, n, validity, offsets, data, null_count);
  }
  BufferPtr values;
  switch (type.ByteWidth()) {
    case 1: values = TakeFixed<uint8_t>(col, indices, n); break;
    case 2: values = TakeFixed<uint16_t>(col, indices, n); break;
    case 4: values = TakeFixed<uint32_t>(col, indices, n); break;
    case 8: values = TakeFixed<uint64_t>(col, indices, n); break;
    case 16: values = TakeFixed<Interval>(col, indices, n); break;
    default: COPRA_CHECK_MSG(false, "unexpected byte width for " + type.ToString());
  }
  return std::make_shared<const Column>(type, n, validity, values, nullptr, null_count);
}

}  // namespace copra::storage
