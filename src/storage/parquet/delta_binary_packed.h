// DELTA_BINARY_PACKED: Parquet's delta encoding for INT32/INT64 pages.
// Header <block size><miniblocks per block><total values><first value>,
// then blocks of <min delta><one bit width per miniblock><bit-packed
// miniblocks of (delta - min delta)>. Arithmetic wraps (two's complement),
// so any int64 sequence round-trips. Single-threaded value objects.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace copra::parquet {

// Appends the encoding of values[0, n) to *out (blocks of 128 values, 4
// miniblocks of 32).
void EncodeDeltaBinaryPacked(const int64_t* values, int64_t n, std::string* out);

class DeltaBinaryPackedDecoder {
 public:
  // Reads the header; malformed input is kDataCorrupted.
  Status Init(const uint8_t* data, int64_t size);
  int64_t total_values() const { return total_; }
  // Decodes the next n values (n <= values left).
  Status Get(int64_t* out, int64_t n);
  // The byte after the data consumed so far (after all values have been
  // read: the end of the encoded block, where DELTA_LENGTH_BYTE_ARRAY's
  // bytes start).
  const uint8_t* position() const { return p_; }

 private:
  Status StartBlock();
  Status LoadMiniblock();

  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  int64_t block_size_ = 0;
  int64_t miniblocks_ = 0;
  int64_t per_miniblock_ = 0;
  int64_t total_ = 0;
  int64_t emitted_ = 0;
  int64_t last_ = 0;
  int64_t min_delta_ = 0;
  std::vector<uint8_t> widths_;
  int64_t miniblock_index_ = 0;  // within the current block
  std::vector<uint64_t> mini_;   // decoded (delta - min) of the current miniblock
  int64_t mini_pos_ = 0;
  int64_t mini_len_ = 0;
};

}  // namespace copra::parquet
