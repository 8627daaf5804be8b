#include "storage/parquet/delta_binary_packed.h"

#include <algorithm>

#include "storage/parquet/bit_packing.h"
#include "storage/parquet/rle_hybrid.h"

namespace copra::parquet {
namespace {

constexpr int64_t kBlockSize = 128;
constexpr int64_t kMiniblocks = 4;
constexpr int64_t kPerMiniblock = kBlockSize / kMiniblocks;

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

Status Corrupt(const char* what) {
  return Status::Corruption(std::string("DELTA_BINARY_PACKED data: ") + what);
}

}  // namespace

void EncodeDeltaBinaryPacked(const int64_t* values, int64_t n, std::string* out) {
  WriteUleb128(kBlockSize, out);
  WriteUleb128(kMiniblocks, out);
  WriteUleb128(static_cast<uint64_t>(n), out);
  WriteUleb128(ZigZag(n > 0 ? values[0] : 0), out);
  uint64_t deltas[kBlockSize];
  for (int64_t start = 1; start < n; start += kBlockSize) {
    int64_t count = std::min(kBlockSize, n - start);
    int64_t min_delta = INT64_MAX;
    for (int64_t i = 0; i < count; ++i) {
      int64_t d = static_cast<int64_t>(static_cast<uint64_t>(values[start + i]) -
                                       static_cast<uint64_t>(values[start + i - 1]));
      deltas[i] = static_cast<uint64_t>(d);
      min_delta = std::min(min_delta, d);
    }
    for (int64_t i = 0; i < count; ++i) deltas[i] -= static_cast<uint64_t>(min_delta);
    for (int64_t i = count; i < kBlockSize; ++i) deltas[i] = 0;
    WriteUleb128(ZigZag(min_delta), out);
    int widths[kMiniblocks];
    for (int64_t m = 0; m < kMiniblocks; ++m) {
      uint64_t max = 0;
      for (int64_t i = m * kPerMiniblock; i < (m + 1) * kPerMiniblock; ++i) {
        max = std::max(max, deltas[i]);
      }
      widths[m] = m * kPerMiniblock < count ? BitWidth(max) : 0;
      out->push_back(static_cast<char>(widths[m]));
    }
    for (int64_t m = 0; m < kMiniblocks && m * kPerMiniblock < count; ++m) {
      PackBits(deltas + m * kPerMiniblock, kPerMiniblock, widths[m], out);
    }
  }
}

Status DeltaBinaryPackedDecoder::Init(const uint8_t* data, int64_t size) {
  p_ = data;
  end_ = data + size;
  uint64_t block, minis, total, first;
  if (!ReadUleb128(&p_, end_, &block) || !ReadUleb128(&p_, end_, &minis) ||
      !ReadUleb128(&p_, end_, &total) || !ReadUleb128(&p_, end_, &first)) {
    return Corrupt("truncated header");
  }
  if (block == 0 || block % 128 != 0 || block > (1 << 20) || minis == 0 || block % minis != 0 ||
      (block / minis) % 32 != 0 || total > (uint64_t{1} << 40)) {
    return Corrupt("bad header");
  }
  block_size_ = static_cast<int64_t>(block);
  miniblocks_ = static_cast<int64_t>(minis);
  per_miniblock_ = block_size_ / miniblocks_;
  total_ = static_cast<int64_t>(total);
  last_ = UnZigZag(first);
  emitted_ = 0;
  miniblock_index_ = miniblocks_;  // no block loaded yet
  mini_pos_ = mini_len_ = 0;
  mini_.assign(static_cast<size_t>(per_miniblock_), 0);
  return Status::OK();
}

Status DeltaBinaryPackedDecoder::StartBlock() {
  uint64_t zz;
  if (!ReadUleb128(&p_, end_, &zz)) return Corrupt("truncated block header");
  min_delta_ = UnZigZag(zz);
  if (end_ - p_ < miniblocks_) return Corrupt("truncated miniblock widths");
  widths_.assign(p_, p_ + miniblocks_);
  p_ += miniblocks_;
  for (uint8_t w : widths_) {
    if (w > 64) return Corrupt("miniblock bit width above 64");
  }
  miniblock_index_ = 0;
  return Status::OK();
}

Status DeltaBinaryPackedDecoder::LoadMiniblock() {
  if (miniblock_index_ >= miniblocks_) COPRA_RETURN_NOT_OK(StartBlock());
  int width = widths_[static_cast<size_t>(miniblock_index_)];
  int64_t bytes = per_miniblock_ * width / 8;
  int64_t avail = std::min<int64_t>(bytes, end_ - p_);
  if (avail < bytes) {
    // Only the final miniblock may be short, and only by its padding.
    int64_t needed = ((total_ - emitted_) * width + 7) / 8;
    if (avail < needed) return Corrupt("truncated miniblock");
  }
  UnpackBits(p_, avail, 0, width, per_miniblock_, mini_.data());
  p_ += avail;
  ++miniblock_index_;
  mini_pos_ = 0;
  mini_len_ = per_miniblock_;
  return Status::OK();
}

Status DeltaBinaryPackedDecoder::Get(int64_t* out, int64_t n) {
  if (n > total_ - emitted_) return Corrupt("fewer values than the page needs");
  int64_t i = 0;
  if (n > 0 && emitted_ == 0) {
    out[i++] = last_;
    ++emitted_;
  }
  while (i < n) {
    if (mini_pos_ == mini_len_) COPRA_RETURN_NOT_OK(LoadMiniblock());
    int64_t k = std::min(n - i, mini_len_ - mini_pos_);
    uint64_t v = static_cast<uint64_t>(last_);
    const uint64_t md = static_cast<uint64_t>(min_delta_);
    for (int64_t j = 0; j < k; ++j) {
      v += md + mini_[static_cast<size_t>(mini_pos_ + j)];
      out[i + j] = static_cast<int64_t>(v);
    }
    last_ = static_cast<int64_t>(v);
    mini_pos_ += k;
    i += k;
    emitted_ += k;
  }
  return Status::OK();
}

}  // namespace copra::parquet
