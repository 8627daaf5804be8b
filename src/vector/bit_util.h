// Bitmap helpers for Arrow validity bitmaps and BOOLEAN data (LSB first).
#pragma once

#include <cstdint>

namespace copra::bit_util {

inline bool GetBit(const uint8_t* bits, int64_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }
inline void SetBit(uint8_t* bits, int64_t i) { bits[i >> 3] |= uint8_t(1u << (i & 7)); }
inline void ClearBit(uint8_t* bits, int64_t i) { bits[i >> 3] &= uint8_t(~(1u << (i & 7))); }
inline void SetBitTo(uint8_t* bits, int64_t i, bool v) {
  bits[i >> 3] = uint8_t((bits[i >> 3] & ~(1u << (i & 7))) | (uint8_t(v) << (i & 7)));
}
inline int64_t BytesForBits(int64_t bits) { return (bits + 7) >> 3; }

// Number of set bits in [offset, offset + length).
int64_t CountSetBits(const uint8_t* bits, int64_t offset, int64_t length);
// Copies `length` bits from src[src_offset...] to dst[dst_offset...].
void CopyBitmap(const uint8_t* src, int64_t src_offset, int64_t length, uint8_t* dst,
                int64_t dst_offset);
// dst[dst_offset + i] = a[a_offset + i] & b[b_offset + i].
void AndBitmaps(const uint8_t* a, int64_t a_offset, const uint8_t* b, int64_t b_offset,
                int64_t length, uint8_t* dst, int64_t dst_offset);
// Sets bits [offset, offset + length) to `value`.
void SetBitsTo(uint8_t* bits, int64_t offset, int64_t length, bool value);

}  // namespace copra::bit_util
