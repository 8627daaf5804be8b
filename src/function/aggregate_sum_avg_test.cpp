#include <limits>

#include "function/aggregate_test_util.h"

namespace copra::aggtest {
namespace {

constexpr int64_t kMax64 = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();

TEST(SumAggregate, ReturnTypes) {
  auto& reg = FunctionRegistry::Global();
  EXPECT_EQ(reg.ResolveAggregate("sum", {LogicalType::Int16()})->return_type, LogicalType::Int64());
  EXPECT_EQ(reg.ResolveAggregate("sum", {LogicalType::UInt8()})->return_type,
            LogicalType::UInt64());
  EXPECT_EQ(reg.ResolveAggregate("sum", {LogicalType::Float32()})->return_type,
            LogicalType::Float64());
  EXPECT_EQ(reg.ResolveAggregate("sum", {LogicalType::Interval()})->return_type,
            LogicalType::Interval());
  EXPECT_EQ(reg.ResolveAggregate("avg", {LogicalType::Int64()})->return_type,
            LogicalType::Float64());
  EXPECT_EQ(reg.ResolveAggregate("mean", {LogicalType::Int8()})->return_type,
            LogicalType::Float64());
  EXPECT_FALSE(reg.ResolveAggregate("sum", {LogicalType::Boolean()}).ok());
}

TEST(SumAggregate, GroupsNullsAndEmptyGroups) {
  AggRunner sum("sum", {LogicalType::Int32()});
  sum.Resize(4);
  Datum x = Flat(LogicalType::Int32(), I32s({1, std::nullopt, 3, -4, 5, std::nullopt}));
  ASSERT_TRUE(sum.Update({x}, {0, 1, 2, 0, 2, 3}).ok());
  // group 1 and 3 saw only NULLs; none is empty of rows but all are NULL.
  EXPECT_EQ(sum.FinalizeTexts(), (Strings{"-3", "NULL", "8", "NULL"}));
}

TEST(SumAggregate, ClusteredGroupIdsWithRevisitsAndNulls) {
  // Mostly runs (the register path), with groups left and re-entered.
  AggRunner sum("sum", {LogicalType::Int64()});
  AggRunner avg("avg", {LogicalType::Float64()});
  sum.Resize(3);
  avg.Resize(3);
  std::vector<Value> xs, ds;
  std::vector<uint32_t> ids;
  int64_t expect_sum[3] = {0, 0, 0};
  for (int i = 0; i < 400; ++i) {
    const uint32_t g = static_cast<uint32_t>((i / 50) % 3);
    ids.push_back(g);
    if (i % 7 == 3) {
      xs.push_back(Value::Null(LogicalType::Int64()));
      ds.push_back(Value::Null(LogicalType::Float64()));
    } else {
      xs.push_back(Value::Int64(i));
      ds.push_back(Value::Float64(g == 2 ? 1.5 : 0.5));
      expect_sum[g] += i;
    }
  }
  ASSERT_TRUE(sum.Update({Flat(LogicalType::Int64(), xs)}, ids).ok());
  ASSERT_TRUE(avg.Update({Flat(LogicalType::Float64(), ds)}, ids).ok());
  EXPECT_EQ(sum.FinalizeTexts(),
            (Strings{std::to_string(expect_sum[0]), std::to_string(expect_sum[1]),
                     std::to_string(expect_sum[2])}));
  EXPECT_EQ(avg.FinalizeTexts(), (Strings{"0.5", "0.5", "1.5"}));
}

TEST(SumAggregate, ResizeWithoutUpdatesGivesNull) {
  for (const char* name : {"sum", "avg", "min", "max"}) {
    AggRunner agg(name, {LogicalType::Int64()});
    agg.Resize(2);
    EXPECT_EQ(agg.FinalizeTexts(), (Strings{"NULL", "NULL"})) << name;
  }
}

TEST(SumAggregate, UngroupedAcrossBatches) {
  AggRunner sum("sum", {LogicalType::Int64()});
  sum.Resize(1);
  ASSERT_TRUE(sum.UpdateAll({Flat(LogicalType::Int64(), I64s({1, 2, std::nullopt}))}, 3).ok());
  ASSERT_TRUE(sum.Update({Flat(LogicalType::Int64(), I64s({10, 20}))}, {0, 0}).ok());
  EXPECT_EQ(sum.FinalizeTexts(), (Strings{"33"}));
}

TEST(SumAggregate, UngroupedNarrowTypesOnSlicesWithNulls) {
  std::vector<Value> values;
  for (int i = 0; i < 500; ++i) {
    values.push_back(i % 7 == 3 ? Value::Null(LogicalType::Int16())
                                : Value::Int16(static_cast<int16_t>(i * 131 % 60000 - 30000)));
  }
  ColumnPtr slice = Col(LogicalType::Int16(), values)->Slice(3, 450);
  int64_t want = 0;
  for (int i = 3; i < 453; ++i) {
    if (!values[i].is_null()) want += values[i].GetInt64();
  }
  AggRunner sum("sum", {LogicalType::Int16()});
  AggRunner avg("avg", {LogicalType::Int16()});
  sum.Resize(1);
  avg.Resize(1);
  ASSERT_TRUE(sum.UpdateAll({Datum::Flat(slice)}, 450).ok());
  ASSERT_TRUE(avg.UpdateAll({Datum::Flat(slice)}, 450).ok());
  EXPECT_EQ(sum.FinalizeTexts(), (Strings{std::to_string(want)}));
  const int64_t valid = 450 - slice->null_count();
  EXPECT_DOUBLE_EQ(avg.Finalize()->GetValue(0).GetDouble(),
                   static_cast<double>(want) / static_cast<double>(valid));

  AggRunner usum("sum", {LogicalType::UInt32()});
  usum.Resize(1);
  std::vector<Value> big(100, Value::UInt32(4000000000u));
  ASSERT_TRUE(usum.UpdateAll({Flat(LogicalType::UInt32(), big)}, 100).ok());
  EXPECT_EQ(usum.FinalizeTexts(), (Strings{"400000000000"}));
}

TEST(SumAggregate, ScalarArgument) {
  AggRunner sum("sum", {LogicalType::Int32()});
  sum.Resize(2);
  ASSERT_TRUE(sum.Update({Scalar(Value::Int32(5))}, {0, 1, 1, 1}).ok());
  EXPECT_EQ(sum.FinalizeTexts(), (Strings{"5", "15"}));

  AggRunner one("sum", {LogicalType::Float64()});
  one.Resize(1);
  ASSERT_TRUE(one.UpdateAll({Scalar(Value::Float64(0.5))}, 4).ok());
  ASSERT_TRUE(one.UpdateAll({Scalar(Value::Null(LogicalType::Float64()))}, 4).ok());
  EXPECT_EQ(one.FinalizeTexts(), (Strings{"2"}));
}

TEST(SumAggregate, OverflowIsAnErrorOnlyForTheFinalSum) {
  AggRunner sum("sum", {LogicalType::Int64()});
  sum.Resize(1);
  ASSERT_TRUE(sum.UpdateAll({Flat(LogicalType::Int64(), I64s({kMax64, kMax64, -kMax64}))}, 3).ok());
  EXPECT_EQ(sum.FinalizeTexts(), (Strings{std::to_string(kMax64)}));

  AggRunner over("sum", {LogicalType::Int64()});
  over.Resize(2);
  ASSERT_TRUE(over.Update({Flat(LogicalType::Int64(), I64s({kMax64, 1, 5}))}, {0, 0, 1}).ok());
  Result<ColumnPtr> r = over.agg().Finalize();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNumericOverflow);

