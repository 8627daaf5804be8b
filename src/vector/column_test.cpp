#include "vector/column.h"

#include <gtest/gtest.h>

#include "vector/column_builder.h"

namespace copra {
namespace {

ColumnPtr Int64s(const std::vector<std::optional<int64_t>>& values) {
  ColumnBuilder b(LogicalType::Int64());
  for (const auto& v : values) {
    if (v) {
      b.Append<int64_t>(*v);
    } else {
      b.AppendNull();
    }
  }
  return b.Finish();
}

TEST(ColumnTest, MakeNull) {
  for (LogicalType t : {LogicalType::Null(), LogicalType::Boolean(), LogicalType::Int32(),
                        LogicalType::String(), LogicalType::Interval()}) {
    ColumnPtr col = Column::MakeNull(t, 11);
    EXPECT_EQ(col->type(), t);
    EXPECT_EQ(col->length(), 11);
    EXPECT_EQ(col->null_count(), 11);
    EXPECT_TRUE(col->Validate().ok()) << t.ToString();
    for (int i = 0; i < 11; ++i) {
      EXPECT_TRUE(col->IsNull(i));
      EXPECT_EQ(col->GetValue(i), Value::Null(t));
    }
  }
}

TEST(ColumnTest, MakeConstant) {
  ColumnPtr col = Column::MakeConstant(Value::String("x"), 3);
  EXPECT_EQ(col->ToString(), "['x', 'x', 'x']");
  EXPECT_EQ(col->null_count(), 0);
  ColumnPtr nulls = Column::MakeConstant(Value::Null(LogicalType::Date()), 2);
  EXPECT_EQ(nulls->type(), LogicalType::Date());
  EXPECT_EQ(nulls->null_count(), 2);
  ColumnPtr ts = Column::MakeConstant(Value::Timestamp(1000, TimeUnit::kMillisecond), 2);
  EXPECT_EQ(ts->ToString(), "[1970-01-01 00:00:01, 1970-01-01 00:00:01]");
  EXPECT_EQ(Column::MakeConstant(Value::Int8(1), 0)->length(), 0);
}

TEST(ColumnTest, FromValuesChecksTypes) {
  Result<ColumnPtr> ok = Column::FromValues(LogicalType::Int32(), {Value::Int32(1), Value()});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)->ToString(), "[1, NULL]");
  Result<ColumnPtr> bad = Column::FromValues(LogicalType::Int32(), {Value::String("1")});
  EXPECT_EQ(bad.status().code(), ErrorCode::kDatatypeMismatch);
}

TEST(ColumnTest, SliceSharesBuffers) {
  ColumnPtr col = Int64s({1, 2, std::nullopt, 4, 5, 6, 7, 8, 9, 10});
  ColumnPtr s = col->Slice(3, 5);
  EXPECT_EQ(s->length(), 5);
  EXPECT_EQ(s->offset(), 3);
  EXPECT_EQ(s->values_buffer(), col->values_buffer());
  EXPECT_EQ(s->validity_buffer(), col->validity_buffer());
  EXPECT_EQ(s->data<int64_t>(), col->data<int64_t>() + 3);
  EXPECT_EQ(s->validity_bits(), col->validity_bits());
  EXPECT_EQ(s->ToString(), "[4, 5, 6, 7, 8]");
  EXPECT_EQ(s->null_count(), 0);  // the slice's range has no NULL
  ColumnPtr ss = s->Slice(1, 2);
  EXPECT_EQ(ss->offset(), 4);
  EXPECT_EQ(ss->ToString(), "[5, 6]");
  EXPECT_EQ(col->Slice(2, 1)->null_count(), 1);
  EXPECT_EQ(col->Slice(10, 0)->length(), 0);
}

TEST(ColumnTest, SliceStringsSharesAllThreeBuffers) {
  ColumnPtr col = *Column::FromValues(
      LogicalType::String(),
      {Value::String("a"), Value::String("bb"), Value(), Value::String("ccc")});
  ColumnPtr s = col->Slice(1, 3);
  EXPECT_EQ(s->values_buffer(), col->values_buffer());
  EXPECT_EQ(s->data_buffer(), col->data_buffer());
  EXPECT_EQ(s->GetString(0), "bb");
  EXPECT_TRUE(s->IsNull(1));
  EXPECT_EQ(s->GetString(2), "ccc");
  EXPECT_TRUE(s->Validate().ok());
}

