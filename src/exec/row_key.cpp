#include "exec/row_key.h"

#include <cmath>
#include <cstring>

namespace copra {

namespace {

template <typename U>
void AppendBigEndian(U v, std::string* out) {
  for (int shift = static_cast<int>(sizeof(U)) * 8 - 8; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((v >> shift) & 0xFF));
  }
}

template <typename S>
void AppendSigned(S v, std::string* out) {
  using U = std::make_unsigned_t<S>;
  U u = static_cast<U>(v) ^ (U(1) << (sizeof(U) * 8 - 1));
  AppendBigEndian<U>(u, out);
}

void AppendDouble(double d, std::string* out) {
  if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();  // one NaN, sorts last
  if (d == 0) d = 0.0;                                               // -0 == 0
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof(bits));
  if (bits & (uint64_t(1) << 63)) {
    bits = ~bits;
  } else {
    bits |= uint64_t(1) << 63;
  }
  AppendBigEndian<uint64_t>(bits, out);
}

void AppendBytes(std::string_view s, std::string* out) {
  for (char c : s) {
    out->push_back(c);
    if (c == 0) out->push_back(static_cast<char>(0xFF));
  }
  out->push_back(0);
  out->push_back(0);
}

void AppendValue(const Column& col, int64_t i, std::string* out) {
  switch (col.type().id()) {
    case TypeId::kNull: break;
    case TypeId::kBoolean: out->push_back(col.GetBool(i) ? 1 : 0); break;
    case TypeId::kInt8: AppendSigned<int8_t>(col.data<int8_t>()[i], out); break;
    case TypeId::kInt16: AppendSigned<int16_t>(col.data<int16_t>()[i], out); break;
    case TypeId::kInt32:
    case TypeId::kDate: AppendSigned<int32_t>(col.data<int32_t>()[i], out); break;
    case TypeId::kInt64:
    case TypeId::kTimestamp: AppendSigned<int64_t>(col.data<int64_t>()[i], out); break;
    case TypeId::kUInt8: AppendBigEndian<uint8_t>(col.data<uint8_t>()[i], out); break;
    case TypeId::kUInt16: AppendBigEndian<uint16_t>(col.data<uint16_t>()[i], out); break;
    case TypeId::kUInt32: AppendBigEndian<uint32_t>(col.data<uint32_t>()[i], out); break;
    case TypeId::kUInt64: AppendBigEndian<uint64_t>(col.data<uint64_t>()[i], out); break;
    case TypeId::kFloat32: AppendDouble(col.data<float>()[i], out); break;
    case TypeId::kFloat64: AppendDouble(col.data<double>()[i], out); break;
    case TypeId::kString:
    case TypeId::kBinary: AppendBytes(col.GetString(i), out); break;
    case TypeId::kInterval: {
      const Interval& v = col.data<Interval>()[i];
      AppendSigned<int32_t>(v.months, out);
      AppendSigned<int32_t>(v.days, out);
      AppendSigned<int64_t>(v.nanos, out);
      break;
    }
  }
}

}  // namespace

void RowKeyEncoder::Encode(const std::vector<Datum>& columns, int64_t num_rows,
                           std::vector<std::string>* keys) const {
  keys->resize(static_cast<size_t>(num_rows));
  for (std::string& k : *keys) k.clear();
  for (size_t c = 0; c < columns.size(); ++c) {
    const Datum& d = columns[c];
    const Column& col = *d.column;
    const KeyOrder& order = orders_[c];
    const char null_marker = order.nulls_first ? 0 : 2;
    for (int64_t r = 0; r < num_rows; ++r) {
      std::string& key = (*keys)[static_cast<size_t>(r)];
      int64_t i = d.Index(r);
      if (col.IsNull(i)) {
        key.push_back(null_marker);
        continue;
      }
      key.push_back(1);
      size_t start = key.size();
      AppendValue(col, i, &key);
      if (order.descending) {
        for (size_t b = start; b < key.size(); ++b) key[b] = static_cast<char>(~key[b]);
      }
    }
  }
}

}  // namespace copra
