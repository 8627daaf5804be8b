#include "vector/bit_util.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace copra::bit_util {
namespace {

std::vector<uint8_t> RandomBits(int64_t nbits, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> out(BytesForBits(nbits) + 1);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

TEST(BitUtilTest, GetSetClear) {
  uint8_t bits[2] = {0, 0};
  SetBit(bits, 0);
  SetBit(bits, 9);
  EXPECT_EQ(bits[0], 0x01);
  EXPECT_EQ(bits[1], 0x02);
  EXPECT_TRUE(GetBit(bits, 9));
  ClearBit(bits, 9);
  EXPECT_FALSE(GetBit(bits, 9));
  SetBitTo(bits, 7, true);
  EXPECT_EQ(bits[0], 0x81);
  SetBitTo(bits, 0, false);
  EXPECT_EQ(bits[0], 0x80);
  EXPECT_EQ(BytesForBits(0), 0);
  EXPECT_EQ(BytesForBits(1), 1);
  EXPECT_EQ(BytesForBits(8), 1);
  EXPECT_EQ(BytesForBits(9), 2);
}

TEST(BitUtilTest, CountSetBitsAtAnyOffset) {
  const int64_t n = 1000;
  std::vector<uint8_t> bits = RandomBits(n, 1);
  for (int64_t offset : {0, 1, 3, 7, 8, 13, 64, 65, 500}) {
    for (int64_t length : {0, 1, 5, 8, 63, 64, 65, 129, 300}) {
      if (offset + length > n) continue;
      int64_t expected = 0;
      for (int64_t i = 0; i < length; ++i) expected += GetBit(bits.data(), offset + i);
      EXPECT_EQ(CountSetBits(bits.data(), offset, length), expected) << offset << "+" << length;
    }
  }
}

TEST(BitUtilTest, CopyBitmapAtAnyOffsets) {
  const int64_t n = 400;
  std::vector<uint8_t> src = RandomBits(n, 2);
  for (int64_t src_off : {0, 1, 5, 8, 11}) {
    for (int64_t dst_off : {0, 3, 8, 9}) {
      for (int64_t length : {0, 1, 7, 8, 9, 64, 100, 250}) {
        std::vector<uint8_t> dst = RandomBits(n + 16, 3);
        std::vector<uint8_t> before = dst;
        CopyBitmap(src.data(), src_off, length, dst.data(), dst_off);
        for (int64_t i = 0; i < static_cast<int64_t>(dst.size()) * 8; ++i) {
          bool expected = (i >= dst_off && i < dst_off + length)
                              ? GetBit(src.data(), src_off + i - dst_off)
                              : GetBit(before.data(), i);
          ASSERT_EQ(GetBit(dst.data(), i), expected)
              << src_off << " " << dst_off << " " << length << " bit " << i;
        }
      }
    }
  }
}

TEST(BitUtilTest, AndBitmapsAtAnyOffsets) {
  const int64_t n = 300;
  std::vector<uint8_t> a = RandomBits(n, 4);
  std::vector<uint8_t> b = RandomBits(n, 5);
  for (int64_t a_off : {0, 3, 8}) {
    for (int64_t b_off : {0, 1, 16}) {
      for (int64_t dst_off : {0, 5, 8}) {
        for (int64_t length : {0, 1, 8, 13, 64, 200}) {
          std::vector<uint8_t> dst = RandomBits(n + 16, 6);
          std::vector<uint8_t> before = dst;
          AndBitmaps(a.data(), a_off, b.data(), b_off, length, dst.data(), dst_off);
          for (int64_t i = 0; i < static_cast<int64_t>(dst.size()) * 8; ++i) {
            bool expected = (i >= dst_off && i < dst_off + length)
                                ? (GetBit(a.data(), a_off + i - dst_off) &&
                                   GetBit(b.data(), b_off + i - dst_off))
                                : GetBit(before.data(), i);
            ASSERT_EQ(GetBit(dst.data(), i), expected) << a_off << " " << b_off << " " << dst_off
                                                       << " " << length << " bit " << i;
          }
        }
      }
    }
  }
}

TEST(BitUtilTest, SetBitsTo) {
  for (int64_t offset : {0, 2, 8, 13}) {
    for (int64_t length : {0, 1, 6, 8, 20, 70}) {
      for (bool value : {true, false}) {
        std::vector<uint8_t> bits = RandomBits(128, 7);
        std::vector<uint8_t> before = bits;
        SetBitsTo(bits.data(), offset, length, value);
        for (int64_t i = 0; i < 128; ++i) {
          bool expected = (i >= offset && i < offset + length) ? value : GetBit(before.data(), i);
          ASSERT_EQ(GetBit(bits.data(), i), expected) << offset << " " << length << " " << i;
        }
      }
    }
  }
}

}  // namespace
}  // namespace copra::bit_util
