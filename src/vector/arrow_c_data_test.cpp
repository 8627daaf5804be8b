#include "vector/arrow_c_data.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "vector/column_builder.h"

namespace copra {
namespace {

// Wraps an ArrowArray's release so the test can count how often it runs.
struct ReleaseCounter {
  void (*release)(ArrowArray*);
  void* private_data;
  int* count;
};

void CountingRelease(ArrowArray* a) {
  auto* c = static_cast<ReleaseCounter*>(a->private_data);
  a->private_data = c->private_data;
  a->release = c->release;
  a->release(a);
  EXPECT_EQ(a->release, nullptr) << "a release callback must mark the array released";
  ++*c->count;
  delete c;
}

void InstallCounter(ArrowArray* a, int* count) {
  a->private_data = new ReleaseCounter{a->release, a->private_data, count};
  a->release = CountingRelease;
}

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
      {Value::Timestamp(9, TimeUnit::kNanosecond), Value::Timestamp(-9, TimeUnit::kNanosecond)},
      {Value::Date(16801), Value::Date(-1)},
      {Value::IntervalValue({1, 2, 3}), Value::IntervalValue({-1, 0, -5})},
  };
}

// 23 rows: a, b, NULL, a, b, NULL, ... so validity spans three bytes.
ColumnPtr SampleColumn(const Value& a, const Value& b) {
  ColumnBuilder builder(a.type());
  for (int i = 0; i < 23; ++i) {
    Status st = builder.AppendValue(i % 3 == 2 ? Value::Null(a.type()) : (i % 3 == 0 ? a : b));
    EXPECT_TRUE(st.ok());
  }
  return builder.Finish();
}

void ExpectSameBuffers(const Column& imported, const Column& original) {
  EXPECT_EQ(imported.offset(), original.offset());
  EXPECT_EQ(imported.values_buffer()->data(), original.values_buffer()->data());
  if (original.validity_buffer() != nullptr && original.null_count() > 0) {
    ASSERT_NE(imported.validity_buffer(), nullptr);
    EXPECT_EQ(imported.validity_buffer()->data(), original.validity_buffer()->data());
  }
  if (original.type().IsVarWidth()) {
    EXPECT_EQ(imported.data_buffer()->data(), original.data_buffer()->data());
  }
}

TEST(ArrowFormatTest, EveryTypeRoundTrips) {
  for (const auto& [a, b] : SamplesOfEveryType()) {
    std::string f = TypeToArrowFormat(a.type());
    Result<LogicalType> t = ArrowFormatToType(f);
    ASSERT_TRUE(t.ok()) << f;
    EXPECT_EQ(*t, a.type()) << f;
  }
  EXPECT_EQ(TypeToArrowFormat(LogicalType::Null()), "n");
  EXPECT_EQ(TypeToArrowFormat(LogicalType::Int64()), "l");
  EXPECT_EQ(TypeToArrowFormat(LogicalType::UInt8()), "C");
  EXPECT_EQ(TypeToArrowFormat(LogicalType::String()), "u");
  EXPECT_EQ(TypeToArrowFormat(LogicalType::Binary()), "z");
  EXPECT_EQ(TypeToArrowFormat(LogicalType::Timestamp(TimeUnit::kSecond)), "tss:");
  EXPECT_EQ(TypeToArrowFormat(LogicalType::Timestamp(TimeUnit::kMillisecond)), "tsm:");
  EXPECT_EQ(TypeToArrowFormat(LogicalType::Timestamp(TimeUnit::kMicrosecond)), "tsu:");
  EXPECT_EQ(TypeToArrowFormat(LogicalType::Timestamp(TimeUnit::kNanosecond)), "tsn:");
  EXPECT_EQ(TypeToArrowFormat(LogicalType::Date()), "tdD");
  EXPECT_EQ(TypeToArrowFormat(LogicalType::Interval()), "tin");
}

