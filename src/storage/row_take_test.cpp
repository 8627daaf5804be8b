#include "storage/row_take.h"

#include <gtest/gtest.h>

#include <random>

#include "vector/column_builder.h"
#include "vector/selection.h"

namespace copra::storage {
namespace {

// TakeRows gives exactly what TakeColumn gives, for every kind of column
// (fixed widths, strings, booleans, NULLs, sliced columns).
TEST(RowTakeTest, MatchesTakeColumn) {
  std::mt19937 rng(3);
  const std::vector<LogicalType> types = {LogicalType::Int64(),   LogicalType::Float64(),
                                          LogicalType::Int32(),   LogicalType::UInt8(),
                                          LogicalType::Int16(),   LogicalType::String(),
                                          LogicalType::Boolean(), LogicalType::Timestamp()};
  for (const LogicalType& type : types) {
    for (bool nulls : {false, true}) {
      ColumnBuilder b(type);
      for (int i = 0; i < 300; ++i) {
        if (nulls && rng() % 5 == 0) {
          b.AppendNull();
        } else if (type.IsBoolean()) {
          b.AppendBool(rng() % 2 == 0);
        } else if (type.IsVarWidth()) {
          (void)b.AppendString(std::string(rng() % 12, static_cast<char>('a' + rng() % 26)));
        } else {
          Result<Value> v = Value::Int64(static_cast<int64_t>(rng() % 100)).CastTo(type);
          ASSERT_TRUE(v.ok());
          ASSERT_TRUE(b.AppendValue(*v).ok());
        }
      }
      ColumnPtr col = b.Finish()->Slice(7, 250);
      std::vector<int32_t> idx;
      for (int i = 0; i < 400; ++i) idx.push_back(static_cast<int32_t>(rng() % 250));
      ColumnPtr want = TakeColumn(*col, idx.data(), static_cast<int64_t>(idx.size()));
      ColumnPtr got = TakeRows(*col, idx.data(), static_cast<int64_t>(idx.size()));
      ASSERT_EQ(got->length(), want->length());
      EXPECT_EQ(got->null_count(), want->null_count());
      for (int64_t i = 0; i < got->length(); ++i) {
        ASSERT_EQ(got->GetValue(i).ToString(), want->GetValue(i).ToString())
            << type.ToString() << " row " << i;
      }
      EXPECT_TRUE(got->Validate().ok());
    }
  }
  ColumnPtr strings = Column::MakeConstant(Value::String("x"), 3);
  ColumnPtr empty = TakeRows(*strings, nullptr, 0);
  EXPECT_EQ(empty->length(), 0);
}

}  // namespace
}  // namespace copra::storage
