#include "vector/buffer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace copra {
namespace {

constexpr int64_t kAlignment = 64;

int64_t RoundUpToAlignment(int64_t n) {
  // Never zero, so data() is a valid, aligned pointer even when empty
  // (Arrow consumers may reject null buffer pointers).
  if (n <= 0) return kAlignment;
  return (n + kAlignment - 1) / kAlignment * kAlignment;
}

uint8_t* AllocateAligned(int64_t capacity) {
  void* p = std::aligned_alloc(kAlignment, static_cast<size_t>(capacity));
  COPRA_CHECK_MSG(p != nullptr, "out of memory");
  return static_cast<uint8_t*>(p);
}

}  // namespace

std::shared_ptr<Buffer> Buffer::Allocate(int64_t size) {
  COPRA_CHECK(size >= 0);
  std::shared_ptr<Buffer> b(new Buffer());
  b->capacity_ = RoundUpToAlignment(size);
  b->data_ = AllocateAligned(b->capacity_);
  std::memset(b->data_, 0, static_cast<size_t>(b->capacity_));
  b->size_ = size;
  return b;
}

std::shared_ptr<Buffer> Buffer::AllocateUninitialized(int64_t size) {
  COPRA_CHECK(size >= 0);
  std::shared_ptr<Buffer> b(new Buffer());
  b->capacity_ = RoundUpToAlignment(size);
  b->data_ = AllocateAligned(b->capacity_);
  b->size_ = size;
  return b;
}

std::shared_ptr<Buffer> Buffer::Wrap(const uint8_t* data, int64_t size,
                                     std::function<void()> release) {
  COPRA_CHECK(size >= 0);
  std::shared_ptr<Buffer> b(new Buffer());
  b->data_ = const_cast<uint8_t*>(data);
  b->size_ = size;
  b->capacity_ = size;
  b->owned_ = false;
  b->release_ = std::move(release);
  return b;
}

Buffer::~Buffer() {
  if (owned_) {
    std::free(data_);
  } else if (release_) {
    release_();
  }
}

void Buffer::Reserve(int64_t min_capacity) {
  COPRA_CHECK(owned_);
  if (min_capacity <= capacity_) return;
  int64_t new_capacity = RoundUpToAlignment(std::max(min_capacity, capacity_ * 2));
  uint8_t* p = AllocateAligned(new_capacity);
  std::memcpy(p, data_, static_cast<size_t>(size_));
  std::free(data_);
  data_ = p;
  capacity_ = new_capacity;
}

void Buffer::Resize(int64_t new_size) {
  COPRA_CHECK(owned_ && new_size >= 0);
  if (new_size > capacity_) Reserve(new_size);
  if (new_size > size_) {
    std::memset(data_ + size_, 0, static_cast<size_t>(new_size - size_));
  }
  size_ = new_size;
}

void Buffer::ResizeUninitialized(int64_t new_size) {
  COPRA_CHECK(owned_ && new_size >= 0);
  if (new_size > capacity_) Reserve(new_size);
  size_ = new_size;
}

}  // namespace copra
