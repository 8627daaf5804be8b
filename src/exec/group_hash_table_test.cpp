#include "exec/group_hash_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

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

TEST(GroupHashTableTest, RunsOfEqualKeysAndRevisits) {
  // (hour, host) as in TSBS: runs of one key, then keys seen before.
  GroupHashTable table({LogicalType::Timestamp(TimeUnit::kMicrosecond), LogicalType::String()});
  const LogicalType ts = LogicalType::Timestamp(TimeUnit::kMicrosecond);
  auto hour = [](int h) {
    return Value::Timestamp(int64_t{h} * 3600000000, TimeUnit::kMicrosecond);
  };
  Datum t = Col(ts, {hour(0), hour(0), hour(0), hour(1), hour(1), hour(0), hour(0), hour(1)});
  Datum h = Col(LogicalType::String(), {S("host_1"), S("host_1"), S("host_1"), S("host_1"),
                                        S("host_1"), S("host_2"), S("host_2"), S("host_1")});
  std::vector<int32_t> new_rows;
  EXPECT_EQ(Ids(&table, {t, h}, 8, &new_rows), (std::vector<uint32_t>{0, 0, 0, 1, 1, 2, 2, 1}));
  EXPECT_EQ(new_rows, (std::vector<int32_t>{0, 3, 5}));
  // The same pairs in a later batch, reversed.
  Datum t2 = Col(ts, {hour(0), hour(1), hour(0)});
  Datum h2 = Col(LogicalType::String(), {S("host_2"), S("host_1"), S("host_1")});
  EXPECT_EQ(Ids(&table, {t2, h2}, 3), (std::vector<uint32_t>{2, 1, 0}));
  EXPECT_EQ(table.num_groups(), 3);
}

