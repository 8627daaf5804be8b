#include "exec/group_hash_table.h"

#include <gtest/gtest.h>

#include <cmath>

#include "function/function_test_util.h"

namespace copra {
namespace {

using namespace test;  // NOLINT: value and column builders

std::vector<uint32_t> Ids(GroupHashTable* table, const std::vector<Datum>& keys, int64_t n,
                          std::vector<int32_t>* new_rows = nullptr) {
  std::vector<uint32_t> ids(static_cast<size_t>(n));
  std::vector<int32_t> scratch;
  table->FindOrInsert(keys, n, ids.data(), new_rows ? new_rows : &scratch);
  return ids;
}

TEST(GroupHashTableTest, IntegerKeysGetDenseIdsInFirstSeenOrder) {
  GroupHashTable table({LogicalType::Int64()});
  std::vector<int32_t> new_rows;
  Datum keys = Col(LogicalType::Int64(), {I64(7), I64(3), I64(7), Null(), I64(-1), Null(), I64(3)});
  EXPECT_EQ(Ids(&table, {keys}, 7, &new_rows), (std::vector<uint32_t>{0, 1, 0, 2, 3, 2, 1}));
  EXPECT_EQ(new_rows, (std::vector<int32_t>{0, 1, 3, 4}));
  EXPECT_EQ(table.num_groups(), 4);
  // A later batch finds the same groups, NULL included.
  new_rows.clear();
  Datum more = Col(LogicalType::Int64(), {Null(), I64(-1), I64(42)});
  EXPECT_EQ(Ids(&table, {more}, 3, &new_rows), (std::vector<uint32_t>{2, 3, 4}));
  EXPECT_EQ(new_rows, (std::vector<int32_t>{2}));
}

TEST(GroupHashTableTest, ZeroIsNotNull) {
  // The NULL group stores 0 as its value; a real 0 must be its own group.
  GroupHashTable table({LogicalType::Int32()});
  Datum keys = Col(LogicalType::Int32(), {Null(), I32(0), Null(), I32(0)});
  EXPECT_EQ(Ids(&table, {keys}, 4), (std::vector<uint32_t>{0, 1, 0, 1}));
}

TEST(GroupHashTableTest, UnsignedAndTimestampKeys) {
  GroupHashTable u({LogicalType::UInt64()});
  Datum big = Col(LogicalType::UInt64(), {U64(UINT64_MAX), U64(1), U64(UINT64_MAX)});
  EXPECT_EQ(Ids(&u, {big}, 3), (std::vector<uint32_t>{0, 1, 0}));
  GroupHashTable ts({LogicalType::Timestamp(TimeUnit::kMillisecond)});
  Datum times =
      Col(LogicalType::Timestamp(TimeUnit::kMillisecond),
          {Ts("2024-01-01 00:00:00"), Ts("2024-01-01 00:00:01"), Ts("2024-01-01 00:00:00")});
  EXPECT_EQ(Ids(&ts, {times}, 3), (std::vector<uint32_t>{0, 1, 0}));
}

TEST(GroupHashTableTest, ManyGroupsSurviveGrowth) {
  for (bool integer : {true, false}) {
    GroupHashTable table({integer ? LogicalType::Int64() : LogicalType::String()});
    constexpr int64_t kGroups = 100000;
    for (int round = 0; round < 2; ++round) {
      std::vector<Value> values;
      for (int64_t i = 0; i < kGroups; ++i) {
        // Keys with shared low bits stress the probing.
        int64_t k = (i * 1024) ^ 0x5555;
        values.push_back(integer ? I64(k) : S("host_" + std::to_string(k)));
      }
      Datum keys = Col(integer ? LogicalType::Int64() : LogicalType::String(), values);
      std::vector<uint32_t> ids = Ids(&table, {keys}, kGroups);
      for (int64_t i = 0; i < kGroups; ++i) ASSERT_EQ(ids[static_cast<size_t>(i)], i) << i;
    }
    EXPECT_EQ(table.num_groups(), kGroups);
  }
}

TEST(GroupHashTableTest, EncodedKeysFollowGroupByEquality) {
  // Several columns; NULLs group together, NaN with NaN, -0.0 with 0.0.
  GroupHashTable table({LogicalType::String(), LogicalType::Float64()});
  const double nan = std::nan("");
  Datum s = Col(LogicalType::String(), {S("a"), S("a"), Null(), Null(), S("a"), S("a"), S("")});
  Datum d = Col(LogicalType::Float64(),
                {F64(0.0), F64(-0.0), Null(), Null(), F64(nan), F64(nan), Null()});
  EXPECT_EQ(Ids(&table, {s, d}, 7), (std::vector<uint32_t>{0, 0, 1, 1, 2, 2, 3}));
}

TEST(GroupHashTableTest, StringsWithZeroBytesAndPrefixes) {
  GroupHashTable table({LogicalType::Binary(), LogicalType::Binary()});
  Datum a = Col(LogicalType::Binary(), {Bin(std::string("a\0", 2)), Bin("a"), Bin("a")});
  Datum b = Col(LogicalType::Binary(), {Bin("b"), Bin(std::string("\0b", 2)), Bin("b")});
  // ("a\0", "b") and ("a", "\0b") differ although their bytes concatenate equally.
  EXPECT_EQ(Ids(&table, {a, b}, 3), (std::vector<uint32_t>{0, 1, 2}));
}

TEST(GroupHashTableTest, ScalarKeyColumn) {
  GroupHashTable table({LogicalType::Int64()});
  EXPECT_EQ(Ids(&table, {Lit(I64(5))}, 3), (std::vector<uint32_t>{0, 0, 0}));
  GroupHashTable strings({LogicalType::String()});
  EXPECT_EQ(Ids(&strings, {Lit(S("x"))}, 2), (std::vector<uint32_t>{0, 0}));
}

}  // namespace
}  // namespace copra
