#include "storage/row_take.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "common/status.h"
#include "vector/bit_util.h"

namespace copra::storage {

namespace {

constexpr int64_t kAlignment = 64;

// Where output row i comes from: row rows[i] of parts[part[i]] (part[i]
// is 0 when `part` is null).
struct Rows {
  const std::vector<const Column*>& parts;
  const uint32_t* part;
  const int32_t* rows;
  uint32_t PartOf(int64_t i) const { return part != nullptr ? part[i] : 0; }
};

template <typename T>
BufferPtr TakeFixed(const Rows& from, int64_t n) {
  uint8_t* raw = nullptr;
  BufferPtr out = AllocateUninitialized(n * static_cast<int64_t>(sizeof(T)), &raw);
  T* dst = reinterpret_cast<T*>(raw);
  if (from.part == nullptr) {
    const T* src = from.parts[0]->data<T>();
    for (int64_t i = 0; i < n; ++i) dst[i] = src[from.rows[i]];
    return out;
  }
  std::vector<const T*> src;
  for (const Column* c : from.parts) src.push_back(c->data<T>());
  for (int64_t i = 0; i < n; ++i) dst[i] = src[from.part[i]][from.rows[i]];
  return out;
}

// Bitmaps are small: built in a zeroed buffer, bits set one by one.
// `validity`: the validity bitmaps (else the BOOLEAN values).
BufferPtr TakeBits(const Rows& from, int64_t n, bool validity) {
  BufferPtr out = Buffer::Allocate(bit_util::BytesForBits(n));
  uint8_t* dst = out->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    const Column& c = *from.parts[from.PartOf(i)];
    const uint8_t* bits = validity ? c.validity_bits() : c.values_buffer()->data();
    if (bits == nullptr || bit_util::GetBit(bits, c.offset() + from.rows[i])) {
      bit_util::SetBit(dst, i);
    }
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
  return TakeRows(std::vector<const Column*>{&col}, nullptr, indices, n);
}

ColumnPtr TakeRows(const std::vector<const Column*>& parts, const uint32_t* part,
                   const int32_t* rows, int64_t n) {
  COPRA_CHECK(!parts.empty());
  const LogicalType& type = parts[0]->type();
  if (type.IsNull()) return Column::MakeNull(type, n);
  const Rows from{parts, part, rows};
  BufferPtr validity;
  int64_t null_count = 0;
  bool nulls = false;
  for (const Column* c : parts) nulls |= c->HasNulls();
  if (nulls) {
    validity = TakeBits(from, n, /*validity=*/true);
    null_count = n - bit_util::CountSetBits(validity->data(), 0, n);
    if (null_count == 0) validity = nullptr;
  }
  if (type.IsBoolean()) {
    BufferPtr values = TakeBits(from, n, /*validity=*/false);
    return std::make_shared<const Column>(type, n, validity, values, nullptr, null_count);
  }
  if (type.IsVarWidth()) {
    std::vector<const int32_t*> src_offs;
    std::vector<const char*> src_data;
    for (const Column* c : parts) {
      src_offs.push_back(c->values_buffer()->data_as<int32_t>() + c->offset());
      src_data.push_back(reinterpret_cast<const char*>(c->data_buffer()->data()));
    }
    uint8_t* raw_offs = nullptr;
    BufferPtr offsets = AllocateUninitialized((n + 1) * 4, &raw_offs);
    auto* offs = reinterpret_cast<int32_t*>(raw_offs);
    int64_t total = 0;
    for (int64_t i = 0; i < n; ++i) {
      offs[i] = static_cast<int32_t>(total);
      const int32_t* so = src_offs[from.PartOf(i)];
      total += so[rows[i] + 1] - so[rows[i]];
    }
    COPRA_CHECK(total < (int64_t{1} << 31));
    offs[n] = static_cast<int32_t>(total);
    uint8_t* dst = nullptr;
    BufferPtr data = AllocateUninitialized(total, &dst);
    for (int64_t i = 0; i < n; ++i) {
      const uint32_t p = from.PartOf(i);
      const int32_t start = src_offs[p][rows[i]];
      const int32_t len = offs[i + 1] - offs[i];
      if (len > 0) std::memcpy(dst + offs[i], src_data[p] + start, static_cast<size_t>(len));
    }
    return std::make_shared<const Column>(type, n, validity, offsets, data, null_count);
  }
  BufferPtr values;
  switch (type.ByteWidth()) {
    case 1: values = TakeFixed<uint8_t>(from, n); break;
    case 2: values = TakeFixed<uint16_t>(from, n); break;
    case 4: values = TakeFixed<uint32_t>(from, n); break;
    case 8: values = TakeFixed<uint64_t>(from, n); break;
    case 16: values = TakeFixed<Interval>(from, n); break;
    default: COPRA_CHECK_MSG(false, "unexpected byte width for " + type.ToString());
  }
  return std::make_shared<const Column>(type, n, validity, values, nullptr, null_count);
}

}  // namespace copra::storage