TEST(ArrowFormatTest, TimezonesAcceptedOnImport) {
  EXPECT_EQ(*ArrowFormatToType("tsu:UTC"), LogicalType::Timestamp(TimeUnit::kMicrosecond));
  EXPECT_EQ(*ArrowFormatToType("tsn:+08:00"), LogicalType::Timestamp(TimeUnit::kNanosecond));
  EXPECT_EQ(*ArrowFormatToType("tss:America/New_York"), LogicalType::Timestamp(TimeUnit::kSecond));
}

TEST(ArrowFormatTest, UnsupportedFormats) {
  for (const char* f : {"", "U", "Z", "e", "+l", "+s", "d:10,2", "ts", "tsx:", "tdm", "tiM", "vu"}) {
    Result<LogicalType> r = ArrowFormatToType(f);
    ASSERT_FALSE(r.ok()) << f;
    EXPECT_EQ(r.status().code(), ErrorCode::kFeatureNotSupported) << f;
  }
  EXPECT_EQ(ArrowFormatToType("U").status().message(), "unsupported Arrow format \"U\"");
}

// The exported structs point straight at the Column's buffers; the offset
// is carried in ArrowArray.offset, never applied to the pointers.
TEST(ArrowExportTest, BuffersAreTheColumnsOwn) {
  ColumnBuilder builder(LogicalType::Int64());
  for (int64_t i = 0; i < 20; ++i) {
    if (i == 6) {
      builder.AppendNull();
    } else {
      builder.Append<int64_t>(i * 10);
    }
  }
  ColumnPtr col = builder.Finish()->Slice(5, 10);
  ArrowArray array;
  ArrowSchema schema;
  ASSERT_TRUE(ExportColumn(col, "cpu", true, &array, &schema).ok());
  EXPECT_EQ(array.length, 10);
  EXPECT_EQ(array.offset, 5);
  EXPECT_EQ(array.null_count, 1);
  EXPECT_EQ(array.n_buffers, 2);
  EXPECT_EQ(array.n_children, 0);
  EXPECT_EQ(array.children, nullptr);
  EXPECT_EQ(array.dictionary, nullptr);
  EXPECT_EQ(array.buffers[0], col->validity_buffer()->data());
  EXPECT_EQ(array.buffers[1], col->values_buffer()->data());
  EXPECT_EQ(static_cast<const int64_t*>(array.buffers[1]) + array.offset, col->data<int64_t>());
  EXPECT_EQ(static_cast<const int64_t*>(array.buffers[1])[array.offset + 2], 70);
  EXPECT_STREQ(schema.format, "l");
  EXPECT_STREQ(schema.name, "cpu");
  EXPECT_EQ(schema.metadata, nullptr);
  EXPECT_EQ(schema.flags, ARROW_FLAG_NULLABLE);
  EXPECT_EQ(schema.n_children, 0);

  // The export keeps the column alive after the caller lets go of it.
  const uint8_t* values = col->values_buffer()->data();
  std::weak_ptr<const Column> weak = col;
  col.reset();
  EXPECT_FALSE(weak.expired());
  EXPECT_EQ(static_cast<const int64_t*>(array.buffers[1])[19], 190);
  EXPECT_EQ(array.buffers[1], values);
  array.release(&array);
  EXPECT_EQ(array.release, nullptr);
  EXPECT_TRUE(weak.expired());
  schema.release(&schema);
  EXPECT_EQ(schema.release, nullptr);
}

TEST(ArrowExportTest, StringsAndNoNulls) {
  ColumnPtr col = *Column::FromValues(LogicalType::String(),
                                      {Value::String("ab"), Value::String("c")});
  ArrowArray array;
  ArrowSchema schema;
  ASSERT_TRUE(ExportColumn(col, "s", false, &array, &schema).ok());
  EXPECT_EQ(array.n_buffers, 3);
  EXPECT_EQ(array.null_count, 0);
  EXPECT_EQ(array.buffers[0], nullptr);
  EXPECT_EQ(array.buffers[1], col->values_buffer()->data());
  EXPECT_EQ(array.buffers[2], col->data_buffer()->data());
  EXPECT_EQ(schema.flags, 0);
  EXPECT_STREQ(schema.format, "u");
  array.release(&array);
  schema.release(&schema);
}

