#include "exec/integer_keys.h"

#include <algorithm>

namespace copra {

namespace {

template <typename T>
void CopyInts(const Datum& d, int64_t n, int64_t* out) {
  const T* v = d.column->data<T>();
  if (d.is_scalar) {
    std::fill(out, out + n, static_cast<int64_t>(v[0]));
  } else {
    for (int64_t i = 0; i < n; ++i) out[i] = static_cast<int64_t>(v[i]);
  }
}

}  // namespace

bool IsIntegerKeyType(const LogicalType& type) {
  return type.IsInteger() || type.id() == TypeId::kDate || type.id() == TypeId::kTimestamp;
}

// Typed loop per width so the common case has no per-row dispatch.
void ExtractIntegerKeys(const Datum& d, int64_t n, int64_t* out) {
  switch (d.type().id()) {
    case TypeId::kInt8: CopyInts<int8_t>(d, n, out); break;
    case TypeId::kInt16: CopyInts<int16_t>(d, n, out); break;
    case TypeId::kInt32:
    case TypeId::kDate: CopyInts<int32_t>(d, n, out); break;
    case TypeId::kUInt8: CopyInts<uint8_t>(d, n, out); break;
    case TypeId::kUInt16: CopyInts<uint16_t>(d, n, out); break;
    case TypeId::kUInt32: CopyInts<uint32_t>(d, n, out); break;
    case TypeId::kUInt64: CopyInts<uint64_t>(d, n, out); break;
    default: CopyInts<int64_t>(d, n, out); break;
  }
}

}  // namespace copra
