#include "vector/buffer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace copra {
namespace {

bool Aligned64(const void* p) { return reinterpret_cast<uintptr_t>(p) % 64 == 0; }

TEST(BufferTest, AllocateIsAlignedPaddedAndZeroed) {
  for (int64_t size : {0, 1, 63, 64, 65, 1000, 4096}) {
    BufferPtr b = Buffer::Allocate(size);
    ASSERT_NE(b->data(), nullptr) << size;
    EXPECT_TRUE(Aligned64(b->data())) << size;
    EXPECT_EQ(b->size(), size);
    EXPECT_GE(b->capacity(), size);
    EXPECT_EQ(b->capacity() % 64, 0);
    EXPECT_TRUE(b->owned());
    for (int64_t i = 0; i < b->capacity(); ++i) ASSERT_EQ(b->data()[i], 0) << size << " " << i;
  }
}

TEST(BufferTest, ResizeKeepsDataAndZeroesNewBytes) {
  BufferPtr b = Buffer::Allocate(10);
  std::memset(b->mutable_data(), 0xab, 10);
  b->Resize(5);
  EXPECT_EQ(b->size(), 5);
  b->Resize(10);  // bytes 5..9 were 0xab and must come back zero
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b->data()[i], 0xab);
  for (int i = 5; i < 10; ++i) EXPECT_EQ(b->data()[i], 0);
  b->Resize(10000);
  EXPECT_TRUE(Aligned64(b->data()));
  EXPECT_EQ(b->size(), 10000);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b->data()[i], 0xab);
  for (int i = 5; i < 10000; ++i) ASSERT_EQ(b->data()[i], 0);
}

TEST(BufferTest, ReserveGrowsGeometrically) {
  BufferPtr b = Buffer::Allocate(0);
  int64_t reallocations = 0;
  const uint8_t* last = b->data();
  for (int64_t n = 1; n <= 100000; ++n) {
    b->Reserve(n);
    b->Resize(n);
    if (b->data() != last) {
      ++reallocations;
      last = b->data();
    }
  }
  EXPECT_LT(reallocations, 20);
  EXPECT_GE(b->capacity(), 100000);
}

TEST(BufferTest, TypedAccess) {
  BufferPtr b = Buffer::Allocate(4 * sizeof(int32_t));
  b->mutable_data_as<int32_t>()[2] = -7;
  EXPECT_EQ(b->data_as<int32_t>()[2], -7);
}

TEST(BufferTest, WrapRunsReleaseOnceWhenLastOwnerDies) {
  std::vector<uint8_t> memory = {1, 2, 3};
  int released = 0;
  {
    BufferPtr b = Buffer::Wrap(memory.data(), 3, [&released]() { ++released; });
    EXPECT_FALSE(b->owned());
    EXPECT_EQ(b->data(), memory.data());
    EXPECT_EQ(b->size(), 3);
    BufferPtr shared = b;
    b.reset();
    EXPECT_EQ(released, 0);
    EXPECT_EQ(shared->data()[2], 3);
  }
  EXPECT_EQ(released, 1);
  // An empty release callback is fine.
  { BufferPtr b = Buffer::Wrap(memory.data(), 3, nullptr); }
}

}  // namespace
}  // namespace copra
