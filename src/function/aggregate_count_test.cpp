#include <cmath>
#include <limits>

#include "function/aggregate_test_util.h"

namespace copra::aggtest {
namespace {

TEST(CountAggregate, StarCountsRowsPerGroupAndZeroForEmptyGroups) {
  AggRunner count("count", {});
  EXPECT_EQ(count.fn().return_type, LogicalType::Int64());
  count.Resize(4);
  ASSERT_TRUE(count.Update({}, {0, 2, 0, 1, 0}).ok());
  ASSERT_TRUE(count.Update({}, {2}).ok());
  EXPECT_EQ(count.FinalizeTexts(), (Strings{"3", "1", "2", "0"}));
}

TEST(CountAggregate, StarUngroupedAndSingleGroup) {
  AggRunner count("count", {});
  count.Resize(1);
  ASSERT_TRUE(count.UpdateAll({}, 5).ok());
  ASSERT_TRUE(count.Update({}, {0, 0, 0}).ok());
  EXPECT_EQ(count.FinalizeTexts(), (Strings{"8"}));
}

TEST(CountAggregate, ValueSkipsNulls) {
  AggRunner count("count", {LogicalType::Int32()});
  count.Resize(3);
  Datum x = Flat(LogicalType::Int32(), I32s({1, std::nullopt, 3, 4, std::nullopt, 6}));
  ASSERT_TRUE(count.Update({x}, {0, 0, 1, 0, 1, 1}).ok());
  EXPECT_EQ(count.FinalizeTexts(), (Strings{"2", "2", "0"}));

  AggRunner one("count", {LogicalType::Int32()});
  one.Resize(1);
  ASSERT_TRUE(one.UpdateAll({x}, 6).ok());
  ASSERT_TRUE(one.Update({x}, {0, 0, 0, 0, 0, 0}).ok());
  EXPECT_EQ(one.FinalizeTexts(), (Strings{"8"}));
}

TEST(CountAggregate, ClusteredGroupIdsWithRevisitsAndNulls) {
  AggRunner star("count", {});
  AggRunner value("count", {LogicalType::Int64()});
  star.Resize(3);
  value.Resize(3);
  std::vector<Value> xs;
  std::vector<uint32_t> ids;
  int64_t rows[3] = {0, 0, 0}, valid[3] = {0, 0, 0};
  for (int i = 0; i < 500; ++i) {
    const uint32_t g = static_cast<uint32_t>((i / 40) % 3);
    ids.push_back(g);
    ++rows[g];
    if (i % 9 == 4) {
      xs.push_back(Value::Null(LogicalType::Int64()));
    } else {
      xs.push_back(Value::Int64(i));
      ++valid[g];
    }
  }
  ASSERT_TRUE(star.Update({}, ids).ok());
  ASSERT_TRUE(value.Update({Flat(LogicalType::Int64(), xs)}, ids).ok());
  EXPECT_EQ(star.FinalizeTexts(),
            (Strings{std::to_string(rows[0]), std::to_string(rows[1]), std::to_string(rows[2])}));
  EXPECT_EQ(value.FinalizeTexts(), (Strings{std::to_string(valid[0]), std::to_string(valid[1]),
                                            std::to_string(valid[2])}));
}

TEST(CountAggregate, ScalarArguments) {
  AggRunner count("count", {LogicalType::String()});
  count.Resize(2);
  ASSERT_TRUE(count.Update({Scalar(Value::String("a"))}, {0, 1, 1}).ok());
  ASSERT_TRUE(count.Update({Scalar(Value::Null(LogicalType::String()))}, {0, 1, 1}).ok());
  EXPECT_EQ(count.FinalizeTexts(), (Strings{"1", "2"}));

  AggRunner one("count", {LogicalType::String()});
  one.Resize(1);
  ASSERT_TRUE(one.UpdateAll({Scalar(Value::String("a"))}, 7).ok());
  ASSERT_TRUE(one.UpdateAll({Scalar(Value::Null(LogicalType::String()))}, 7).ok());
  EXPECT_EQ(one.FinalizeTexts(), (Strings{"7"}));
}

TEST(CountAggregate, SlicedColumnWithManyRows) {
  // 300 rows, every third NULL, sliced at an odd offset so validity words
  // straddle bytes.
  std::vector<Value> values;
  for (int i = 0; i < 300; ++i) {
    values.push_back(i % 3 == 0 ? Value::Null(LogicalType::Int64()) : Value::Int64(i));
  }
  ColumnPtr full = Col(LogicalType::Int64(), values);
  ColumnPtr slice = full->Slice(5, 290);
  std::vector<uint32_t> groups(290);
  int64_t expected[3] = {0, 0, 0};
  for (int i = 0; i < 290; ++i) {
    groups[i] = static_cast<uint32_t>((i * 7) % 3);
    if ((i + 5) % 3 != 0) ++expected[groups[i]];
  }
  AggRunner count("count", {LogicalType::Int64()});
  count.Resize(3);
  ASSERT_TRUE(count.Update({Datum::Flat(slice)}, groups).ok());
  EXPECT_EQ(count.FinalizeTexts(),
            (Strings{std::to_string(expected[0]), std::to_string(expected[1]),
                     std::to_string(expected[2])}));
  AggRunner one("count", {LogicalType::Int64()});
  one.Resize(1);
  ASSERT_TRUE(one.UpdateAll({Datum::Flat(slice)}, 290).ok());
  EXPECT_EQ(one.FinalizeTexts(),
            (Strings{std::to_string(expected[0] + expected[1] + expected[2])}));
}

TEST(CountAggregate, MergeWithGroupMap) {
  AggRunner a("count", {LogicalType::Int32()});
  AggRunner b("count", {LogicalType::Int32()});
  a.Resize(2);
  b.Resize(3);
  ASSERT_TRUE(a.Update({Flat(LogicalType::Int32(), I32s({1, 2, 3}))}, {0, 1, 1}).ok());
  ASSERT_TRUE(
      b.Update({Flat(LogicalType::Int32(), I32s({1, std::nullopt, 3, 4}))}, {0, 1, 2, 2}).ok());
  a.Resize(3);
  // b's group 0 → a's 1, 1 → 0, 2 → new group 2.
  ASSERT_TRUE(a.Merge(b, {1, 0, 2}).ok());
  EXPECT_EQ(a.FinalizeTexts(), (Strings{"1", "3", "2"}));
}

TEST(CountAggregate, EveryTypeResolves) {
  for (const char* name : {"count", "count_distinct"}) {
    for (TypeId id :
         {TypeId::kBoolean, TypeId::kInt8, TypeId::kUInt64, TypeId::kFloat32, TypeId::kString,
          TypeId::kBinary, TypeId::kTimestamp, TypeId::kDate, TypeId::kInterval}) {
      LogicalType t(id);
      auto r = FunctionRegistry::Global().ResolveAggregate(name, {t});
      ASSERT_TRUE(r.ok()) << name << " " << t.ToString();
      EXPECT_EQ(r->cast_to[0], t);
      EXPECT_EQ(r->return_type, LogicalType::Int64());
    }
  }
}

TEST(CountDistinctAggregate, StringsPerGroup) {
  AggRunner cd("count_distinct", {LogicalType::String()});
  cd.Resize(3);
  Datum x = Flat(LogicalType::String(),
                 Strs({"a", "b", "a", std::nullopt, "a", "", "", "a long string beyond sso"}));
  ASSERT_TRUE(cd.Update({x}, {0, 0, 0, 0, 1, 1, 1, 0}).ok());
  ASSERT_TRUE(cd.Update({Flat(LogicalType::String(), Strs({"b", "c"}))}, {0, 1}).ok());
  EXPECT_EQ(cd.FinalizeTexts(), (Strings{"3", "3", "0"}));
}

TEST(CountDistinctAggregate, ManyValuesGrowTheTable) {
  AggRunner cd("count_distinct", {LogicalType::Int64()});
  cd.Resize(2);
  std::vector<Value> values;
  std::vector<uint32_t> groups;
  for (int i = 0; i < 5000; ++i) {
    values.push_back(Value::Int64(i % 1000));  // group 0: 1000 distinct
    groups.push_back(0);
    values.push_back(Value::Int64(i));  // group 1: 5000 distinct
    groups.push_back(1);
  }
  ASSERT_TRUE(cd.Update({Flat(LogicalType::Int64(), values)}, groups).ok());
  EXPECT_EQ(cd.FinalizeTexts(), (Strings{"1000", "5000"}));
}

TEST(CountDistinctAggregate, FloatZeroesAndNaNsAreOneValueEach) {
  AggRunner cd("count_distinct", {LogicalType::Float64()});
  cd.Resize(1);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  ASSERT_TRUE(
      cd.UpdateAll({Flat(LogicalType::Float64(), F64s({0.0, -0.0, nan, -nan, 1.5}))}, 5).ok());
  EXPECT_EQ(cd.FinalizeTexts(), (Strings{"3"}));
}

TEST(CountDistinctAggregate, ScalarAndMerge) {
  AggRunner a("count_distinct", {LogicalType::String()});
  AggRunner b("count_distinct", {LogicalType::String()});
  a.Resize(2);
  b.Resize(2);
  ASSERT_TRUE(a.Update({Scalar(Value::String("x"))}, {0, 0, 1}).ok());
  ASSERT_TRUE(b.Update({Flat(LogicalType::String(), Strs({"x", "y", "x"}))}, {0, 0, 1}).ok());
  ASSERT_TRUE(a.Merge(b, {1, 0}).ok());  // b.0 {x,y} → a.1 {x}; b.1 {x} → a.0 {x}
  EXPECT_EQ(a.FinalizeTexts(), (Strings{"1", "2"}));
}

TEST(CountDistinctAggregate, IntervalsAndBooleans) {
  AggRunner iv("count_distinct", {LogicalType::Interval()});
  iv.Resize(1);
  std::vector<Value> ivs = {Value::IntervalValue({1, 0, 0}), Value::IntervalValue({0, 30, 0}),
                            Value::IntervalValue({1, 0, 0}), Value::IntervalValue({0, 0, 5})};
  ASSERT_TRUE(iv.UpdateAll({Flat(LogicalType::Interval(), ivs)}, 4).ok());
  EXPECT_EQ(iv.FinalizeTexts(), (Strings{"3"}));

  AggRunner b("count_distinct", {LogicalType::Boolean()});
  b.Resize(2);
  std::vector<Value> bs = {Value::Boolean(true), Value::Boolean(true), Value::Boolean(false),
                           Value::Boolean(true)};
  ASSERT_TRUE(b.Update({Flat(LogicalType::Boolean(), bs)}, {0, 0, 1, 1}).ok());
  EXPECT_EQ(b.FinalizeTexts(), (Strings{"1", "2"}));
}

}  // namespace
}  // namespace copra::aggtest
