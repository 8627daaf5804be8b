#include "storage/column_concat.h"

#include <gtest/gtest.h>

#include "storage/batch_codec.h"
#include "storage/row_versions.h"

namespace copra::storage {
namespace {

ColumnPtr Col(const LogicalType& type, const std::vector<Value>& values) {
  auto c = Column::FromValues(type, values);
  EXPECT_TRUE(c.ok());
  return *c;
}

TEST(ColumnConcatTest, JoinsSlicesWithNullsStringsAndBooleans) {
  auto s1 = Col(LogicalType::String(), {Value::String("a"), Value::Null(), Value::String("ccc")});
  auto s2 = Col(LogicalType::String(), {Value::String("dd"), Value::String("e")});
  auto s = ConcatenateColumns({s1->Slice(1, 2), s2});
  EXPECT_EQ(s->ToString(), "[NULL, 'ccc', 'dd', 'e']");
  auto b = ConcatenateColumns(
      {Col(LogicalType::Boolean(), {Value::Boolean(true)}),
       Col(LogicalType::Boolean(), {Value::Boolean(false), Value::Boolean(true)})->Slice(1, 1)});
  EXPECT_EQ(b->ToString(), "[true, true]");
  auto i = ConcatenateColumns(
      {Col(LogicalType::Int64(), {Value::Int64(1), Value::Int64(2)})->Slice(1, 1),
       Col(LogicalType::Int64(), {Value::Null()})});
  EXPECT_EQ(i->ToString(), "[2, NULL]");
}

TEST(BatchCodecTest, RoundTripsSlicedColumnsAndRejectsDamage) {
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"s", LogicalType::String(), true}, {"i", LogicalType::Int32(), true}});
  auto s = Col(LogicalType::String(), {Value::String("x"), Value::Null(), Value::String("yz")});
  auto i = Col(LogicalType::Int32(), {Value::Int32(1), Value::Int32(2), Value::Null()});
  auto batch = Batch::Make(schema, {s, i}, 3)->Slice(1, 2);
  std::string bytes;
  EncodeBatch(*batch, &bytes);
  auto back = DecodeBatch(schema, bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ((*back)->ToString(), batch->ToString());
  for (size_t cut : {size_t{3}, bytes.size() - 1}) {
    auto damaged = DecodeBatch(schema, std::string_view(bytes).substr(0, cut));
    EXPECT_EQ(damaged.status().code(), ErrorCode::kDataCorrupted);
  }
}

TEST(RowVersionsTest, NewestVersionWinsAndTombstonesHideOlderRows) {
  auto schema =
      std::make_shared<const Schema>(std::vector<Field>{{"k", LogicalType::String(), true},
                                                        {"t", LogicalType::Int64(), false},
                                                        {"__seq", LogicalType::UInt64(), false},
                                                        {"__op", LogicalType::UInt8(), false}});
  auto rows = Batch::Make(
      schema,
      {Col(LogicalType::String(), {Value::String("b"), Value::String("a"), Value::String("a"),
                                   Value::String("b"), Value::String("c")}),
       Col(LogicalType::Int64(),
           {Value::Int64(1), Value::Int64(1), Value::Int64(1), Value::Int64(1), Value::Int64(2)}),
       Col(LogicalType::UInt64(), {Value::UInt64(1), Value::UInt64(2), Value::UInt64(3),
                                   Value::UInt64(4), Value::UInt64(5)}),
       Col(LogicalType::UInt8(),
           {Value::UInt8(0), Value::UInt8(0), Value::UInt8(0), Value::UInt8(1), Value::UInt8(0)})},
      5);
  RowLayout layout{{0}, 1, 2, 3, false};
  auto kept = SortAndResolve(rows, layout, /*keep_tombstones=*/false);
  EXPECT_EQ(kept->column(0)->ToString(), "['a', 'c']");
  EXPECT_EQ(kept->column(2)->ToString(), "[3, 5]");
  auto with_markers = SortAndResolve(rows, layout, /*keep_tombstones=*/true);
  EXPECT_EQ(with_markers->num_rows(), 3);
  layout.append_mode = true;
  auto appended = SortAndResolve(rows, layout, /*keep_tombstones=*/false);
  EXPECT_EQ(appended->column(2)->ToString(), "[3, 2, 5]");  // b: all older than the marker
}

}  // namespace
}  // namespace copra::storage
