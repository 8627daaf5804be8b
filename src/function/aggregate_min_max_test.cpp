#include <cmath>
#include <limits>

#include "function/aggregate_test_util.h"
#include "function/function_registry.h"

namespace copra::aggtest {
namespace {

TEST(MinMaxAggregate, EveryTypeReturnsItsArgumentType) {
  std::vector<LogicalType> types = {
      LogicalType::Boolean(), LogicalType::Int8(),    LogicalType::UInt32(),
      LogicalType::Float32(), LogicalType::String(),  LogicalType::Binary(),
      LogicalType::Date(),    LogicalType::Interval()};
  for (TimeUnit u : {TimeUnit::kSecond, TimeUnit::kMillisecond, TimeUnit::kMicrosecond,
                     TimeUnit::kNanosecond}) {
    types.push_back(LogicalType::Timestamp(u));
  }
  for (const char* name : {"min", "max", "first_value", "last_value"}) {
    for (const LogicalType& t : types) {
      auto r = FunctionRegistry::Global().ResolveAggregate(name, {t});
      ASSERT_TRUE(r.ok()) << name << " " << t.ToString();
      EXPECT_EQ(r->return_type, t) << name;
      EXPECT_EQ(r->cast_to[0], t) << name;
    }
  }
}

TEST(MinMaxAggregate, IntegersWithGroupsAndNulls) {
  Datum x = Flat(LogicalType::Int32(), I32s({5, std::nullopt, -3, 7, 2, std::nullopt}));
  std::vector<uint32_t> groups = {0, 1, 0, 2, 2, 3};
  AggRunner mn("min", {LogicalType::Int32()});
  AggRunner mx("max", {LogicalType::Int32()});
  mn.Resize(5);
  mx.Resize(5);
  ASSERT_TRUE(mn.Update({x}, groups).ok());
  ASSERT_TRUE(mx.Update({x}, groups).ok());
  EXPECT_EQ(mn.FinalizeTexts(), (Strings{"-3", "NULL", "2", "NULL", "NULL"}));
  EXPECT_EQ(mx.FinalizeTexts(), (Strings{"5", "NULL", "7", "NULL", "NULL"}));
}

TEST(MinMaxAggregate, UngroupedWithScalarsAndManyRows) {
  std::vector<Value> values;
  for (int i = 0; i < 1000; ++i) values.push_back(Value::Int64((i * 7919) % 1009 - 500));
  AggRunner mn("min", {LogicalType::Int64()});
  AggRunner mx("max", {LogicalType::Int64()});
  mn.Resize(1);
  mx.Resize(1);
  Datum x = Flat(LogicalType::Int64(), values);
  ASSERT_TRUE(mn.UpdateAll({x}, 1000).ok());
  ASSERT_TRUE(mx.UpdateAll({x}, 1000).ok());
  ASSERT_TRUE(mx.UpdateAll({Scalar(Value::Int64(100000))}, 3).ok());
  ASSERT_TRUE(mn.UpdateAll({Scalar(Value::Null(LogicalType::Int64()))}, 3).ok());
  int64_t lo = 1 << 30;
  for (const Value& v : values) lo = std::min(lo, v.GetInt64());
  EXPECT_EQ(mn.FinalizeTexts(), (Strings{std::to_string(lo)}));
  EXPECT_EQ(mx.FinalizeTexts(), (Strings{"100000"}));
}

TEST(MinMaxAggregate, NaNIsGreatest) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  Datum x = Flat(LogicalType::Float64(), F64s({1.0, nan, -2.5, nan}));
  AggRunner mn("min", {LogicalType::Float64()});
  AggRunner mx("max", {LogicalType::Float64()});
  mn.Resize(2);
  mx.Resize(2);
  ASSERT_TRUE(mn.Update({x}, {0, 0, 0, 1}).ok());
  ASSERT_TRUE(mx.Update({x}, {0, 0, 0, 1}).ok());
  EXPECT_EQ(mn.FinalizeTexts(), (Strings{"-2.5", "NaN"}));
  EXPECT_EQ(mx.FinalizeTexts(), (Strings{"NaN", "NaN"}));
}

TEST(MinMaxAggregate, UngroupedNaNHandling) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    std::vector<Value> values;
    const char* min;
    const char* max;
  };
  for (const Case& c : {Case{F64s({nan, nan}), "NaN", "NaN"}, Case{F64s({nan, 1, -1}), "-1", "NaN"},
                        Case{F64s({2, std::nullopt, 3}), "2", "3"},
                        Case{F64s({std::nullopt}), "NULL", "NULL"},
                        Case{F64s({-INFINITY, INFINITY}), "-Infinity", "Infinity"}}) {
    AggRunner mn("min", {LogicalType::Float64()});
    AggRunner mx("max", {LogicalType::Float64()});
    mn.Resize(1);
    mx.Resize(1);
    Datum x = Flat(LogicalType::Float64(), c.values);
    const auto n = static_cast<int64_t>(c.values.size());
    ASSERT_TRUE(mn.UpdateAll({x}, n).ok());
    ASSERT_TRUE(mx.UpdateAll({x}, n).ok());
    EXPECT_EQ(mn.FinalizeTexts(), (Strings{c.min}));
    EXPECT_EQ(mx.FinalizeTexts(), (Strings{c.max}));
  }
  // Extremes of integer types are not confused with the empty identity.
  AggRunner mx("max", {LogicalType::Int8()});
  mx.Resize(1);
  ASSERT_TRUE(mx.UpdateAll({Flat(LogicalType::Int8(), {Value::Int8(-128), Value::Int8(-128)})}, 2)
                  .ok());
  EXPECT_EQ(mx.FinalizeTexts(), (Strings{"-128"}));
}

