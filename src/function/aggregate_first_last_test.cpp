#include "function/aggregate_test_util.h"

namespace copra::aggtest {
namespace {

TEST(FirstLastAggregate, AreOrderSensitive) {
  auto& reg = FunctionRegistry::Global();
  EXPECT_TRUE(reg.ResolveAggregate("first_value", {LogicalType::Int32()})->function->is_order_sensitive);
  EXPECT_TRUE(reg.ResolveAggregate("last_value", {LogicalType::Int32()})->function->is_order_sensitive);
  EXPECT_FALSE(reg.ResolveAggregate("sum", {LogicalType::Int32()})->function->is_order_sensitive);
}

TEST(FirstLastAggregate, FirstAndLastRowIncludingNulls) {
  Datum x = Flat(LogicalType::Int64(), I64s({std::nullopt, 1, 2, 3, 4, std::nullopt}));
  std::vector<uint32_t> groups = {0, 0, 1, 1, 0, 0};
  AggRunner first("first_value", {LogicalType::Int64()});
  AggRunner last("last_value", {LogicalType::Int64()});
  first.Resize(3);
  last.Resize(3);
  ASSERT_TRUE(first.Update({x}, groups).ok());
  ASSERT_TRUE(last.Update({x}, groups).ok());
  EXPECT_EQ(first.FinalizeTexts(), (Strings{"NULL", "2", "NULL"}));
  EXPECT_EQ(last.FinalizeTexts(), (Strings{"NULL", "3", "NULL"}));

  // A later batch: first keeps, last moves.
  ASSERT_TRUE(first.Update({Flat(LogicalType::Int64(), I64s({9, 8}))}, {0, 2}).ok());
  ASSERT_TRUE(last.Update({Flat(LogicalType::Int64(), I64s({9, 8}))}, {0, 2}).ok());
  EXPECT_EQ(first.FinalizeTexts(), (Strings{"NULL", "2", "8"}));
  EXPECT_EQ(last.FinalizeTexts(), (Strings{"9", "3", "8"}));
}

TEST(FirstLastAggregate, Ungrouped) {
  AggRunner first("first_value", {LogicalType::String()});
  AggRunner last("last_value", {LogicalType::String()});
  first.Resize(1);
  last.Resize(1);
  Datum x = Flat(LogicalType::String(), Strs({"a", std::nullopt, "c"}));
  ASSERT_TRUE(first.UpdateAll({x}, 3).ok());
  ASSERT_TRUE(last.UpdateAll({x}, 3).ok());
  ASSERT_TRUE(first.UpdateAll({Scalar(Value::String("z"))}, 2).ok());
  EXPECT_EQ(first.FinalizeTexts(), (Strings{"a"}));
  EXPECT_EQ(last.FinalizeTexts(), (Strings{"c"}));
  ASSERT_TRUE(last.UpdateAll({Scalar(Value::String("z"))}, 2).ok());
  EXPECT_EQ(last.FinalizeTexts(), (Strings{"z"}));
}

TEST(FirstLastAggregate, StringsGroupedOverSeveralBatches) {
  AggRunner last("last_value", {LogicalType::String()});
  last.Resize(2);
  ASSERT_TRUE(
      last.Update({Flat(LogicalType::String(), Strs({"a", "b", "c", "d"}))}, {0, 1, 0, 1}).ok());
  ASSERT_TRUE(last.Update({Flat(LogicalType::String(), Strs({"e", std::nullopt}))}, {1, 1}).ok());
  ASSERT_TRUE(last.Update({Flat(LogicalType::String(), Strs({"f"}))}, {0}).ok());
  EXPECT_EQ(last.FinalizeTexts(), (Strings{"f", "NULL"}));
}

TEST(FirstLastAggregate, MergeTreatsOtherAsLater) {
  AggRunner fa("first_value", {LogicalType::Boolean()});
  AggRunner fb("first_value", {LogicalType::Boolean()});
  AggRunner la("last_value", {LogicalType::Boolean()});
  AggRunner lb("last_value", {LogicalType::Boolean()});
  for (AggRunner* r : {&fa, &fb, &la, &lb}) r->Resize(2);
  std::vector<Value> a = {Value::Boolean(true)};
  std::vector<Value> b = {Value::Boolean(false), Value::Boolean(false)};
  ASSERT_TRUE(fa.Update({Flat(LogicalType::Boolean(), a)}, {0}).ok());
  ASSERT_TRUE(la.Update({Flat(LogicalType::Boolean(), a)}, {0}).ok());
  ASSERT_TRUE(fb.Update({Flat(LogicalType::Boolean(), b)}, {0, 1}).ok());
  ASSERT_TRUE(lb.Update({Flat(LogicalType::Boolean(), b)}, {0, 1}).ok());
  ASSERT_TRUE(fa.Merge(fb, {0, 1}).ok());
  ASSERT_TRUE(la.Merge(lb, {0, 1}).ok());
  EXPECT_EQ(fa.FinalizeTexts(), (Strings{"true", "false"}));
  EXPECT_EQ(la.FinalizeTexts(), (Strings{"false", "false"}));
}

}  // namespace
}  // namespace copra::aggtest