TEST(ArrowRoundTripTest, EveryTypeZeroCopyReleasedOnce) {
  for (const auto& [a, b] : SamplesOfEveryType()) {
    SCOPED_TRACE(a.type().ToString());
    ColumnPtr original = SampleColumn(a, b);
    ArrowArray array;
    ArrowSchema schema;
    ASSERT_TRUE(ExportColumn(original, "x", true, &array, &schema).ok());
    int released = 0;
    InstallCounter(&array, &released);

    Result<ColumnPtr> imported = ImportColumn(&array, &schema);
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    EXPECT_EQ(array.release, nullptr);  // moved out of the caller's struct
    ColumnPtr col = *imported;
    EXPECT_TRUE(col->Equals(*original)) << col->ToString() << " vs " << original->ToString();
    EXPECT_EQ(col->null_count(), original->null_count());
    ExpectSameBuffers(*col, *original);

    // Slices of the import keep the producer's memory alive too.
    ColumnPtr tail = col->Slice(20, 3);
    col.reset();
    imported = Status::Internal("drop");
    EXPECT_EQ(released, 0);
    EXPECT_EQ(tail->GetValue(0), original->GetValue(20));
    tail.reset();
    EXPECT_EQ(released, 1);
    schema.release(&schema);
  }
}

TEST(ArrowRoundTripTest, SlicedColumnsKeepTheirOffset) {
  for (const auto& [a, b] : SamplesOfEveryType()) {
    SCOPED_TRACE(a.type().ToString());
    ColumnPtr original = SampleColumn(a, b)->Slice(3, 13);
    ArrowArray array;
    ArrowSchema schema;
    ASSERT_TRUE(ExportColumn(original, "x", true, &array, &schema).ok());
    EXPECT_EQ(array.offset, 3);
    int released = 0;
    InstallCounter(&array, &released);
    {
      ColumnPtr col = *ImportColumn(&array, &schema);
      EXPECT_EQ(col->length(), 13);
      EXPECT_TRUE(col->Equals(*original)) << col->ToString() << " vs " << original->ToString();
      ExpectSameBuffers(*col, *original);
    }
    EXPECT_EQ(released, 1);
    schema.release(&schema);
  }
}

TEST(ArrowRoundTripTest, NullTypeColumn) {
  ColumnPtr original = Column::MakeNull(LogicalType::Null(), 5);
  ArrowArray array;
  ArrowSchema schema;
  ASSERT_TRUE(ExportColumn(original, "n", true, &array, &schema).ok());
  EXPECT_EQ(array.n_buffers, 0);
  EXPECT_EQ(array.null_count, 5);
  EXPECT_STREQ(schema.format, "n");
  int released = 0;
  InstallCounter(&array, &released);
  ColumnPtr col = *ImportColumn(&array, &schema);
  EXPECT_EQ(released, 1);  // nothing to keep
  EXPECT_EQ(col->type(), LogicalType::Null());
  EXPECT_EQ(col->length(), 5);
  EXPECT_EQ(col->null_count(), 5);
  EXPECT_TRUE(col->IsNull(4));
  schema.release(&schema);
}

