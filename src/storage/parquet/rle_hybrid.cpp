#include "storage/parquet/rle_hybrid.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "storage/parquet/bit_packing.h"

namespace copra::parquet {

bool ReadUleb128(const uint8_t** p, const uint8_t* end, uint64_t* v) {
  uint64_t r = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*p >= end) return false;
    uint8_t b = *(*p)++;
    r |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      *v = r;
      return true;
    }
  }
  return false;
}

void WriteUleb128(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

namespace {

void FlushLiterals(const uint32_t* values, int64_t n, int width, std::string* out) {
  if (n == 0) return;
  int64_t groups = (n + 7) / 8;
  WriteUleb128(static_cast<uint64_t>(groups << 1 | 1), out);
  PackBits32(values, n, width, out);
  // Pad the last group with zero values to a whole group.
  int64_t padded_bytes = groups * width;  // groups * 8 values * width bits / 8
  int64_t written = (n * width + 7) / 8;
  out->append(static_cast<size_t>(padded_bytes - written), '\0');
}

void WriteRepeated(uint32_t value, int64_t count, int width, std::string* out) {
  WriteUleb128(static_cast<uint64_t>(count) << 1, out);
  int bytes = (width + 7) / 8;
  for (int b = 0; b < bytes; ++b) out->push_back(static_cast<char>((value >> (8 * b)) & 0xFF));
}

}  // namespace

void EncodeRleHybrid(const uint32_t* values, int64_t n, int width, std::string* out) {
  int64_t lit_start = 0;  // literals are values[lit_start, i)
  int64_t i = 0;
  while (i < n) {
    int64_t j = i + 1;
    while (j < n && values[j] == values[i]) ++j;
    int64_t run = j - i;
    if (run >= 8) {
      // Literal runs before a repeated run must hold whole groups of 8.
      int64_t lits = i - lit_start;
      if (lits % 8 != 0) {
        int64_t take = 8 - lits % 8;
        i += take;
        run -= take;
      }
      FlushLiterals(values + lit_start, i - lit_start, width, out);
      if (run >= 8) {
        WriteRepeated(values[i], run, width, out);
        i += run;
      }
      lit_start = i;
    } else {
      i = j;
    }
  }
  FlushLiterals(values + lit_start, n - lit_start, width, out);
}

Status RleHybridDecoder::NextRun() {
  uint64_t header;
  if (!ReadUleb128(&p_, end_, &header)) {
    return Status::Corruption("RLE/bit-packed data ends early");
  }
  if (header & 1) {
    uint64_t groups = header >> 1;
    int64_t bytes_left = end_ - p_;
    if (groups == 0 || groups > (uint64_t{1} << 40) || (width_ > 0 && bytes_left == 0)) {
      return Status::Corruption("bad bit-packed run length");
    }
    packed_left_ = static_cast<int64_t>(groups) * 8;
    packed_index_ = 0;
    packed_ = p_;
    // A final run may be truncated to the bytes its real values need.
    packed_bytes_ = std::min<int64_t>(static_cast<int64_t>(groups) * width_, bytes_left);
    p_ += packed_bytes_;
  } else {
    uint64_t count = header >> 1;
    if (count == 0) return Status::Corruption("empty RLE run");
    int bytes = (width_ + 7) / 8;
    if (end_ - p_ < bytes) return Status::Corruption("RLE run value ends early");
    uint32_t v = 0;
    for (int b = 0; b < bytes; ++b) v |= static_cast<uint32_t>(p_[b]) << (8 * b);
    p_ += bytes;
    rle_value_ = v;
    rle_left_ = static_cast<int64_t>(std::min<uint64_t>(count, INT64_MAX / 2));
  }
  return Status::OK();
}

Status RleHybridDecoder::Get(uint32_t* out, int64_t n) {
  while (n > 0) {
    if (rle_left_ == 0 && packed_left_ == 0) COPRA_RETURN_NOT_OK(NextRun());
    if (rle_left_ > 0) {
      int64_t k = std::min(rle_left_, n);
      std::fill(out, out + k, rle_value_);
      out += k;
      n -= k;
      rle_left_ -= k;
    } else {
      int64_t k = std::min(packed_left_, n);
      UnpackBits32(packed_, packed_bytes_, packed_index_ * width_, width_, k, out);
      packed_index_ += k;
      out += k;
      n -= k;
      packed_left_ -= k;
    }
  }
  return Status::OK();
}

}  // namespace copra::parquet
