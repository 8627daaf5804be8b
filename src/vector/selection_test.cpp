#include "vector/selection.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

ColumnPtr Make(const LogicalType& type, const std::vector<Value>& values) {
  auto col = Column::FromValues(type, values);
  EXPECT_TRUE(col.ok()) << col.status().ToString();
  return *col;
}

std::vector<std::string> Render(const Column& col) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < col.length(); ++i) out.push_back(col.GetValue(i).ToString());
  return out;
}

TEST(ConcatColumnsTest, FixedWidthWithNullsAndSlices) {
  ColumnPtr a = Make(LogicalType::Int64(), {Value::Int64(1), Value::Null(), Value::Int64(3)});
  ColumnPtr b = Make(LogicalType::Int64(), {Value::Int64(4), Value::Int64(5), Value::Int64(6)});
  // A slice starts inside its buffers: offsets must be honoured.
  ColumnPtr out = ConcatColumns({a->Slice(1, 2), b, a->Slice(0, 1)});
  EXPECT_EQ(Render(*out), (std::vector<std::string>{"NULL", "3", "4", "5", "6", "1"}));
  EXPECT_EQ(out->null_count(), 1);
  // Without NULLs there is no validity bitmap at all.
  EXPECT_EQ(ConcatColumns({b, b})->validity_bits(), nullptr);
}

TEST(ConcatColumnsTest, StringsRebaseOffsets) {
  ColumnPtr a = Make(LogicalType::String(),
                     {Value::String("ab"), Value::String(""), Value::Null(), Value::String("cde")});
  ColumnPtr b = Make(LogicalType::String(), {Value::String("f"), Value::String("ghij")});
  ColumnPtr out = ConcatColumns({a->Slice(3, 1), b, a->Slice(0, 3), b->Slice(2, 0)});
  EXPECT_EQ(Render(*out), (std::vector<std::string>{"cde", "f", "ghij", "ab", "", "NULL"}));
  EXPECT_EQ(out->GetString(2), "ghij");
}

TEST(ConcatColumnsTest, BooleansAtBitOffsets) {
  std::vector<Value> values;
  for (int i = 0; i < 13; ++i) {
    values.push_back(i % 5 == 0 ? Value::Null(LogicalType::Boolean()) : Value::Boolean(i % 3 == 0));
  }
  ColumnPtr a = Make(LogicalType::Boolean(), values);
  ColumnPtr out = ConcatColumns({a->Slice(3, 7), a, a->Slice(11, 2)});
  std::vector<std::string> expected;
  for (int64_t i : {3, 4, 5, 6, 7, 8, 9}) expected.push_back(values[i].ToString());
  for (const Value& v : values) expected.push_back(v.ToString());
  for (int64_t i : {11, 12}) expected.push_back(values[i].ToString());
  EXPECT_EQ(Render(*out), expected);
}

TEST(ConcatColumnsTest, AllNullColumnsAndNullType) {
  ColumnPtr nulls = Column::MakeNull(LogicalType::Float64(), 2);
  ColumnPtr some = Make(LogicalType::Float64(), {Value::Float64(1.5)});
  EXPECT_EQ(Render(*ConcatColumns({nulls, some})),
            (std::vector<std::string>{"NULL", "NULL", "1.5"}));
  ColumnPtr n = ConcatColumns(
      {Column::MakeNull(LogicalType::Null(), 2), Column::MakeNull(LogicalType::Null(), 3)});
  EXPECT_EQ(n->length(), 5);
  EXPECT_EQ(n->null_count(), 5);
}

}  // namespace
}  // namespace copra
