#include "exec/nested_loop_join_operator.h"

#include <gtest/gtest.h>

#include "exec/join_test_util.h"

namespace copra {
namespace {

using namespace join_test;  // NOLINT: test helpers

SchemaPtr IntSchema(const char* name) { return MakeSchema({{name, LogicalType::Int32()}}); }

std::vector<Row> Ints(std::initializer_list<std::optional<int32_t>> xs) {
  std::vector<Row> rows;
  for (auto x : xs) rows.push_back({x ? Value::Int32(*x) : Value::Null(LogicalType::Int32())});
  return rows;
}

PhysicalOperatorPtr MakeNlj(LogicalJoinType type, const std::vector<Row>& left,
                            const std::vector<Row>& right, BoundExprPtr condition,
                            int64_t input_batch) {
  SchemaPtr ls = IntSchema("a"), rs = IntSchema("b");
  return std::make_unique<NestedLoopJoinOperator>(
      JoinSchema(*ls, *rs, type), std::make_unique<RowsOperator>(ls, left, input_batch),
      std::make_unique<RowsOperator>(rs, right, input_batch), type, std::move(condition));
}

TEST(NestedLoopJoinOperatorTest, CrossJoinRespectsBatchSize) {
  std::vector<Row> left = Ints({1, 2, 3, std::nullopt, 5});
  std::vector<Row> right = Ints({10, 20, 30, 40});
  auto expected = ReferenceJoin(left, right, 1, 1, LogicalJoinType::kCross,
                                [](const Row&, const Row&) { return true; });
  ASSERT_EQ(expected.size(), 20u);
  for (int64_t batch_size : {1, 2, 3, 7, 100}) {
    for (int64_t input : {1, 2, 10}) {
      PhysicalOperatorPtr op = MakeNlj(LogicalJoinType::kCross, left, right, nullptr, input);
      EXPECT_EQ(RunSorted(op.get(), batch_size), expected) << batch_size << " " << input;
    }
  }
}

TEST(NestedLoopJoinOperatorTest, CrossJoinWithEmptySide) {
  EXPECT_TRUE(
      RunSorted(MakeNlj(LogicalJoinType::kCross, Ints({1, 2}), {}, nullptr, 4).get(), 4).empty());
  EXPECT_TRUE(
      RunSorted(MakeNlj(LogicalJoinType::kCross, {}, Ints({1, 2}), nullptr, 4).get(), 4).empty());
}

// ON a < b (no equality: only the nested loop can run it), every type.
TEST(NestedLoopJoinOperatorTest, InequalityAllTypes) {
  std::vector<Row> left = Ints({1, 5, std::nullopt, 9, 5});
  std::vector<Row> right = Ints({4, 6, std::nullopt, 2});
  BoundExprPtr less =
      Call("<", {Col(0, LogicalType::Int32(), "a"), Col(1, LogicalType::Int32(), "b")});
  auto match = [](const Row& l, const Row& r) {
    return !l[0].is_null() && !r[0].is_null() && l[0].GetInt64() < r[0].GetInt64();
  };
  for (LogicalJoinType type :
       {LogicalJoinType::kInner, LogicalJoinType::kLeft, LogicalJoinType::kRight,
        LogicalJoinType::kFull, LogicalJoinType::kSemi, LogicalJoinType::kAnti}) {
    auto expected = ReferenceJoin(left, right, 1, 1, type, match);
    for (int64_t batch_size : {1, 2, 5, 1000}) {
      SCOPED_TRACE(testing::Message() << JoinTypeLabel(type) << " batch=" << batch_size);
      EXPECT_EQ(RunSorted(MakeNlj(type, left, right, less, 2).get(), batch_size), expected);
    }
  }
}

// A constant condition: TRUE behaves as a cross join, FALSE/NULL match
// nothing (outer joins still emit their unmatched rows).
TEST(NestedLoopJoinOperatorTest, ConstantConditions) {
  std::vector<Row> left = Ints({1, 2});
  std::vector<Row> right = Ints({3});
  BoundExprPtr t = BoundExpr::Constant(Value::Boolean(true));
  BoundExprPtr f = BoundExpr::Constant(Value::Boolean(false));
  BoundExprPtr n = BoundExpr::Constant(Value::Null(LogicalType::Boolean()));
  EXPECT_EQ(RunSorted(MakeNlj(LogicalJoinType::kInner, left, right, t, 1).get(), 1),
            (std::vector<std::string>{"1|3", "2|3"}));
  EXPECT_TRUE(RunSorted(MakeNlj(LogicalJoinType::kInner, left, right, f, 1).get(), 1).empty());
  EXPECT_EQ(RunSorted(MakeNlj(LogicalJoinType::kFull, left, right, n, 1).get(), 2),
            (std::vector<std::string>{"1|NULL", "2|NULL", "NULL|3"}));
  EXPECT_EQ(RunSorted(MakeNlj(LogicalJoinType::kRight, left, right, t, 1).get(), 2),
            (std::vector<std::string>{"1|3", "2|3"}));
}

TEST(NestedLoopJoinOperatorTest, BuildSideRespectsMemoryLimit) {
  std::vector<Row> right;
  for (int i = 0; i < 2000; ++i) right.push_back({Value::Int32(i)});
  Status st;
  RunSorted(MakeNlj(LogicalJoinType::kCross, Ints({1}), right, nullptr, 500).get(), 10, 1000, &st);
  EXPECT_EQ(st.code(), ErrorCode::kOutOfMemory);
}

}  // namespace
}  // namespace copra
