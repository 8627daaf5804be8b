#include "vector/column_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace copra {
namespace {

// One non-NULL sample value per type, and a second distinct one.
std::vector<std::pair<Value, Value>> SamplesOfEveryType() {
  return {
      {Value::Boolean(true), Value::Boolean(false)},
      {Value::Int8(-8), Value::Int8(127)},
      {Value::Int16(-16), Value::Int16(32767)},
      {Value::Int32(-32), Value::Int32(2147483647)},
      {Value::Int64(-64), Value::Int64(INT64_MAX)},
      {Value::UInt8(8), Value::UInt8(255)},
      {Value::UInt16(16), Value::UInt16(65535)},
      {Value::UInt32(32), Value::UInt32(4294967295u)},
      {Value::UInt64(64), Value::UInt64(UINT64_MAX)},
      {Value::Float32(1.5f), Value::Float32(-0.25f)},
      {Value::Float64(2.5), Value::Float64(NAN)},
      {Value::String("hello"), Value::String("")},
      {Value::Binary(std::string("\0\1\2", 3)), Value::Binary("x")},
      {Value::Timestamp(-1, TimeUnit::kSecond), Value::Timestamp(5, TimeUnit::kSecond)},
      {Value::Timestamp(1451606400123, TimeUnit::kMillisecond),
       Value::Timestamp(0, TimeUnit::kMillisecond)},
      {Value::Timestamp(7, TimeUnit::kMicrosecond), Value::Timestamp(-7, TimeUnit::kMicrosecond)},
      {Value::Timestamp(9, TimeUnit::kNanosecond), Value::Timestamp(INT64_MIN, TimeUnit::kNanosecond)},
      {Value::Date(16801), Value::Date(-1)},
      {Value::IntervalValue({1, 2, 3}), Value::IntervalValue({-1, 0, -5})},
  };
}

TEST(ColumnBuilderTest, EveryTypeWithNulls) {
  for (const auto& [a, b] : SamplesOfEveryType()) {
    SCOPED_TRACE(a.type().ToString());
    ColumnBuilder builder(a.type());
    // Pattern over 20 rows: a, NULL, b, a, ... so validity crosses bytes.
    std::vector<Value> expected;
    for (int i = 0; i < 20; ++i) {
      Value v = i % 3 == 1 ? Value::Null(a.type()) : (i % 3 == 0 ? a : b);
      ASSERT_TRUE(builder.AppendValue(v).ok());
      expected.push_back(v);
    }
    EXPECT_EQ(builder.length(), 20);
    ColumnPtr col = builder.Finish();
    EXPECT_EQ(builder.length(), 0);
    ASSERT_EQ(col->length(), 20);
    EXPECT_EQ(col->type(), a.type());
    EXPECT_EQ(col->null_count(), 7);
    EXPECT_TRUE(col->HasNulls());
    ASSERT_TRUE(col->Validate().ok()) << col->Validate().ToString();
    for (int i = 0; i < 20; ++i) {
      EXPECT_EQ(col->IsNull(i), expected[i].is_null()) << i;
      EXPECT_EQ(col->GetValue(i), expected[i]) << i << ": " << col->GetValue(i).ToString();
    }
  }
}

TEST(ColumnBuilderTest, NoNullsMeansNoValidityBuffer) {
  ColumnBuilder builder(LogicalType::Int64());
  for (int64_t i = 0; i < 100; ++i) builder.Append<int64_t>(i * i);
  ColumnPtr col = builder.Finish();
  EXPECT_EQ(col->validity_buffer(), nullptr);
  EXPECT_EQ(col->null_count(), 0);
  EXPECT_FALSE(col->HasNulls());
  EXPECT_EQ(col->data<int64_t>()[99], 9801);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(col->data<int64_t>()) % 64, 0u);
}

TEST(ColumnBuilderTest, NullAfterManyValidRows) {
  ColumnBuilder builder(LogicalType::Int32());
  for (int i = 0; i < 13; ++i) builder.Append<int32_t>(i);
  builder.AppendNull();
  builder.Append<int32_t>(99);
  ColumnPtr col = builder.Finish();
  ASSERT_EQ(col->length(), 15);
  for (int i = 0; i < 13; ++i) EXPECT_TRUE(col->IsValid(i)) << i;
  EXPECT_TRUE(col->IsNull(13));
  EXPECT_TRUE(col->IsValid(14));
  EXPECT_EQ(col->data<int32_t>()[13], 0);  // the slot under a NULL is zeroed
  EXPECT_EQ(col->data<int32_t>()[14], 99);
  EXPECT_EQ(col->null_count(), 1);
}