TEST(MinMaxAggregate, StringsGroupedUngroupedAndMerged) {
  Datum x = Flat(LogicalType::String(), Strs({"pear", "apple", std::nullopt, "zebra", "", "fig"}));
  AggRunner mn("min", {LogicalType::String()});
  AggRunner mx("max", {LogicalType::String()});
  mn.Resize(3);
  mx.Resize(3);
  ASSERT_TRUE(mn.Update({x}, {0, 0, 1, 2, 2, 0}).ok());
  ASSERT_TRUE(mx.Update({x}, {0, 0, 1, 2, 2, 0}).ok());
  EXPECT_EQ(mn.FinalizeTexts(), (Strings{"apple", "NULL", ""}));
  EXPECT_EQ(mx.FinalizeTexts(), (Strings{"pear", "NULL", "zebra"}));

  AggRunner one("max", {LogicalType::String()});
  one.Resize(1);
  ASSERT_TRUE(one.UpdateAll({x}, 6).ok());
  ASSERT_TRUE(one.UpdateAll({Scalar(Value::String("yak"))}, 2).ok());
  EXPECT_EQ(one.FinalizeTexts(), (Strings{"zebra"}));

  AggRunner other("max", {LogicalType::String()});
  other.Resize(2);
  ASSERT_TRUE(other.Update({Flat(LogicalType::String(), Strs({"zz", "b"}))}, {0, 1}).ok());
  mx.Resize(4);
  ASSERT_TRUE(mx.Merge(other, {1, 3}).ok());
  EXPECT_EQ(mx.FinalizeTexts(), (Strings{"pear", "zz", "zebra", "b"}));
}

TEST(MinMaxAggregate, Booleans) {
  std::vector<Value> v = {Value::Boolean(true), Value::Boolean(false), Value::Boolean(true),
                          Value::Null(LogicalType::Boolean())};
  AggRunner mn("min", {LogicalType::Boolean()});
  AggRunner mx("max", {LogicalType::Boolean()});
  mn.Resize(3);
  mx.Resize(3);
  ASSERT_TRUE(mn.Update({Flat(LogicalType::Boolean(), v)}, {0, 0, 1, 2}).ok());
  ASSERT_TRUE(mx.Update({Flat(LogicalType::Boolean(), v)}, {0, 0, 1, 2}).ok());
  EXPECT_EQ(mn.FinalizeTexts(), (Strings{"false", "true", "NULL"}));
  EXPECT_EQ(mx.FinalizeTexts(), (Strings{"true", "true", "NULL"}));
}

TEST(MinMaxAggregate, TimestampsKeepTheirUnitAndDates) {
  LogicalType ns = LogicalType::Timestamp(TimeUnit::kNanosecond);
  std::vector<Value> v = {Value::Timestamp(5, TimeUnit::kNanosecond),
                          Value::Timestamp(-7, TimeUnit::kNanosecond),
                          Value::Timestamp(3, TimeUnit::kNanosecond)};
  AggRunner mx("max", {ns});
  mx.Resize(1);
  ASSERT_TRUE(mx.UpdateAll({Flat(ns, v)}, 3).ok());
  ColumnPtr out = mx.Finalize();
  EXPECT_EQ(out->type(), ns);
  EXPECT_EQ(out->GetValue(0).GetInt64(), 5);

  AggRunner mn("min", {LogicalType::Date()});
  mn.Resize(1);
  ASSERT_TRUE(
      mn.UpdateAll({Flat(LogicalType::Date(), {Value::Date(100), Value::Date(-3)})}, 2).ok());
  EXPECT_EQ(mn.Finalize()->GetValue(0).GetInt64(), -3);
}

TEST(MinMaxAggregate, IntervalsCompareWithThirtyDayMonths) {
  constexpr int64_t kHour = int64_t{3600} * 1000000000;
  std::vector<Value> v = {Value::IntervalValue({1, 0, 0}),          // 30 days
                          Value::IntervalValue({0, 29, 25 * kHour}),  // 30 days 1 hour
                          Value::IntervalValue({0, 29, 0})};
  AggRunner mx("max", {LogicalType::Interval()});
  AggRunner mn("min", {LogicalType::Interval()});
  mx.Resize(1);
  mn.Resize(1);
  ASSERT_TRUE(mx.UpdateAll({Flat(LogicalType::Interval(), v)}, 3).ok());
  ASSERT_TRUE(mn.UpdateAll({Flat(LogicalType::Interval(), v)}, 3).ok());
  EXPECT_EQ(mx.Finalize()->GetValue(0).GetInterval(), (Interval{0, 29, 25 * kHour}));
  EXPECT_EQ(mn.Finalize()->GetValue(0).GetInterval(), (Interval{0, 29, 0}));
}

TEST(MinMaxAggregate, MergeFixedWidth) {
  AggRunner a("min", {LogicalType::Float32()});
  AggRunner b("min", {LogicalType::Float32()});
  a.Resize(2);
  b.Resize(2);
  std::vector<Value> va = {Value::Float32(3), Value::Float32(4)};
  std::vector<Value> vb = {Value::Float32(1), Value::Null(LogicalType::Float32())};
  ASSERT_TRUE(a.Update({Flat(LogicalType::Float32(), va)}, {0, 1}).ok());
  ASSERT_TRUE(b.Update({Flat(LogicalType::Float32(), vb)}, {0, 1}).ok());
  ASSERT_TRUE(a.Merge(b, {1, 0}).ok());
  EXPECT_EQ(a.FinalizeTexts(), (Strings{"3", "1"}));
}

}  // namespace
}  // namespace copra::aggtest
