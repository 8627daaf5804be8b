// The shared-memory batch codec of the "process" Python backend.
#include "python/shared_batch.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

namespace copra {
namespace {

std::vector<ColumnPtr> SampleColumns() {
  std::vector<ColumnPtr> cols;
  cols.push_back(*Column::FromValues(
      LogicalType::Float64(),
      {Value::Float64(1.5), Value(), Value::Float64(-2), Value::Float64(4), Value::Float64(5),
       Value::Float64(6), Value::Float64(7), Value::Float64(8), Value::Float64(9)}));
  std::vector<Value> ints, strs, bools, ts;
  for (int i = 0; i < 9; ++i) {
    ints.push_back(i % 4 == 3 ? Value() : Value::Int32(i * 10));
    strs.push_back(i == 2 ? Value()
                          : Value::String(std::string(static_cast<size_t>(i), 'x') + "é"));
    bools.push_back(i == 5 ? Value() : Value::Boolean(i % 2 == 0));
    ts.push_back(Value::Timestamp(1700000000000000LL + i, TimeUnit::kMicrosecond));
  }
  cols.push_back(*Column::FromValues(LogicalType::Int32(), ints));
  cols.push_back(*Column::FromValues(LogicalType::String(), strs));
  cols.push_back(*Column::FromValues(LogicalType::Boolean(), bools));
  cols.push_back(*Column::FromValues(LogicalType::Timestamp(TimeUnit::kMicrosecond), ts));
  cols.push_back(Column::MakeNull(LogicalType::Null(), 9));
  return cols;
}

TEST(SharedBatchTest, RaggedBatchesKeepEachColumnsLength) {
  std::vector<ColumnPtr> cols = SampleColumns();
  cols.push_back(cols[0]->Slice(2, 3));
  cols.push_back(cols[2]->Slice(0, 0));
  EXPECT_FALSE(EncodeSharedBatch(cols, 9).ok());
  auto mem = EncodeSharedBatch(cols, kRaggedBatch);
  ASSERT_TRUE(mem.ok()) << mem.status().ToString();
  auto batch = DecodeSharedBatch(*mem);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_EQ(batch->columns.size(), cols.size());
  for (size_t c = 0; c < cols.size(); ++c) {
    ASSERT_EQ(batch->columns[c]->length(), cols[c]->length()) << c;
    for (int64_t i = 0; i < cols[c]->length(); ++i) {
      EXPECT_EQ(batch->columns[c]->GetValue(i).ToString(), cols[c]->GetValue(i).ToString());
    }
  }
}

TEST(SharedBatchTest, RoundTripsEveryTypeWithNulls) {
  std::vector<ColumnPtr> cols = SampleColumns();
  auto mem = EncodeSharedBatch(cols, 9);
  ASSERT_TRUE(mem.ok()) << mem.status().ToString();
  auto batch = DecodeSharedBatch(*mem);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->num_rows, 9);
  ASSERT_EQ(batch->columns.size(), cols.size());
  for (size_t c = 0; c < cols.size(); ++c) {
    EXPECT_EQ(batch->columns[c]->type(), cols[c]->type()) << c;
    EXPECT_TRUE(batch->columns[c]->Equals(*cols[c]))
        << c << ": " << batch->columns[c]->ToString() << " vs " << cols[c]->ToString();
  }
}

TEST(SharedBatchTest, DecodedColumnsPointIntoTheSegment) {
  std::vector<ColumnPtr> cols = SampleColumns();
  auto mem = *EncodeSharedBatch(cols, 9);
  auto batch = *DecodeSharedBatch(mem);
  const uint8_t* begin = mem->data();
  const uint8_t* end = begin + mem->size();
  const uint8_t* values = batch.columns[0]->values_buffer()->data();
  EXPECT_GE(values, begin);
  EXPECT_LT(values, end);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(values) % 64, 0u);
  // The columns keep the mapping alive after the caller lets go of it.
  mem.reset();
  EXPECT_DOUBLE_EQ(batch.columns[0]->data<double>()[0], 1.5);
}

TEST(SharedBatchTest, SlicesAreNormalized) {
  std::vector<ColumnPtr> cols = SampleColumns();
  std::vector<ColumnPtr> sliced;
  for (const ColumnPtr& c : cols) sliced.push_back(c->Slice(3, 5));
  auto batch = *DecodeSharedBatch(*EncodeSharedBatch(sliced, 5));
  for (size_t c = 0; c < cols.size(); ++c) {
    EXPECT_EQ(batch.columns[c]->offset(), 0);
    EXPECT_TRUE(batch.columns[c]->Equals(*sliced[c])) << c << ": " << batch.columns[c]->ToString();
  }
}

TEST(SharedBatchTest, EmptyBatchAndNoColumns) {
  auto empty =
      *DecodeSharedBatch(*EncodeSharedBatch({Column::MakeNull(LogicalType::Int64(), 0)}, 0));
  EXPECT_EQ(empty.num_rows, 0);
  ASSERT_EQ(empty.columns.size(), 1u);
  EXPECT_EQ(empty.columns[0]->length(), 0);
  auto none = *DecodeSharedBatch(*EncodeSharedBatch({}, 0));
  EXPECT_TRUE(none.columns.empty());
}

