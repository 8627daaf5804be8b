#include "exec/row_key.h"

#include <cmath>
#include <cstring>

namespace copra {

namespace {

// Big-endian, in one append (a key is built from many small pieces).
template <typename U>
void AppendBigEndian(U v, std::string* out) {
  char buf[sizeof(U)];
  for (size_t b = 0; b < sizeof(U); ++b) {
    buf[b] = static_cast<char>(v >> (8 * (sizeof(U) - 1 - b)));
  }
  out->append(buf, sizeof(U));
}

template <typename S>
void AppendSigned(S v, std::string* out) {
  using U = std::make_unsigned_t<S>;
  U u = static_cast<U>(v) ^ (U(1) << (sizeof(U) * 8 - 1));
  AppendBigEndian<U>(u, out);
}

void AppendDouble(double d, std::string* out) {
  if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();  // one NaN, sorts last
  if (d == 0) d = 0.0;                                              // -0 == 0
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof(bits));
  if (bits & (uint64_t(1) << 63)) {
    bits = ~bits;
  } else {
    bits |= uint64_t(1) << 63;
  }
  AppendBigEndian<uint64_t>(bits, out);
}

// Bytes with 0x00 escaped as 0x00 0xFF, then 0x00 0x00: memcmp order is the
// byte order, and no key is a prefix of another.
void AppendBytes(std::string_view s, std::string* out) {
  if (std::memchr(s.data(), 0, s.size()) == nullptr) {
    out->append(s.data(), s.size());
  } else {
    for (char c : s) {
      out->push_back(c);
      if (c == 0) out->push_back(static_cast<char>(0xFF));
    }
  }
  out->append(2, '\0');
}

// Appends column `d`'s part of every row's key; `append(i, out)` writes the
// value of column row i. One loop per column type, no per-row type switch.
template <typename AppendFn>
void EncodeColumn(const Datum& d, const KeyOrder& order, int64_t num_rows,
                  std::vector<std::string>* keys, AppendFn append) {
  const Column& col = *d.column;
  const char null_marker = order.nulls_first ? 0 : 2;
  const bool nullable = col.HasNulls();
  for (int64_t r = 0; r < num_rows; ++r) {
    std::string& key = (*keys)[static_cast<size_t>(r)];
    const int64_t i = d.Index(r);
    if (nullable && col.IsNull(i)) {
      key.push_back(null_marker);
      continue;
    }
    key.push_back(1);
    const size_t start = key.size();
    append(i, &key);
    if (order.descending) {
      for (size_t b = start; b < key.size(); ++b) key[b] = static_cast<char>(~key[b]);
    }
  }
}

template <typename T, typename AppendFn>
void EncodeFixed(const Datum& d, const KeyOrder& order, int64_t num_rows,
                 std::vector<std::string>* keys, AppendFn append_value) {
  const T* values = d.column->data<T>();
  EncodeColumn(d, order, num_rows, keys,
               [&](int64_t i, std::string* out) { append_value(values[i], out); });
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
    switch (col.type().id()) {
      case TypeId::kNull:
        EncodeColumn(d, order, num_rows, keys, [](int64_t, std::string*) {});
        break;
      case TypeId::kBoolean:
        EncodeColumn(d, order, num_rows, keys,
                     [&](int64_t i, std::string* out) { out->push_back(col.GetBool(i) ? 1 : 0); });
        break;
      case TypeId::kInt8:
        EncodeFixed<int8_t>(d, order, num_rows, keys, AppendSigned<int8_t>);
        break;
      case TypeId::kInt16:
        EncodeFixed<int16_t>(d, order, num_rows, keys, AppendSigned<int16_t>);
        break;
      case TypeId::kInt32:
      case TypeId::kDate:
        EncodeFixed<int32_t>(d, order, num_rows, keys, AppendSigned<int32_t>);
        break;
      case TypeId::kInt64:
      case TypeId::kTimestamp:
        EncodeFixed<int64_t>(d, order, num_rows, keys, AppendSigned<int64_t>);
        break;
      case TypeId::kUInt8:
        EncodeFixed<uint8_t>(d, order, num_rows, keys, AppendBigEndian<uint8_t>);
        break;
      case TypeId::kUInt16:
        EncodeFixed<uint16_t>(d, order, num_rows, keys, AppendBigEndian<uint16_t>);
        break;
      case TypeId::kUInt32:
        EncodeFixed<uint32_t>(d, order, num_rows, keys, AppendBigEndian<uint32_t>);
        break;
      case TypeId::kUInt64:
        EncodeFixed<uint64_t>(d, order, num_rows, keys, AppendBigEndian<uint64_t>);
        break;
      case TypeId::kFloat32:
        EncodeFixed<float>(d, order, num_rows, keys,
                           [](float v, std::string* out) { AppendDouble(v, out); });
        break;
      case TypeId::kFloat64: EncodeFixed<double>(d, order, num_rows, keys, AppendDouble); break;
      case TypeId::kString:
      case TypeId::kBinary:
        EncodeColumn(d, order, num_rows, keys,
                     [&](int64_t i, std::string* out) { AppendBytes(col.GetString(i), out); });
        break;
      case TypeId::kInterval:
        EncodeFixed<Interval>(d, order, num_rows, keys, [](const Interval& v, std::string* out) {
          AppendSigned<int32_t>(v.months, out);
          AppendSigned<int32_t>(v.days, out);
          AppendSigned<int64_t>(v.nanos, out);
        });
        break;
    }
  }
}

}  // namespace copra
