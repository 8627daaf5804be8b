#include "exec/in_list.h"

#include <gtest/gtest.h>

#include "exec/expression_evaluator.h"
#include "exec/join_test_util.h"

namespace copra {
namespace {

using join_test::Call;
using join_test::Col;
using join_test::MakeSchema;

BatchPtr Hosts() {
  auto hosts = Column::FromValues(LogicalType::String(),
                                  {Value::String("host_1"), Value::Null(LogicalType::String()),
                                   Value::String("host_10"), Value::String("")});
  auto n = Column::FromValues(
      LogicalType::Int64(),
      {Value::Int64(1), Value::Int64(2), Value::Null(LogicalType::Int64()), Value::Int64(4)});
  EXPECT_TRUE(hosts.ok() && n.ok());
  return Batch::Make(
      MakeSchema({Field{"host", LogicalType::String()}, Field{"n", LogicalType::Int64()}}),
      {*hosts, *n}, 4);
}

BoundExprPtr In(int column, const LogicalType& type, std::vector<Value> values) {
  std::vector<BoundExprPtr> eqs;
  for (Value& v : values) eqs.push_back(Call("=", {Col(column, type), BoundExpr::Constant(v)}));
  return BoundExpr::Or(std::move(eqs));
}

std::vector<std::string> Texts(const Datum& d, int64_t n) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < n; ++i) out.push_back(d.column->GetValue(d.Index(i)).ToString());
  return out;
}

TEST(InListTest, StringsWithNulls) {
  BatchPtr b = Hosts();
  BoundExprPtr e = In(0, LogicalType::String(),
                      {Value::String("host_10"), Value::String(""), Value::String("x")});
  std::optional<Datum> d = EvaluateInList(*e, *b);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(Texts(*d, 4), (std::vector<std::string>{"false", "NULL", "true", "true"}));
  // The evaluator takes the same path (and NOT IN negates it).
  auto via = ExpressionEvaluator().Evaluate(*BoundExpr::Not(e), *b);
  ASSERT_TRUE(via.ok());
  EXPECT_EQ(Texts(*via, 4), (std::vector<std::string>{"true", "NULL", "false", "false"}));
}

TEST(InListTest, IntegersOnASlice) {
  BatchPtr b = Hosts()->Slice(1, 3);
  std::vector<Value> many;
  for (int i = 100; i < 130; ++i) many.push_back(Value::Int64(i));
  many.push_back(Value::Int64(4));
  std::optional<Datum> d = EvaluateInList(*In(1, LogicalType::Int64(), many), *b);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(Texts(*d, 3), (std::vector<std::string>{"false", "NULL", "true"}));
}

TEST(InListTest, OtherShapesAreLeftToTheGeneralOr) {
  BatchPtr b = Hosts();
  BoundExprPtr two_columns = BoundExpr::Or(
      {Call("=", {Col(0, LogicalType::String()), BoundExpr::Constant(Value::String("a"))}),
       Call("=", {Col(1, LogicalType::Int64()), BoundExpr::Constant(Value::Int64(1))})});
  EXPECT_FALSE(EvaluateInList(*two_columns, *b).has_value());
  BoundExprPtr with_null = BoundExpr::Or(
      {Call("=", {Col(1, LogicalType::Int64()), BoundExpr::Constant(Value::Int64(1))}),
       Call("=", {Col(1, LogicalType::Int64()),
                  BoundExpr::Constant(Value::Null(LogicalType::Int64()))})});
  EXPECT_FALSE(EvaluateInList(*with_null, *b).has_value());
  BoundExprPtr less = BoundExpr::Or(
      {Call("<", {Col(1, LogicalType::Int64()), BoundExpr::Constant(Value::Int64(1))}),
       Call("=", {Col(1, LogicalType::Int64()), BoundExpr::Constant(Value::Int64(2))})});
  EXPECT_FALSE(EvaluateInList(*less, *b).has_value());
}

}  // namespace
}  // namespace copra
