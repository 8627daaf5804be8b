#include "exec/expression_evaluator.h"

#include <gtest/gtest.h>

#include "exec/join_test_util.h"

namespace copra {
namespace {

using join_test::Call;
using join_test::Col;
using join_test::MakeSchema;

const LogicalType kI = LogicalType::Int64();
const LogicalType kS = LogicalType::String();

// a, s, b: later operands of AND / CASE / COALESCE read columns the first
// ones do not, over the rows the first ones leave open.
BatchPtr Rows() {
  auto a = Column::FromValues(
      kI, {Value::Int64(1), Value::Int64(5), Value::Null(kI), Value::Int64(7), Value::Int64(9)});
  auto s = Column::FromValues(kS, {Value::String("x"), Value::String("y"), Value::String("z"),
                                   Value::Null(kS), Value::String("w")});
  auto b = Column::FromValues(kI, {Value::Int64(10), Value::Null(kI), Value::Int64(30),
                                   Value::Int64(40), Value::Int64(50)});
  EXPECT_TRUE(a.ok() && s.ok() && b.ok());
  return Batch::Make(MakeSchema({Field{"a", kI}, Field{"s", kS}, Field{"b", kI}}), {*a, *s, *b}, 5);
}

std::vector<std::string> Texts(const Result<Datum>& d, int64_t n) {
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  std::vector<std::string> out;
  if (!d.ok()) return out;
  for (int64_t i = 0; i < n; ++i) out.push_back(d->column->GetValue(d->Index(i)).ToString());
  return out;
}

BoundExprPtr I(int64_t v) { return BoundExpr::Constant(Value::Int64(v)); }

TEST(ExpressionEvaluatorTest, AndReadsLaterColumnsOnTheOpenRows) {
  BatchPtr batch = Rows();
  BoundExprPtr e = BoundExpr::And({Call(">", {Col(0, kI), I(2)}), Call(">", {Col(2, kI), I(35)})});
  EXPECT_EQ(Texts(ExpressionEvaluator().Evaluate(*e, *batch), 5),
            (std::vector<std::string>{"false", "NULL", "false", "true",
                                      "true"}));  // NULL AND FALSE = FALSE
}

TEST(ExpressionEvaluatorTest, CaseThenReadsColumnsTheConditionDoesNot) {
  BatchPtr batch = Rows();
  auto c = std::make_shared<BoundExpr>();
  c->kind = BoundExprKind::kCase;
  c->type = kI;
  c->has_else = true;
  c->children = {Call(">", {Col(0, kI), I(6)}), Col(2, kI), Call("+", {Col(0, kI), I(100)})};
  EXPECT_EQ(Texts(ExpressionEvaluator().Evaluate(*c, *batch), 5),
            (std::vector<std::string>{"101", "105", "NULL", "40", "50"}));
}

TEST(ExpressionEvaluatorTest, CoalesceReadsLaterColumnsOnTheOpenRows) {
  BatchPtr batch = Rows();
  auto c = std::make_shared<BoundExpr>();
  c->kind = BoundExprKind::kCoalesce;
  c->type = kI;
  c->children = {Col(2, kI), Col(0, kI), I(-1)};
  EXPECT_EQ(Texts(ExpressionEvaluator().Evaluate(*c, *batch), 5),
            (std::vector<std::string>{"10", "5", "30", "40", "50"}));
}

}  // namespace
}  // namespace copra
