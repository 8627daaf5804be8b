// Parquet's RLE / bit-packed hybrid encoding, used for definition levels,
// dictionary indices and RLE booleans. A stream is a sequence of runs, each
// preceded by a ULEB128 header: (count << 1) for a repeated value stored in
// ceil(width / 8) bytes, or (groups << 1 | 1) for groups of 8 bit-packed
// values. The encoder and decoder are single-threaded value objects.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace copra::parquet {

// Appends the hybrid encoding of values[0, n) (each < 2^width, width 0..32)
// to *out, without a length prefix.
void EncodeRleHybrid(const uint32_t* values, int64_t n, int width, std::string* out);

class RleHybridDecoder {
 public:
  RleHybridDecoder() = default;
  RleHybridDecoder(const uint8_t* data, int64_t size, int width)
      : p_(data), end_(data + size), width_(width) {}

  // Decodes the next n values into out[0, n); running out of input is
  // kDataCorrupted.
  Status Get(uint32_t* out, int64_t n);

 private:
  Status NextRun();

  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  int width_ = 0;
  int64_t rle_left_ = 0;
  uint32_t rle_value_ = 0;
  int64_t packed_left_ = 0;  // values left in the current bit-packed run
  const uint8_t* packed_ = nullptr;
  int64_t packed_bytes_ = 0;
  int64_t packed_index_ = 0;  // values consumed from the current run
};

// Reads a ULEB128 varint; false when truncated or too long.
bool ReadUleb128(const uint8_t** p, const uint8_t* end, uint64_t* v);
void WriteUleb128(uint64_t v, std::string* out);

}  // namespace copra::parquet
