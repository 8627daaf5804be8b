#include "exec/join_output.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

ColumnPtr Make(const LogicalType& type, const std::vector<Value>& values) {
  auto col = Column::FromValues(type, values);
  EXPECT_TRUE(col.ok());
  return *col;
}

TEST(JoinOutputTest, TakeColumnOrNullEveryShape) {
  const std::vector<int32_t> rows = {2, -1, 0, -1, 1};
  struct Case {
    LogicalType type;
    std::vector<Value> values;
    const char* expected;
    int64_t nulls;
  };
  const Case cases[] = {
      {LogicalType::Int64(),
       {Value::Int64(10), Value::Null(LogicalType::Int64()), Value::Int64(30)},
       "[30, NULL, 10, NULL, NULL]",
       3},
      {LogicalType::Boolean(),
       {Value::Boolean(true), Value::Boolean(false), Value::Boolean(true)},
       "[true, NULL, true, NULL, false]",
       2},
      {LogicalType::String(),
       {Value::String("a"), Value::String("bb"), Value::String("")},
       "['', NULL, 'a', NULL, 'bb']",
       2},
  };
  for (const Case& c : cases) {
    ColumnPtr col = Make(c.type, c.values);
    ColumnPtr out = TakeColumnOrNull(*col, rows);
    EXPECT_EQ(out->ToString(), c.expected) << c.type.ToString();
    EXPECT_TRUE(out->Validate().ok());
    EXPECT_EQ(out->null_count(), c.nulls);
  }
  // No -1: a plain take; all -1: all NULL.
  ColumnPtr ints = Make(LogicalType::Int32(), {Value::Int32(1), Value::Int32(2)});
  EXPECT_EQ(TakeColumnOrNull(*ints, {1, 0})->ToString(), "[2, 1]");
  EXPECT_EQ(TakeColumnOrNull(*ints, {-1, -1})->ToString(), "[NULL, NULL]");
}

TEST(JoinOutputTest, JoinPairsRetain) {
  JoinPairs p;
  for (int i = 0; i < 5; ++i) p.Add(i, 10 + i);
  p.Retain({1, 3, 4});
  EXPECT_EQ(p.left, (std::vector<int32_t>{1, 3, 4}));
  EXPECT_EQ(p.right, (std::vector<int32_t>{11, 13, 14}));
}

TEST(JoinOutputTest, EstimateBatchBytes) {
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"a", LogicalType::Int64()}, {"s", LogicalType::String()}});
  ColumnPtr a = Make(LogicalType::Int64(), {Value::Int64(1), Value::Int64(2)});
  ColumnPtr s = Make(LogicalType::String(), {Value::String("abc"), Value::String("de")});
  BatchPtr batch = Batch::Make(schema, {a, s}, 2);
  EXPECT_EQ(EstimateBatchBytes(*batch), 16 + 12 + 5);
  EXPECT_EQ(EstimateBatchBytes(*batch->Slice(1, 1)), 8 + 8 + 2);
}

}  // namespace
}  // namespace copra