// Memory owned by a test "producer": the Column wraps it, and the wrap's
// release proves the original memory is freed exactly once, after every
// exporter and importer is done.
TEST(ArrowRoundTripTest, ForeignMemoryReleasedOnceThroughExportAndImport) {
  auto* memory = new std::vector<int32_t>{1, 2, 3, 4, 5, 6, 7, 8, 9};
  int memory_released = 0;
  BufferPtr values = Buffer::Wrap(reinterpret_cast<const uint8_t*>(memory->data()),
                                  9 * sizeof(int32_t), [memory, &memory_released]() {
                                    ++memory_released;
                                    delete memory;
                                  });
  auto col = std::make_shared<const Column>(LogicalType::Int32(), 9, nullptr, std::move(values));
  ArrowArray array;
  ASSERT_TRUE(ExportColumn(col->Slice(2, 5), "", true, &array, nullptr).ok());
  ArrowSchema schema;
  ASSERT_TRUE(ExportColumn(col, "", true, nullptr, &schema).ok());
  const void* raw = array.buffers[1];
  col.reset();
  int array_released = 0;
  InstallCounter(&array, &array_released);
  ColumnPtr imported = *ImportColumn(&array, &schema);
  EXPECT_EQ(imported->values_buffer()->data(), raw);
  EXPECT_EQ(imported->ToString(), "[3, 4, 5, 6, 7]");
  EXPECT_EQ(memory_released, 0);
  imported.reset();
  EXPECT_EQ(array_released, 1);
  EXPECT_EQ(memory_released, 1);
  schema.release(&schema);
}

BatchPtr SampleBatch() {
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  int i = 0;
  for (const auto& [a, b] : SamplesOfEveryType()) {
    fields.push_back({"c" + std::to_string(i++), a.type(), i % 2 == 0});
    columns.push_back(SampleColumn(a, b));
  }
  return Batch::Make(std::make_shared<const Schema>(std::move(fields)), std::move(columns), 23);
}

void ExpectBatchesEqual(const Batch& got, const Batch& want) {
  ASSERT_EQ(got.num_rows(), want.num_rows());
  ASSERT_EQ(got.num_columns(), want.num_columns());
  for (size_t c = 0; c < want.num_columns(); ++c) {
    EXPECT_EQ(got.schema()->field(c).name, want.schema()->field(c).name);
    EXPECT_EQ(got.schema()->field(c).type, want.schema()->field(c).type);
    EXPECT_EQ(got.schema()->field(c).nullable, want.schema()->field(c).nullable);
    EXPECT_TRUE(got.column(c)->Equals(*want.column(c))) << c;
  }
}

TEST(ArrowBatchTest, ExportedStructLayout) {
  BatchPtr batch = SampleBatch();
  ArrowArray array;
  ArrowSchema schema;
  ASSERT_TRUE(ExportBatch(batch, &array, &schema).ok());
  EXPECT_STREQ(schema.format, "+s");
  EXPECT_EQ(schema.n_children, static_cast<int64_t>(batch->num_columns()));
  EXPECT_STREQ(schema.children[3]->name, "c3");
  EXPECT_STREQ(schema.children[3]->format, "i");
  EXPECT_EQ(array.length, 23);
  EXPECT_EQ(array.null_count, 0);
  EXPECT_EQ(array.n_buffers, 1);
  EXPECT_EQ(array.buffers[0], nullptr);
  EXPECT_EQ(array.n_children, static_cast<int64_t>(batch->num_columns()));
  EXPECT_EQ(array.children[4]->buffers[1], batch->column(4)->values_buffer()->data());
  array.release(&array);
  schema.release(&schema);
}

TEST(ArrowBatchTest, RoundTripMovesChildrenAndReleasesEachOnce) {
  BatchPtr batch = SampleBatch()->Slice(4, 15);
  ArrowArray array;
  ArrowSchema schema;
  ASSERT_TRUE(ExportBatch(batch, &array, &schema).ok());
  int parent_released = 0;
  std::vector<int> child_released(array.n_children, 0);
  for (int64_t i = 0; i < array.n_children; ++i) {
    InstallCounter(array.children[i], &child_released[i]);
  }
  InstallCounter(&array, &parent_released);

  Result<BatchPtr> imported = ImportBatch(&array, &schema);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(array.release, nullptr);
  EXPECT_EQ(parent_released, 1);  // released right after its children moved out
  for (int n : child_released) EXPECT_EQ(n, 0);
  BatchPtr got = *imported;
  ExpectBatchesEqual(*got, *batch);
  for (size_t c = 0; c < batch->num_columns(); ++c) {
    ExpectSameBuffers(*got->column(c), *batch->column(c));
  }
  // Columns live independently: dropping the batch but keeping one column
  // releases every other child.
  ColumnPtr keep = got->column(2);
  got.reset();
  imported = Status::Internal("drop");
  for (size_t i = 0; i < child_released.size(); ++i) {
    EXPECT_EQ(child_released[i], i == 2 ? 0 : 1) << i;
  }
  keep.reset();
  EXPECT_EQ(child_released[2], 1);
  schema.release(&schema);
}

