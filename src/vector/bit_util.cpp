#include "vector/bit_util.h"

#include <cstring>

namespace copra::bit_util {
namespace {

// The 8 bits starting at bit `offset`, LSB first. Reads the second byte only
// when the bits straddle it, so it never reads past the last needed byte.
uint8_t LoadByte(const uint8_t* bits, int64_t offset) {
  const uint8_t* p = bits + (offset >> 3);
  int shift = static_cast<int>(offset & 7);
  if (shift == 0) return p[0];
  return static_cast<uint8_t>((p[0] >> shift) | (p[1] << (8 - shift)));
}

}  // namespace

int64_t CountSetBits(const uint8_t* bits, int64_t offset, int64_t length) {
  int64_t count = 0;
  int64_t i = 0;
  // Leading bits up to a byte boundary.
  while (i < length && ((offset + i) & 7) != 0) {
    count += GetBit(bits, offset + i);
    ++i;
  }
  const uint8_t* p = bits + ((offset + i) >> 3);
  for (; i + 64 <= length; i += 64, p += 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    count += __builtin_popcountll(word);
  }
  for (; i + 8 <= length; i += 8, ++p) count += __builtin_popcount(*p);
  for (; i < length; ++i) count += GetBit(bits, offset + i);
  return count;
}

// Both functions below write bit by bit until dst reaches a byte boundary,
// then whole bytes (memcpy when src is aligned too), then the tail.
void CopyBitmap(const uint8_t* src, int64_t src_offset, int64_t length, uint8_t* dst,
                int64_t dst_offset) {
  int64_t i = 0;
  for (; i < length && ((dst_offset + i) & 7) != 0; ++i) {
    SetBitTo(dst, dst_offset + i, GetBit(src, src_offset + i));
  }
  int64_t whole = (length - i) >> 3;
  uint8_t* pd = dst + ((dst_offset + i) >> 3);
  if (((src_offset + i) & 7) == 0) {
    std::memcpy(pd, src + ((src_offset + i) >> 3), static_cast<size_t>(whole));
  } else {
    for (int64_t k = 0; k < whole; ++k) pd[k] = LoadByte(src, src_offset + i + k * 8);
  }
  i += whole << 3;
  for (; i < length; ++i) SetBitTo(dst, dst_offset + i, GetBit(src, src_offset + i));
}

void AndBitmaps(const uint8_t* a, int64_t a_offset, const uint8_t* b, int64_t b_offset,
                int64_t length, uint8_t* dst, int64_t dst_offset) {
  int64_t i = 0;
  for (; i < length && ((dst_offset + i) & 7) != 0; ++i) {
    SetBitTo(dst, dst_offset + i, GetBit(a, a_offset + i) && GetBit(b, b_offset + i));
  }
  int64_t whole = (length - i) >> 3;
  uint8_t* pd = dst + ((dst_offset + i) >> 3);
  for (int64_t k = 0; k < whole; ++k) {
    pd[k] = LoadByte(a, a_offset + i + k * 8) & LoadByte(b, b_offset + i + k * 8);
  }
  i += whole << 3;
  for (; i < length; ++i) {
    SetBitTo(dst, dst_offset + i, GetBit(a, a_offset + i) && GetBit(b, b_offset + i));
  }
}

void SetBitsTo(uint8_t* bits, int64_t offset, int64_t length, bool value) {
  int64_t i = 0;
  while (i < length && ((offset + i) & 7) != 0) {
    SetBitTo(bits, offset + i, value);
    ++i;
  }
  int64_t whole = (length - i) >> 3;
  if (whole > 0) {
    std::memset(bits + ((offset + i) >> 3), value ? 0xff : 0, static_cast<size_t>(whole));
    i += whole << 3;
  }
  for (; i < length; ++i) SetBitTo(bits, offset + i, value);
}

}  // namespace copra::bit_util
