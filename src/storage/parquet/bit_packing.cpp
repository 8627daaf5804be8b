#include "storage/parquet/bit_packing.h"

#include <cstring>

namespace copra::parquet {
namespace {

template <typename T>
void Pack(const T* values, int64_t n, int width, std::string* out) {
  if (width == 0 || n == 0) return;
  size_t base = out->size();
  out->resize(base + static_cast<size_t>((n * width + 7) / 8), '\0');
  uint8_t* dst = reinterpret_cast<uint8_t*>(out->data() + base);
  unsigned __int128 acc = 0;
  int bits = 0;
  const uint64_t mask = width == 64 ? ~uint64_t{0} : ((uint64_t{1} << width) - 1);
  for (int64_t i = 0; i < n; ++i) {
    acc |= static_cast<unsigned __int128>(static_cast<uint64_t>(values[i]) & mask) << bits;
    bits += width;
    while (bits >= 8) {
      *dst++ = static_cast<uint8_t>(acc);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) *dst = static_cast<uint8_t>(acc);
}

inline uint64_t Load64(const uint8_t* in, int64_t in_bytes, int64_t byte) {
  uint64_t w = 0;
  if (byte + 8 <= in_bytes) {
    std::memcpy(&w, in + byte, 8);
  } else if (byte < in_bytes) {
    std::memcpy(&w, in + byte, static_cast<size_t>(in_bytes - byte));
  }
  return w;
}

template <typename T>
void Unpack(const uint8_t* in, int64_t in_bytes, int64_t start_bit, int width, int64_t n, T* out) {
  if (width == 0) {
    for (int64_t i = 0; i < n; ++i) out[i] = 0;
    return;
  }
  if (width == 1 && ((start_bit + n + 7) >> 3) <= in_bytes) {
    for (int64_t i = 0; i < n; ++i) {
      int64_t b = start_bit + i;
      out[i] = (in[b >> 3] >> (b & 7)) & 1;
    }
    return;
  }
  const uint64_t mask = width == 64 ? ~uint64_t{0} : ((uint64_t{1} << width) - 1);
  int64_t bitpos = start_bit;
  for (int64_t i = 0; i < n; ++i, bitpos += width) {
    int64_t byte = bitpos >> 3;
    int shift = static_cast<int>(bitpos & 7);
    uint64_t v = Load64(in, in_bytes, byte) >> shift;
    if (shift + width > 64) v |= Load64(in, in_bytes, byte + 8) << (64 - shift);
    out[i] = static_cast<T>(v & mask);
  }
}

}  // namespace

void PackBits(const uint64_t* values, int64_t n, int width, std::string* out) {
  Pack(values, n, width, out);
}
void PackBits32(const uint32_t* values, int64_t n, int width, std::string* out) {
  Pack(values, n, width, out);
}
void UnpackBits(const uint8_t* in, int64_t in_bytes, int64_t start_bit, int width, int64_t n,
                uint64_t* out) {
  Unpack(in, in_bytes, start_bit, width, n, out);
}
void UnpackBits32(const uint8_t* in, int64_t in_bytes, int64_t start_bit, int width, int64_t n,
                  uint32_t* out) {
  Unpack(in, in_bytes, start_bit, width, n, out);
}

}  // namespace copra::parquet