TEST(ArrowBatchTest, StructOffsetSlicesChildren) {
  BatchPtr batch = SampleBatch();
  ArrowArray array;
  ArrowSchema schema;
  ASSERT_TRUE(ExportBatch(batch, &array, &schema).ok());
  array.offset = 2;
  array.length = 7;
  BatchPtr got = *ImportBatch(&array, &schema);
  ExpectBatchesEqual(*got, *batch->Slice(2, 7));
  schema.release(&schema);
}

TEST(ArrowBatchTest, SchemaOnly) {
  BatchPtr batch = SampleBatch();
  ArrowSchema schema;
  ASSERT_TRUE(ExportSchema(*batch->schema(), &schema).ok());
  Result<SchemaPtr> back = ImportSchema(&schema);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)->ToString(), batch->schema()->ToString());
  schema.release(&schema);
}

// A consumer may move a child schema out; the parent release must skip it.
TEST(ArrowBatchTest, MovedChildSchemaSurvivesParentRelease) {
  ArrowSchema schema;
  ASSERT_TRUE(ExportSchema(*SampleBatch()->schema(), &schema).ok());
  ArrowSchema moved = *schema.children[1];
  schema.children[1]->release = nullptr;
  schema.release(&schema);
  EXPECT_STREQ(moved.name, "c1");
  EXPECT_STREQ(moved.format, "c");
  moved.release(&moved);
  EXPECT_EQ(moved.release, nullptr);
}

// ---------------------------------------------------------------------------
// Arrays built by hand, as another producer would.

struct Producer {
  std::vector<uint8_t> validity;
  std::vector<int32_t> offsets;
  std::string chars;
  std::vector<int64_t> values;
  const void* buffers[3] = {nullptr, nullptr, nullptr};
  int* released = nullptr;
};

void ReleaseProducer(ArrowArray* a) {
  auto* p = static_cast<Producer*>(a->private_data);
  ++*p->released;
  delete p;
  a->release = nullptr;
}

ArrowArray MakeForeignArray(Producer* p, int64_t length, int64_t null_count, int64_t n_buffers) {
  ArrowArray a{};
  a.length = length;
  a.null_count = null_count;
  a.offset = 0;
  a.n_buffers = n_buffers;
  a.buffers = p->buffers;
  a.release = ReleaseProducer;
  a.private_data = p;
  return a;
}

ArrowSchema PlainSchema(const char* format) {
  ArrowSchema s{};
  s.format = format;
  s.name = "f";
  s.flags = ARROW_FLAG_NULLABLE;
  return s;
}

TEST(ArrowImportTest, ForeignInt64WithTimezoneAndUnknownNullCount) {
  int released = 0;
  auto* p = new Producer();
  p->released = &released;
  p->values = {10, 20, 30, 40};
  p->validity = {0b1011};
  p->buffers[0] = p->validity.data();
  p->buffers[1] = p->values.data();
  ArrowArray a = MakeForeignArray(p, 4, -1, 2);
  ArrowSchema s = PlainSchema("tsm:UTC");
  {
    ColumnPtr col = *ImportColumn(&a, &s);
    EXPECT_EQ(col->type(), LogicalType::Timestamp(TimeUnit::kMillisecond));
    EXPECT_EQ(col->null_count(), 1);
    EXPECT_EQ(col->data<int64_t>(), p->values.data());
    EXPECT_EQ(col->ToString(),
              "[1970-01-01 00:00:00.01, 1970-01-01 00:00:00.02, NULL, 1970-01-01 00:00:00.04]");
  }
  EXPECT_EQ(released, 1);
}