// Booleans and validity are bit-packed, so slices at offsets that are not a
// multiple of 8 must address bits, not bytes.
TEST(ColumnTest, BitSlicesAtOddOffsets) {
  ColumnBuilder b(LogicalType::Boolean());
  std::vector<Value> expected;
  for (int i = 0; i < 40; ++i) {
    if (i % 5 == 3) {
      b.AppendNull();
      expected.push_back(Value::Null(LogicalType::Boolean()));
    } else {
      b.AppendBool(i % 3 == 0);
      expected.push_back(Value::Boolean(i % 3 == 0));
    }
  }
  ColumnPtr col = b.Finish();
  for (int64_t offset : {1, 3, 7, 9, 13, 17}) {
    for (int64_t length : {0, 1, 5, 8, 11, 23}) {
      if (offset + length > 40) continue;
      ColumnPtr s = col->Slice(offset, length);
      EXPECT_EQ(s->values_buffer(), col->values_buffer());
      int64_t nulls = 0;
      for (int64_t i = 0; i < length; ++i) {
        ASSERT_EQ(s->GetValue(i), expected[offset + i]) << offset << "+" << i;
        ASSERT_EQ(s->IsNull(i), expected[offset + i].is_null());
        if (!s->IsNull(i)) {
          ASSERT_EQ(s->GetBool(i), expected[offset + i].GetBool());
        }
        nulls += expected[offset + i].is_null();
      }
      EXPECT_EQ(s->null_count(), nulls) << offset << "+" << length;
    }
  }
}

TEST(ColumnTest, EqualsComparesValuesNotLayout) {
  ColumnPtr a = Int64s({1, std::nullopt, 3, 4});
  ColumnPtr b = Int64s({0, 1, std::nullopt, 3, 4})->Slice(1, 4);
  EXPECT_TRUE(a->Equals(*b));
  EXPECT_FALSE(a->Equals(*Int64s({1, std::nullopt, 3, 5})));
  EXPECT_FALSE(a->Equals(*Int64s({1, 2, 3, 4})));
  EXPECT_FALSE(a->Equals(*Int64s({1, std::nullopt, 3})));
  ColumnPtr i32 = *Column::FromValues(LogicalType::Int32(), {Value::Int32(1)});
  EXPECT_FALSE(Int64s({1})->Equals(*i32));
}

TEST(ColumnTest, ValidateCatchesBadBuffers) {
  BufferPtr small = Buffer::Allocate(8);
  Column too_short(LogicalType::Int64(), 2, nullptr, small);
  EXPECT_FALSE(too_short.Validate().ok());
  Column ok(LogicalType::Int64(), 1, nullptr, small);
  EXPECT_TRUE(ok.Validate().ok());
  Column sliced_past(LogicalType::Int64(), 1, nullptr, small, nullptr, -1, 1);
  EXPECT_FALSE(sliced_past.Validate().ok());

  BufferPtr offsets = Buffer::Allocate(3 * sizeof(int32_t));
  offsets->mutable_data_as<int32_t>()[1] = 5;
  offsets->mutable_data_as<int32_t>()[2] = 3;  // decreasing
  BufferPtr data = Buffer::Allocate(5);
  Column bad_offsets(LogicalType::String(), 2, nullptr, offsets, data);
  EXPECT_FALSE(bad_offsets.Validate().ok());
  offsets->mutable_data_as<int32_t>()[2] = 9;  // past the data
  Column past_data(LogicalType::String(), 2, nullptr, offsets, data);
  Status st = past_data.Validate();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("past the end"), std::string::npos);
}

TEST(ColumnTest, LazyNullCount) {
  BufferPtr validity = Buffer::Allocate(1);
  validity->mutable_data()[0] = 0b00000101;
  BufferPtr values = Buffer::Allocate(3 * sizeof(int32_t));
  Column col(LogicalType::Int32(), 3, validity, values);  // null_count unknown
  EXPECT_EQ(col.null_count(), 1);
  EXPECT_TRUE(col.HasNulls());
  EXPECT_TRUE(col.IsNull(1));
}

}  // namespace
}  // namespace copra
