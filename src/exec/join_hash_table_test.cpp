#include "exec/join_hash_table.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>

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

// Probes 1M BIGINT keys into a build side of 16K (cache-resident) and 1M
// rows, integer vs encoded layout. Run with --gtest_also_run_disabled_tests
// on an optimized build.
TEST(JoinHashTableTest, DISABLED_BenchmarkIntegerVsEncodedLayout) {
  constexpr int64_t kProbeRows = 1 << 20;
  for (int64_t build_rows : {int64_t{1} << 14, int64_t{1} << 20}) {
    std::mt19937_64 rng(42);
    std::vector<std::optional<int64_t>> build, probe;
    for (int64_t i = 0; i < build_rows; ++i) {
      build.push_back(static_cast<int64_t>(rng() % build_rows));
    }
    for (int64_t i = 0; i < kProbeRows; ++i) {
      probe.push_back(static_cast<int64_t>(rng() % build_rows));
    }
    Datum bk = Int64s(build), pk = Int64s(probe);
    for (bool integer : {true, false}) {
      auto start = std::chrono::steady_clock::now();
      JoinHashTable t(integer);
      t.Build({bk}, build_rows);
      auto built = std::chrono::steady_clock::now();
      int64_t matches = 0;
      JoinHashTable::ProbeKeys p;
      for (int64_t off = 0; off < kProbeRows; off += 8192) {
        t.Prepare({Datum::Flat(pk.column->Slice(off, 8192))}, 8192, &p);
        for (int64_t r = 0; r < 8192; ++r) {
          for (int32_t m = t.First(p, r); m >= 0; m = t.Next(m, p, r)) ++matches;
        }
      }
      auto done = std::chrono::steady_clock::now();
      using ms = std::chrono::duration<double, std::milli>;
      std::printf("build %7lld rows, %s layout: build %.1f ms, probe %.1f ms, %lld matches\n",
                  static_cast<long long>(build_rows), integer ? "integer" : "encoded",
                  ms(built - start).count(), ms(done - built).count(),
                  static_cast<long long>(matches));
    }
  }
}

}  // namespace
}  // namespace copra
