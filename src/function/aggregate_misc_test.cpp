// bool_and/bool_or, string_agg and the generic DISTINCT wrapper.
#include "function/aggregate_distinct.h"
#include "function/aggregate_test_util.h"

namespace copra::aggtest {
namespace {

std::vector<Value> Bools(std::initializer_list<std::optional<bool>> xs) {
  std::vector<Value> out;
  for (auto x : xs) out.push_back(x ? Value::Boolean(*x) : Value::Null(LogicalType::Boolean()));
  return out;
}

TEST(BoolAggregate, AndOrWithGroupsAndNulls) {
  Datum x = Flat(LogicalType::Boolean(), Bools({true, false, true, std::nullopt, true, false}));
  std::vector<uint32_t> groups = {0, 0, 1, 2, 1, 3};
  AggRunner all("bool_and", {LogicalType::Boolean()});
  AggRunner any("bool_or", {LogicalType::Boolean()});
  all.Resize(5);
  any.Resize(5);
  ASSERT_TRUE(all.Update({x}, groups).ok());
  ASSERT_TRUE(any.Update({x}, groups).ok());
  EXPECT_EQ(all.FinalizeTexts(), (Strings{"false", "true", "NULL", "false", "NULL"}));
  EXPECT_EQ(any.FinalizeTexts(), (Strings{"true", "true", "NULL", "false", "NULL"}));

  AggRunner every("every", {LogicalType::Boolean()});
  every.Resize(1);
  ASSERT_TRUE(every.UpdateAll({Scalar(Value::Boolean(true))}, 3).ok());
  ASSERT_TRUE(every.UpdateAll({x}, 2).ok());
  EXPECT_EQ(every.FinalizeTexts(), (Strings{"false"}));
}

TEST(StringAggAggregate, SeparatorsGroupsAndMerge) {
  AggRunner a("string_agg", {LogicalType::String(), LogicalType::String()});
  EXPECT_TRUE(a.fn().is_order_sensitive);
  a.Resize(3);
  Datum x = Flat(LogicalType::String(), Strs({"a", "b", std::nullopt, "c", "d"}));
  ASSERT_TRUE(a.Update({x, Scalar(Value::String(", "))}, {0, 1, 0, 0, 1}).ok());
  EXPECT_EQ(a.FinalizeTexts(), (Strings{"a, c", "b, d", "NULL"}));

  // Per-row separators, NULL separator as empty; the first value's
  // separator is dropped but comes back when merged after another state.
  AggRunner b("string_agg", {LogicalType::String(), LogicalType::String()});
  b.Resize(2);
  Datum seps = Flat(LogicalType::String(), Strs({"-", "+", std::nullopt}));
  ASSERT_TRUE(b.Update({Flat(LogicalType::String(), Strs({"x", "y", "z"})), seps}, {0, 0, 1}).ok());
  EXPECT_EQ(b.FinalizeTexts(), (Strings{"x+y", "z"}));
  ASSERT_TRUE(a.Merge(b, {0, 2}).ok());
  EXPECT_EQ(a.FinalizeTexts(), (Strings{"a, c-x+y", "b, d", "z"}));
}

TEST(DistinctAggregate, SumAndAvgOfDistinctValues) {
  auto sum = FunctionRegistry::Global().ResolveAggregate("sum", {LogicalType::Int32()});
  ASSERT_TRUE(sum.ok());
  auto made = MakeDistinctAggregator(*sum->function);
  ASSERT_TRUE(made.ok());
  std::unique_ptr<GroupedAggregator> a = std::move(*made);
  a->Resize(3);
  ColumnPtr x = Col(LogicalType::Int32(), I32s({1, 1, 2, std::nullopt, 5, 5, 2}));
  std::vector<uint32_t> groups = {0, 0, 0, 1, 1, 1, 1};
  ASSERT_TRUE(a->Update({Datum::Flat(x)}, groups.data(), 7).ok());

  std::unique_ptr<GroupedAggregator> b = std::move(*MakeDistinctAggregator(*sum->function));
  b->Resize(1);
  ColumnPtr y = Col(LogicalType::Int32(), I32s({2, 3, 3}));
  ASSERT_TRUE(b->Update({Datum::Flat(y)}, nullptr, 3).ok());
  std::vector<uint32_t> map = {0};
  ASSERT_TRUE(a->Merge(*b, map.data()).ok());
  Result<ColumnPtr> out = a->Finalize();
  ASSERT_TRUE(out.ok());
  // group 0: {1, 2} ∪ {2, 3} = 6; group 1: {5, 2} = 7; group 2: NULL.
  EXPECT_EQ(Texts(**out), (Strings{"6", "7", "NULL"}));
}

TEST(DistinctAggregate, StringsAndUnsupportedFunctions) {
  auto agg = FunctionRegistry::Global().ResolveAggregate(
      "string_agg", {LogicalType::String(), LogicalType::String()});
  ASSERT_TRUE(agg.ok());
  auto made = MakeDistinctAggregator(*agg->function);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.status().code(), ErrorCode::kFeatureNotSupported);

  auto mx = FunctionRegistry::Global().ResolveAggregate("count", {LogicalType::String()});
  std::unique_ptr<GroupedAggregator> d = std::move(*MakeDistinctAggregator(*mx->function));
  d->Resize(2);
  ColumnPtr x = Col(LogicalType::String(), Strs({"a", "a", "b", "a", std::nullopt}));
  std::vector<uint32_t> groups = {0, 0, 0, 1, 1};
  ASSERT_TRUE(d->Update({Datum::Flat(x)}, groups.data(), 5).ok());
  EXPECT_EQ(Texts(**d->Finalize()), (Strings{"2", "1"}));
}

}  // namespace
}  // namespace copra::aggtest