TEST(GroupHashTableTest, NullInOneOfSeveralColumns) {
  // (NULL, 1), (0, 1) and (NULL, NULL) are three groups; an empty string is
  // not NULL.
  GroupHashTable table({LogicalType::Int64(), LogicalType::String()});
  Datum a = Col(LogicalType::Int64(), {Null(), I64(0), Null(), Null(), I64(0), Null()});
  Datum b = Col(LogicalType::String(), {S("x"), S("x"), Null(), S(""), S("x"), Null()});
  EXPECT_EQ(Ids(&table, {a, b}, 6), (std::vector<uint32_t>{0, 1, 2, 3, 1, 2}));
  // A batch without NULLs finds the same non-NULL key, and vice versa.
  GroupHashTable later({LogicalType::Int64(), LogicalType::String()});
  Datum c = Col(LogicalType::Int64(), {I64(0), I64(1)});
  Datum d = Col(LogicalType::String(), {S("x"), S("y")});
  EXPECT_EQ(Ids(&later, {c, d}, 2), (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(Ids(&later, {a, b}, 6), (std::vector<uint32_t>{2, 0, 3, 4, 0, 3}));
}

TEST(GroupHashTableTest, BooleanAndFloatKeys) {
  GroupHashTable table({LogicalType::Boolean(), LogicalType::Float32()});
  const float nan = std::nanf("");
  Datum b = Col(LogicalType::Boolean(), {B(true), B(true), B(false), B(true), Null(), B(true)});
  Datum f = Col(LogicalType::Float32(),
                {F32(0.0f), F32(-0.0f), F32(0.0f), F32(nan), F32(nan), F32(-nan)});
  EXPECT_EQ(Ids(&table, {b, f}, 6), (std::vector<uint32_t>{0, 0, 1, 2, 3, 2}));
}

TEST(GroupHashTableTest, IntervalKeysUseEncodedLayout) {
  GroupHashTable table({LogicalType::Interval(), LogicalType::Int32()});
  Datum iv = Col(LogicalType::Interval(), {Iv("1 day"), Iv("1 day"), Null(), Iv("2 days")});
  Datum i = Col(LogicalType::Int32(), {I32(1), I32(1), I32(1), I32(1)});
  EXPECT_EQ(Ids(&table, {iv, i}, 4), (std::vector<uint32_t>{0, 0, 1, 2}));
}

TEST(GroupHashTableTest, NullTypedAndScalarNullKeys) {
  GroupHashTable table({LogicalType::Null(), LogicalType::Int64()});
  Datum n = Col(LogicalType::Null(), {Null(), Null(), Null()});
  Datum i = Col(LogicalType::Int64(), {I64(1), I64(2), I64(1)});
  EXPECT_EQ(Ids(&table, {n, i}, 3), (std::vector<uint32_t>{0, 1, 0}));
  GroupHashTable scalar({LogicalType::Int64()});
  EXPECT_EQ(Ids(&scalar, {Lit(Null(LogicalType::Int64()))}, 2), (std::vector<uint32_t>{0, 0}));
  EXPECT_EQ(Ids(&scalar, {Lit(I64(0))}, 1), (std::vector<uint32_t>{1}));
}

// Random batches of (INT32, STRING, DOUBLE) keys with NULLs, runs and
// revisits, against a map from the keys' Values: same key <=> same id, ids
// dense in first-seen order, new_rows exactly the first rows of new groups.
TEST(GroupHashTableTest, MatchesReferenceOnRandomKeys) {
  std::mt19937 rng(7);
  GroupHashTable table({LogicalType::Int32(), LogicalType::String(), LogicalType::Float64()});
  std::map<std::string, uint32_t> reference;
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int batch = 0; batch < 20; ++batch) {
    const int n = 1 + pick(3000);
    std::vector<Value> a, b, c;
    Value va, vb, vc;
    for (int r = 0; r < n; ++r) {
      if (r == 0 || pick(8) == 0) {  // runs of equal keys in between
        va = pick(10) == 0 ? Null(LogicalType::Int32()) : I32(pick(30) - 5);
        vb = pick(10) == 0 ? Null(LogicalType::String()) : S("h" + std::to_string(pick(40)));
        const double ds[] = {0.0, -0.0, 1.5, std::nan(""), -2.25};
        vc = pick(12) == 0 ? Null(LogicalType::Float64()) : F64(ds[pick(5)]);
      }
      a.push_back(va);
      b.push_back(vb);
      c.push_back(vc);
    }
    std::vector<int32_t> new_rows;
    std::vector<uint32_t> ids = Ids(&table,
                                    {Col(LogicalType::Int32(), a), Col(LogicalType::String(), b),
                                     Col(LogicalType::Float64(), c)},
                                    n, &new_rows);
    std::vector<int32_t> expected_new;
    for (int r = 0; r < n; ++r) {
      auto canon = [](const Value& v) {
        if (v.is_null()) return std::string("NULL");
        if (v.type() == LogicalType::Float64()) {
          double d = v.GetDouble();
          if (std::isnan(d)) return std::string("nan");
          if (d == 0) return std::string("0");
        }
        return v.ToString();
      };
      const std::string key = canon(a[r]) + "|" + canon(b[r]) + "|" + canon(c[r]);
      auto [it, inserted] = reference.emplace(key, static_cast<uint32_t>(reference.size()));
      if (inserted) expected_new.push_back(r);
      ASSERT_EQ(ids[static_cast<size_t>(r)], it->second) << "batch " << batch << " row " << r;
    }
    EXPECT_EQ(new_rows, expected_new);
  }
  EXPECT_EQ(table.num_groups(), static_cast<int64_t>(reference.size()));
}

TEST(StringDictionaryTest, DenseIdsAndRunsOfEqualStrings) {
  StringDictionary dict;
  Datum s = Col(LogicalType::String(),
                {S("b"), S("b"), S("a"), Null(), S("a"), S(""), S("b"), S(std::string("a\0", 2))});
  std::vector<uint64_t> ids(8);
  dict.FindOrAddColumn(s, 8, ids.data());
  EXPECT_EQ(ids, (std::vector<uint64_t>{0, 0, 1, 0, 1, 2, 0, 3}));
  EXPECT_EQ(dict.size(), 4);
  EXPECT_EQ(dict.Get(3), std::string_view("a\0", 2));
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(dict.FindOrAdd("k" + std::to_string(i)), 4u + i);
  EXPECT_EQ(dict.FindOrAdd("b"), 0u);
  EXPECT_EQ(dict.FindOrAdd("k4999"), 5003u);
}

}  // namespace
}  // namespace copra