TEST(ArrowImportTest, EmptyStringArrayWithNullBuffers) {
  int released = 0;
  auto* p = new Producer();
  p->released = &released;
  ArrowArray a = MakeForeignArray(p, 0, 0, 3);
  ArrowSchema s = PlainSchema("u");
  ColumnPtr col = *ImportColumn(&a, &s);
  EXPECT_EQ(col->length(), 0);
  EXPECT_TRUE(col->Validate().ok());
  col.reset();
  EXPECT_EQ(released, 1);
}

TEST(ArrowImportTest, ForeignStrings) {
  int released = 0;
  auto* p = new Producer();
  p->released = &released;
  p->offsets = {0, 3, 3, 7};
  p->chars = "abcdefg";
  p->buffers[1] = p->offsets.data();
  p->buffers[2] = p->chars.data();
  ArrowArray a = MakeForeignArray(p, 3, 0, 3);
  a.offset = 1;
  a.length = 2;
  ArrowSchema s = PlainSchema("z");
  ColumnPtr col = *ImportColumn(&a, &s);
  EXPECT_EQ(col->type(), LogicalType::Binary());
  EXPECT_EQ(col->GetString(0), "");
  EXPECT_EQ(col->GetString(1), "defg");
  col.reset();
  EXPECT_EQ(released, 1);
}

TEST(ArrowImportTest, ErrorsStillReleaseTheArray) {
  struct Case {
    const char* format;
    int64_t n_buffers;
    int64_t null_count;
    bool null_values;
    ErrorCode code;
  };
  const Case cases[] = {
      {"U", 3, 0, false, ErrorCode::kFeatureNotSupported},      // large string
      {"+l", 1, 0, false, ErrorCode::kFeatureNotSupported},     // list
      {"l", 1, 0, false, ErrorCode::kInvalidArgument},          // too few buffers
      {"l", 2, 2, false, ErrorCode::kInvalidArgument},          // NULLs, no bitmap
      {"l", 2, 0, true, ErrorCode::kInvalidArgument},           // values missing
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.format);
    int released = 0;
    auto* p = new Producer();
    p->released = &released;
    p->values = {1, 2, 3};
    p->buffers[1] = c.null_values ? nullptr : p->values.data();
    ArrowArray a = MakeForeignArray(p, 3, c.null_count, c.n_buffers);
    ArrowSchema s = PlainSchema(c.format);
    Result<ColumnPtr> r = ImportColumn(&a, &s);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), c.code) << r.status().ToString();
    EXPECT_EQ(a.release, nullptr);
    EXPECT_EQ(released, 1);
  }
}

TEST(ArrowImportTest, BadStringOffsetsRejected) {
  int released = 0;
  auto* p = new Producer();
  p->released = &released;
  p->offsets = {0, 5, 2};
  p->chars = "abcde";
  p->buffers[1] = p->offsets.data();
  p->buffers[2] = p->chars.data();
  ArrowArray a = MakeForeignArray(p, 2, 0, 3);
  ArrowSchema s = PlainSchema("u");
  Result<ColumnPtr> r = ImportColumn(&a, &s);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(released, 1);
}

TEST(ArrowImportTest, AlreadyReleasedArrayIsAnError) {
  ArrowArray a{};
  ArrowSchema s = PlainSchema("l");
  EXPECT_EQ(ImportColumn(&a, &s).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(ImportBatch(&a, &s).status().code(), ErrorCode::kInvalidArgument);
}

TEST(ArrowImportTest, BatchFromNonStructIsNotSupported) {
  ColumnPtr col = *Column::FromValues(LogicalType::Int32(), {Value::Int32(1)});
  ArrowArray array;
  ArrowSchema schema;
  ASSERT_TRUE(ExportColumn(col, "x", true, &array, &schema).ok());
  int released = 0;
  InstallCounter(&array, &released);
  EXPECT_EQ(ImportBatch(&array, &schema).status().code(), ErrorCode::kFeatureNotSupported);
  EXPECT_EQ(released, 1);
  schema.release(&schema);
}

}  // namespace
}  // namespace copra
