// Little-endian bit packing as Parquet uses it (RLE/bit-packed hybrid runs,
// DELTA_BINARY_PACKED miniblocks): value i occupies bits
// [i * width, (i + 1) * width) of the stream, least significant bit first.
// Stateless functions, safe from any thread.
#pragma once

#include <cstdint>
#include <string>

namespace copra::parquet {

// Appends ceil(n * width / 8) bytes packing the low `width` bits (0..64) of
// each value.
void PackBits(const uint64_t* values, int64_t n, int width, std::string* out);
void PackBits32(const uint32_t* values, int64_t n, int width, std::string* out);

// Unpacks n values of `width` bits (0..64) starting at bit `start_bit` of
// `in`. Never reads past in[in_bytes): missing bits read as zero (callers
// check lengths where that matters).
void UnpackBits(const uint8_t* in, int64_t in_bytes, int64_t start_bit, int width, int64_t n,
                uint64_t* out);
void UnpackBits32(const uint8_t* in, int64_t in_bytes, int64_t start_bit, int width, int64_t n,
                  uint32_t* out);

// Bits needed to represent v (0 for 0).
inline int BitWidth(uint64_t v) { return v == 0 ? 0 : 64 - __builtin_clzll(v); }

}  // namespace copra::parquet