  AggRunner under("sum", {LogicalType::Int64()});
  under.Resize(1);
  ASSERT_TRUE(under.UpdateAll({Scalar(Value::Int64(kMin64))}, 2).ok());
  EXPECT_EQ(under.agg().Finalize().status().code(), ErrorCode::kNumericOverflow);
}

TEST(SumAggregate, UnsignedUsesFullRange) {
  constexpr uint64_t kMaxU = std::numeric_limits<uint64_t>::max();
  AggRunner sum("sum", {LogicalType::UInt64()});
  sum.Resize(2);
  std::vector<Value> v = {Value::UInt64(kMaxU - 1), Value::UInt64(1), Value::UInt64(kMaxU),
                          Value::UInt64(1)};
  ASSERT_TRUE(sum.Update({Flat(LogicalType::UInt64(), v)}, {0, 0, 1, 1}).ok());
  Result<ColumnPtr> r = sum.agg().Finalize();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNumericOverflow);

  AggRunner ok("sum", {LogicalType::UInt64()});
  ok.Resize(1);
  ASSERT_TRUE(ok.UpdateAll({Flat(LogicalType::UInt64(), {v[0], v[1]})}, 2).ok());
  EXPECT_EQ(ok.FinalizeTexts(), (Strings{std::to_string(kMaxU)}));
}

