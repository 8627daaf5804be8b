#include "exec/join_hash_table.h"

#include <gtest/gtest.h>

#include "vector/column_builder.h"

namespace copra {
namespace {

Datum Int64s(const std::vector<std::optional<int64_t>>& xs) {
  ColumnBuilder b(LogicalType::Int64());
  for (auto x : xs) {
    if (x) {
      b.Append<int64_t>(*x);
    } else {
      b.AppendNull();
    }
  }
  return Datum::Flat(b.Finish());
}

std::vector<int32_t> Matches(const JoinHashTable& t, const JoinHashTable::ProbeKeys& p,
                             int64_t row) {
  std::vector<int32_t> out;
  for (int32_t m = t.First(p, row); m >= 0; m = t.Next(m, p, row)) out.push_back(m);
  return out;
}

TEST(JoinHashTableTest, ChainsListBuildRowsInOrderAndSkipNulls) {
  for (bool integer : {true, false}) {
    JoinHashTable t(integer);
    t.Build({Int64s({5, 7, std::nullopt, 5, 9, 5})}, 6);
    EXPECT_EQ(t.integer_keys(), integer);
    EXPECT_EQ(t.num_indexed(), 5);
    JoinHashTable::ProbeKeys p;
    t.Prepare({Int64s({5, std::nullopt, 8, 9})}, 4, &p);
    EXPECT_EQ(Matches(t, p, 0), (std::vector<int32_t>{0, 3, 5}));
    EXPECT_TRUE(Matches(t, p, 1).empty());
    EXPECT_TRUE(Matches(t, p, 2).empty());
    EXPECT_EQ(Matches(t, p, 3), (std::vector<int32_t>{4}));
  }
}

TEST(JoinHashTableTest, EmptyBuild) {
  JoinHashTable t;
  t.Build({Int64s({})}, 0);
  JoinHashTable::ProbeKeys p;
  t.Prepare({Int64s({1})}, 1, &p);
  EXPECT_EQ(t.First(p, 0), -1);
}

TEST(JoinHashTableTest, UnsignedKeys) {
  ColumnBuilder b(LogicalType::UInt64());
  b.Append<uint64_t>(UINT64_MAX);
  b.Append<uint64_t>(1);
  JoinHashTable t;
  t.Build({Datum::Flat(b.Finish())}, 2);
  ColumnBuilder q(LogicalType::UInt64());
  q.Append<uint64_t>(UINT64_MAX);
  JoinHashTable::ProbeKeys p;
  t.Prepare({Datum::Flat(q.Finish())}, 1, &p);
  EXPECT_EQ(Matches(t, p, 0), (std::vector<int32_t>{0}));
}

}  // namespace
}  // namespace copra
