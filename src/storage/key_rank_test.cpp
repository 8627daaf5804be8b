#include "storage/key_rank.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "storage/row_versions.h"
#include "vector/column_builder.h"

namespace copra::storage {
namespace {

// Keys: a STRING with NULLs, embedded NULs and prefixes of each other; a
// signed BIGINT; a BOOLEAN with NULLs; a DOUBLE (sliced, to test offsets).
BatchPtr RandomKeys(std::mt19937* rng, int64_t n) {
  ColumnBuilder s(LogicalType::String()), i(LogicalType::Int64()), b(LogicalType::Boolean()),
      d(LogicalType::Float64());
  for (int64_t r = 0; r < n + 3; ++r) {
    const int t = static_cast<int>((*rng)() % 7);
    if (t == 6) {
      s.AppendNull();
    } else {
      (void)s.AppendString(t == 0   ? std::string("a\0b", 3)
                           : t == 1 ? std::string("a")
                           : t == 2 ? std::string()
                                    : std::string(static_cast<size_t>(t), 'x'));
    }
    i.Append<int64_t>(static_cast<int64_t>((*rng)() % 5) - 2);
    if ((*rng)() % 4 == 0) {
      b.AppendNull();
    } else {
      b.AppendBool((*rng)() % 2 == 0);
    }
    d.Append<double>(static_cast<double>((*rng)() % 3) * 0.5);
  }
  auto schema =
      std::make_shared<const Schema>(std::vector<Field>{{"s", LogicalType::String(), true},
                                                        {"i", LogicalType::Int64(), false},
                                                        {"b", LogicalType::Boolean(), true},
                                                        {"d", LogicalType::Float64(), false}});
  std::vector<ColumnPtr> cols = {s.Finish(), i.Finish(), b.Finish(), d.Finish()};
  for (ColumnPtr& c : cols) c = c->Slice(3, n);
  return Batch::Make(schema, std::move(cols), n);
}

TEST(KeyRankTest, RanksFollowTheEncodedKeyOrder) {
  std::mt19937 rng(7);
  for (const std::vector<int>& keys :
       std::vector<std::vector<int>>{{0}, {1}, {2}, {0, 1}, {2, 0, 3}, {3, 1, 2, 0}}) {
    BatchPtr rows = RandomKeys(&rng, 500);
    KeyRanks ranks = RankRowKeys(*rows, keys);
    ASSERT_EQ(ranks.rank.size(), 500u);
    std::vector<std::string> encoded(500);
    for (int64_t r = 0; r < 500; ++r) AppendRowKey(*rows, keys, r, &encoded[r]);
    uint32_t max_rank = 0;
    for (size_t a = 0; a < 500; ++a) {
      max_rank = std::max(max_rank, ranks.rank[a]);
      for (size_t b = 0; b < 500; b += 7) {
        EXPECT_EQ(encoded[a] < encoded[b], ranks.rank[a] < ranks.rank[b]);
        EXPECT_EQ(encoded[a] == encoded[b], ranks.rank[a] == ranks.rank[b]);
      }
    }
    EXPECT_EQ(max_rank + 1, ranks.distinct);  // dense
    ASSERT_EQ(ranks.first_row.size(), ranks.distinct);
    for (size_t a = 0; a < 500; ++a) {
      EXPECT_EQ(encoded[ranks.first_row[ranks.rank[a]]], encoded[a]);
    }
  }
}

TEST(KeyRankTest, NoKeyColumnsAndEmptyInput) {
  std::mt19937 rng(1);
  BatchPtr rows = RandomKeys(&rng, 10);
  KeyRanks none = RankRowKeys(*rows, {});
  EXPECT_EQ(none.distinct, 1u);
  EXPECT_EQ(none.rank, std::vector<uint32_t>(10, 0));
  KeyRanks empty = RankRowKeys(*RandomKeys(&rng, 0), {0});
  EXPECT_EQ(empty.distinct, 0u);
  EXPECT_TRUE(empty.rank.empty());
}

// Many distinct keys: the series table grows past its first size.
TEST(KeyRankTest, ManyDistinctKeys) {
  ColumnBuilder s(LogicalType::String());
  const int64_t n = 20000;
  for (int64_t r = 0; r < n; ++r) (void)s.AppendString("host_" + std::to_string((r * 7919) % 5000));
  auto schema =
      std::make_shared<const Schema>(std::vector<Field>{{"s", LogicalType::String(), false}});
  BatchPtr rows = Batch::Make(schema, {s.Finish()}, n);
  KeyRanks ranks = RankRowKeys(*rows, {0});
  EXPECT_EQ(ranks.distinct, 5000u);
  for (int64_t r = 1; r < n; ++r) {
    auto a = rows->column(0)->GetString(r - 1), b = rows->column(0)->GetString(r);
    EXPECT_EQ(a < b, ranks.rank[r - 1] < ranks.rank[r]);
  }
}

}  // namespace
}  // namespace copra::storage