TEST(SumAggregate, MergeWithGroupMap) {
  AggRunner a("sum", {LogicalType::Float64()});
  AggRunner b("sum", {LogicalType::Float64()});
  a.Resize(2);
  b.Resize(2);
  ASSERT_TRUE(a.Update({Flat(LogicalType::Float64(), F64s({1.5, 2.5}))}, {0, 1}).ok());
  ASSERT_TRUE(b.Update({Flat(LogicalType::Float64(), F64s({10, std::nullopt}))}, {0, 1}).ok());
  a.Resize(3);
  ASSERT_TRUE(a.Merge(b, {1, 2}).ok());
  EXPECT_EQ(a.FinalizeTexts(), (Strings{"1.5", "12.5", "NULL"}));
}

TEST(SumAggregate, Intervals) {
  AggRunner sum("sum", {LogicalType::Interval()});
  sum.Resize(1);
  std::vector<Value> v = {Value::IntervalValue({1, 2, 1000}), Value::IntervalValue({0, 40, 5}),
                          Value::Null(LogicalType::Interval())};
  ASSERT_TRUE(sum.UpdateAll({Flat(LogicalType::Interval(), v)}, 3).ok());
  ColumnPtr out = sum.Finalize();
  Interval got = out->GetValue(0).GetInterval();
  EXPECT_EQ(got, (Interval{1, 42, 1005}));
}

TEST(AvgAggregate, IntegersAndFloats) {
  AggRunner avg("avg", {LogicalType::Int32()});
  avg.Resize(3);
  ASSERT_TRUE(
      avg.Update({Flat(LogicalType::Int32(), I32s({1, 2, std::nullopt, 4}))}, {0, 0, 1, 1}).ok());
  EXPECT_EQ(avg.FinalizeTexts(), (Strings{"1.5", "4", "NULL"}));

  AggRunner favg("avg", {LogicalType::Float64()});
  favg.Resize(1);
  ASSERT_TRUE(favg.UpdateAll({Flat(LogicalType::Float64(), F64s({0.5, 1.0, 3.0}))}, 3).ok());
  ASSERT_TRUE(favg.UpdateAll({Scalar(Value::Float64(2.5))}, 2).ok());
  EXPECT_EQ(favg.FinalizeTexts(), (Strings{"1.9"}));
}

TEST(AvgAggregate, LargeIntegersAreExactUntilDivision) {
  AggRunner avg("avg", {LogicalType::Int64()});
  avg.Resize(1);
  ASSERT_TRUE(avg.UpdateAll({Flat(LogicalType::Int64(), I64s({kMax64, kMax64, kMax64}))}, 3).ok());
  ColumnPtr out = avg.Finalize();
  EXPECT_DOUBLE_EQ(out->GetValue(0).GetDouble(), static_cast<double>(kMax64));
}

TEST(AvgAggregate, MergeWithGroupMap) {
  AggRunner a("avg", {LogicalType::Int64()});
  AggRunner b("avg", {LogicalType::Int64()});
  a.Resize(1);
  b.Resize(1);
  ASSERT_TRUE(a.UpdateAll({Flat(LogicalType::Int64(), I64s({1, 2}))}, 2).ok());
  ASSERT_TRUE(b.UpdateAll({Flat(LogicalType::Int64(), I64s({6}))}, 1).ok());
  ASSERT_TRUE(a.Merge(b, {0}).ok());
  EXPECT_EQ(a.FinalizeTexts(), (Strings{"3"}));
}

}  // namespace
}  // namespace copra::aggtest
