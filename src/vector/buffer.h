// Buffer: a contiguous, immutable-once-shared block of bytes, 64-byte aligned
// and padded as the Arrow format recommends. Buffers are shared between
// Columns (slices, projections) through std::shared_ptr; the last owner
// frees them. A Buffer may also wrap foreign memory (an imported Arrow array,
// a memory-mapped file) and run a release callback when freed.
//
// Zeroing: Allocate() and Resize() give zero bytes, for callers that rely on
// it (bitmaps set bit by bit, sparse fills). Callers that write every byte
// themselves (decoders, gathers, kernels) use AllocateUninitialized() and
// ResizeUninitialized() and skip the memset. Bytes past size() are
// unspecified. Not thread-safe while being written; read-only once shared.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "common/status.h"

namespace copra {

class Buffer {
 public:
  // Allocates `size` bytes (zero-filled), capacity rounded up to 64.
  // Aborts on allocation failure (treated as out-of-memory by the allocator).
  static std::shared_ptr<Buffer> Allocate(int64_t size);
  // Allocates `size` bytes with unspecified contents: the caller writes every
  // byte it (or a reader) will use.
  static std::shared_ptr<Buffer> AllocateUninitialized(int64_t size);
  // Wraps memory owned elsewhere; `release` (may be empty) runs on free.
  static std::shared_ptr<Buffer> Wrap(const uint8_t* data, int64_t size,
                                      std::function<void()> release);

  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  const uint8_t* data() const { return data_; }
  // Writable access. REQUIRES: owned buffer, not yet shared with readers.
  uint8_t* mutable_data() { return data_; }
  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  bool owned() const { return owned_; }

  // Grows or shrinks the logical size; new bytes are zero. Reallocates (and
  // may move data) when `new_size` exceeds capacity. REQUIRES: owned().
  void Resize(int64_t new_size);
  // As Resize, but new bytes are unspecified (the caller overwrites them).
  void ResizeUninitialized(int64_t new_size);
  // Ensures capacity >= `min_capacity` (grows geometrically, keeping the
  // first size() bytes; the bytes past size() are unspecified).
  void Reserve(int64_t min_capacity);

  template <typename T>
  const T* data_as() const {
    return reinterpret_cast<const T*>(data_);
  }
  template <typename T>
  T* mutable_data_as() {
    return reinterpret_cast<T*>(data_);
  }

 private:
  Buffer() = default;
  uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  int64_t capacity_ = 0;
  bool owned_ = true;
  std::function<void()> release_;
};

using BufferPtr = std::shared_ptr<Buffer>;

}  // namespace copra
