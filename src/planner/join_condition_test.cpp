#include "planner/join_condition.h"

#include <gtest/gtest.h>

#include "exec/join_test_util.h"

namespace copra {
namespace {

using join_test::Call;
using join_test::Col;

// left: a BIGINT (#0), s STRING (#1); right: b BIGINT (#2), t STRING (#3),
// i INTERVAL (#4)
BoundExprPtr A() { return Col(0, LogicalType::Int64(), "a"); }
BoundExprPtr S() { return Col(1, LogicalType::String(), "s"); }
BoundExprPtr B() { return Col(2, LogicalType::Int64(), "b"); }
BoundExprPtr T() { return Col(3, LogicalType::String(), "t"); }
BoundExprPtr I() { return Col(4, LogicalType::Interval(), "i"); }

TEST(JoinConditionTest, EqualitiesBetweenSidesBecomeKeys) {
  // a = b AND t = s AND a < b
  BoundExprPtr cond =
      BoundExpr::And({Call("=", {A(), B()}), Call("=", {T(), S()}), Call("<", {A(), B()})});
  EquiJoinCondition split = SplitEquiJoinCondition(cond, 2, 3);
  ASSERT_EQ(split.left_keys.size(), 2u);
  EXPECT_EQ(split.left_keys[0]->column_index, 0);
  EXPECT_EQ(split.right_keys[0]->column_index, 0);  // b, remapped to the right input
  EXPECT_EQ(split.left_keys[1]->column_index, 1);   // s (the sides were swapped)
  EXPECT_EQ(split.right_keys[1]->column_index, 1);  // t
  ASSERT_NE(split.residual, nullptr);
  EXPECT_EQ(split.residual->ToString(), "(a < b)");
}

TEST(JoinConditionTest, NonKeyConjunctsStayResidual) {
  BoundExprPtr one = BoundExpr::Constant(Value::Int64(1));
  // a = 1 (one side), a = a (same side), a + b = b (mixed), s = t OR a = b
  std::vector<BoundExprPtr> conds = {Call("=", {A(), one}), Call("=", {A(), A()}),
                                     Call("=", {Call("+", {A(), B()}), B()}),
                                     BoundExpr::Or({Call("=", {S(), T()}), Call("=", {A(), B()})})};
  for (const BoundExprPtr& c : conds) {
    EquiJoinCondition split = SplitEquiJoinCondition(c, 2, 3);
    EXPECT_TRUE(split.left_keys.empty()) << c->ToString();
    EXPECT_EQ(split.residual, c);
  }
}

TEST(JoinConditionTest, ExpressionKeysAndNoResidual) {
  BoundExprPtr cond = Call("=", {Call("+", {B(), BoundExpr::Constant(Value::Int64(1))}), A()});
  EquiJoinCondition split = SplitEquiJoinCondition(cond, 2, 3);
  ASSERT_EQ(split.left_keys.size(), 1u);
  EXPECT_EQ(split.left_keys[0]->ToString(), "a");
  EXPECT_EQ(split.right_keys[0]->ToString(), "(b + 1)");
  EXPECT_EQ(split.right_keys[0]->children[0]->column_index, 0);
  EXPECT_EQ(split.residual, nullptr);
}

// '1 mon' = '30 days' while their encodings differ: no INTERVAL keys.
TEST(JoinConditionTest, IntervalEqualityIsNotAKey) {
  BoundExprPtr cond = Call("=", {Col(1, LogicalType::Interval(), "li"), I()});
  EquiJoinCondition split = SplitEquiJoinCondition(cond, 2, 3);
  EXPECT_TRUE(split.left_keys.empty());
  EXPECT_EQ(split.residual, cond);
}

}  // namespace
}  // namespace copra