TEST(ColumnBuilderTest, StringsLayout) {
  ColumnBuilder builder(LogicalType::String());
  ASSERT_TRUE(builder.AppendString("ab").ok());
  builder.AppendNull();
  ASSERT_TRUE(builder.AppendString("").ok());
  ASSERT_TRUE(builder.AppendString("cde").ok());
  ColumnPtr col = builder.Finish();
  const int32_t* offsets = col->values_buffer()->data_as<int32_t>();
  EXPECT_EQ(offsets[0], 0);
  EXPECT_EQ(offsets[1], 2);
  EXPECT_EQ(offsets[2], 2);
  EXPECT_EQ(offsets[3], 2);
  EXPECT_EQ(offsets[4], 5);
  EXPECT_EQ(col->data_buffer()->size(), 5);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(col->data_buffer()->data()), 5), "abcde");
  EXPECT_EQ(col->GetString(3), "cde");
  EXPECT_EQ(col->GetString(2), "");
  EXPECT_TRUE(col->IsNull(1));
}

TEST(ColumnBuilderTest, BooleansAreBitPacked) {
  ColumnBuilder builder(LogicalType::Boolean());
  for (int i = 0; i < 10; ++i) builder.AppendBool(i % 2 == 0);
  ColumnPtr col = builder.Finish();
  EXPECT_EQ(col->values_buffer()->size(), 2);
  EXPECT_EQ(col->values_buffer()->data()[0], 0x55);
  EXPECT_EQ(col->values_buffer()->data()[1], 0x01);
}

TEST(ColumnBuilderTest, EmptyColumnsHaveBuffers) {
  for (const auto& [a, b] : SamplesOfEveryType()) {
    ColumnBuilder builder(a.type());
    ColumnPtr col = builder.Finish();
    EXPECT_EQ(col->length(), 0);
    ASSERT_NE(col->values_buffer(), nullptr);
    if (a.type().IsVarWidth()) {
      ASSERT_NE(col->data_buffer(), nullptr);
      EXPECT_EQ(col->values_buffer()->data_as<int32_t>()[0], 0);
    }
    EXPECT_TRUE(col->Validate().ok());
  }
}

TEST(ColumnBuilderTest, NullTypeColumn) {
  ColumnBuilder builder(LogicalType::Null());
  builder.AppendNull();
  ASSERT_TRUE(builder.AppendValue(Value()).ok());
  ColumnPtr col = builder.Finish();
  EXPECT_EQ(col->length(), 2);
  EXPECT_EQ(col->null_count(), 2);
  EXPECT_TRUE(col->IsNull(0));
  EXPECT_TRUE(col->GetValue(1).is_null());
}

TEST(ColumnBuilderTest, AppendValueRejectsOtherTypes) {
  ColumnBuilder builder(LogicalType::Int32());
  Status st = builder.AppendValue(Value::Int64(1));
  EXPECT_EQ(st.code(), ErrorCode::kDatatypeMismatch);
  EXPECT_EQ(st.message(), "cannot append a BIGINT value to a INT column");
  // A typed NULL of another type is still a NULL.
  EXPECT_TRUE(builder.AppendValue(Value::Null(LogicalType::String())).ok());
  ColumnBuilder ts(LogicalType::Timestamp(TimeUnit::kSecond));
  EXPECT_FALSE(ts.AppendValue(Value::Timestamp(1, TimeUnit::kMillisecond)).ok());
}

TEST(ColumnBuilderTest, AppendFromCopiesRowsAndRespectsOffsets) {
  for (const auto& [a, b] : SamplesOfEveryType()) {
    SCOPED_TRACE(a.type().ToString());
    ColumnPtr src = *Column::FromValues(
        a.type(), {a, b, Value::Null(a.type()), b, a, a, b, Value::Null(a.type()), b, a, b});
    ColumnPtr slice = src->Slice(3, 7);
    ColumnBuilder builder(a.type());
    for (int64_t i = slice->length() - 1; i >= 0; --i) builder.AppendFrom(*slice, i);
    ColumnPtr out = builder.Finish();
    ASSERT_EQ(out->length(), 7);
    for (int64_t i = 0; i < 7; ++i) {
      EXPECT_EQ(out->GetValue(i), slice->GetValue(6 - i)) << i;
    }
  }
}

TEST(ColumnBuilderTest, BuilderIsReusableAfterFinish) {
  ColumnBuilder builder(LogicalType::String(), 4);
  ASSERT_TRUE(builder.AppendString("a").ok());
  builder.AppendNull();
  ColumnPtr first = builder.Finish();
  ASSERT_TRUE(builder.AppendString("b").ok());
  ColumnPtr second = builder.Finish();
  EXPECT_EQ(first->ToString(), "['a', NULL]");
  EXPECT_EQ(second->ToString(), "['b']");
  EXPECT_EQ(second->validity_buffer(), nullptr);
}

}  // namespace
}  // namespace copra