TEST(SharedBatchTest, RejectsWrongLengthsAndIntervals) {
  std::vector<ColumnPtr> cols = SampleColumns();
  EXPECT_FALSE(EncodeSharedBatch(cols, 8).ok());
  auto interval = Column::FromValues(LogicalType::Interval(), {Value::IntervalValue({1, 2, 3})});
  ASSERT_TRUE(interval.ok());
  EXPECT_EQ(EncodeSharedBatch({*interval}, 1).status().code(), ErrorCode::kFeatureNotSupported);
}

// A segment from another process is untrusted: bad headers, offsets past
// the end and broken string offsets are errors, never reads out of bounds.
TEST(SharedBatchTest, RejectsMalformedSegments) {
  std::vector<ColumnPtr> cols = SampleColumns();
  auto good = *EncodeSharedBatch(cols, 9);
  auto corrupt = [&](size_t at, const void* bytes, size_t n) {
    auto copy = *SharedMemory::Create(good->size());
    std::memcpy(copy->mutable_data(), good->data(), static_cast<size_t>(good->size()));
    std::memcpy(copy->mutable_data() + at, bytes, n);
    return DecodeSharedBatch(copy).status();
  };
  const uint32_t bad_magic = 7;
  EXPECT_EQ(corrupt(0, &bad_magic, 4).code(), ErrorCode::kDataCorrupted);
  const uint32_t many = 1u << 30;
  EXPECT_EQ(corrupt(8, &many, 4).code(), ErrorCode::kDataCorrupted);
  // First column's values region (header 24 bytes, then type(8) length(8)
  // null_count(8) validity(16) values(16)): offset far past the end.
  const int64_t far = int64_t{1} << 40;
  EXPECT_EQ(corrupt(24 + 8 + 8 + 8 + 16, &far, 8).code(), ErrorCode::kDataCorrupted);
  // The string column's first offset made negative.
  auto batch = *DecodeSharedBatch(good);
  const uint8_t* offsets = batch.columns[2]->values_buffer()->data();
  const int32_t minus = -5;
  EXPECT_EQ(corrupt(static_cast<size_t>(offsets - good->data()) + 4, &minus, 4).code(),
            ErrorCode::kDataCorrupted);
}

TEST(SharedBatchTest, MapRequiresSealsWhenAsked) {
  auto mem = *EncodeSharedBatch(SampleColumns(), 9);
  const int64_t size = mem->size();
  int unsealed = dup(mem->fd());
  EXPECT_EQ(SharedMemory::Map(unsealed, size, SealCheck::kReadOnly).status().code(),
            ErrorCode::kDataCorrupted);
  EXPECT_EQ(SharedMemory::Map(dup(mem->fd()), size, SealCheck::kFixedSize).status().code(),
            ErrorCode::kDataCorrupted);
  ASSERT_TRUE(mem->Seal().ok());
  auto mapped = SharedMemory::Map(dup(mem->fd()), size, SealCheck::kReadOnly);
  ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
  auto batch = DecodeSharedBatch(*mapped);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_TRUE(batch->columns[2]->Equals(*SampleColumns()[2]));
  // Larger than the segment: refused.
  EXPECT_FALSE(SharedMemory::Map(dup(mem->fd()), size + 4096, SealCheck::kNone).ok());
}

// A reused segment: the next batch written over the last one decodes as
// itself (no bits of the earlier batch leak through), and a copy is
// independent of later writes.
TEST(SharedBatchTest, ReusedSegmentsAndCopies) {
  std::vector<ColumnPtr> first = SampleColumns();
  auto mem = *SharedMemory::Create(*SharedBatchSize(first, 9) * 2);
  ASSERT_TRUE(WriteSharedBatch(first, 9, *mem).ok());
  auto copy = *SharedMemory::CopyOf(mem->data(), mem->size());
  EXPECT_EQ(copy->fd(), -1);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(copy->data()) % 64, 0u);
  std::vector<ColumnPtr> second;
  for (const ColumnPtr& c : first) second.push_back(c->Slice(1, 5));
  ASSERT_TRUE(WriteSharedBatch(second, 5, *mem).ok());
  auto now = *DecodeSharedBatch(mem);
  auto before = *DecodeSharedBatch(copy);
  ASSERT_EQ(now.columns.size(), second.size());
  for (size_t c = 0; c < second.size(); ++c) {
    EXPECT_TRUE(now.columns[c]->Equals(*second[c])) << c;
    EXPECT_TRUE(before.columns[c]->Equals(*first[c])) << c;
  }
  // Too small a segment is refused, never overrun.
  auto small = *SharedMemory::Create(64);
  EXPECT_FALSE(WriteSharedBatch(first, 9, *small).ok());
}

TEST(SharedBatchTest, SizeSealedSegmentsStayWritable) {
  auto mem = *SharedMemory::Create(4096);
  ASSERT_TRUE(mem->SealSize().ok());
  EXPECT_NE(ftruncate(mem->fd(), 0), 0);  // cannot shrink any more
  ASSERT_TRUE(WriteSharedBatch(SampleColumns(), 9, *mem).ok());
  auto mapped = SharedMemory::Map(dup(mem->fd()), mem->size(), SealCheck::kFixedSize);
  ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
  EXPECT_EQ(SharedMemory::Map(dup(mem->fd()), mem->size(), SealCheck::kReadOnly).status().code(),
            ErrorCode::kDataCorrupted);
  EXPECT_TRUE(DecodeSharedBatch(*mapped)->columns[2]->Equals(*SampleColumns()[2]));
}

}  // namespace
}  // namespace copra
