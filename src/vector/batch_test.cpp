#include "vector/batch.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

BatchPtr MakeBatch() {
  auto schema = std::make_shared<const Schema>(std::vector<Field>{
      {"ts", LogicalType::Timestamp(), false},
      {"host", LogicalType::String(), true},
      {"cpu", LogicalType::Float64(), true},
  });
  std::vector<Value> ts, host, cpu;
  for (int i = 0; i < 10; ++i) {
    ts.push_back(Value::Timestamp(1000 * i, TimeUnit::kMillisecond));
    host.push_back(i % 4 == 2 ? Value::Null(LogicalType::String())
                              : Value::String("h" + std::to_string(i)));
    cpu.push_back(Value::Float64(i * 0.5));
  }
  return Batch::Make(schema,
                     {*Column::FromValues(LogicalType::Timestamp(), ts),
                      *Column::FromValues(LogicalType::String(), host),
                      *Column::FromValues(LogicalType::Float64(), cpu)},
                     10);
}

TEST(SchemaTest, FindFieldAndToString) {
  BatchPtr batch = MakeBatch();
  const Schema& s = *batch->schema();
  EXPECT_EQ(s.num_fields(), 3u);
  EXPECT_EQ(s.FindField("host"), 1);
  EXPECT_EQ(s.FindField("HOST"), -1);
  EXPECT_EQ(s.FindField("nope"), -1);
  EXPECT_EQ(s.ToString(), "ts TIMESTAMP(3) NOT NULL, host STRING, cpu DOUBLE");
}

TEST(BatchTest, Accessors) {
  BatchPtr batch = MakeBatch();
  EXPECT_EQ(batch->num_rows(), 10);
  EXPECT_EQ(batch->num_columns(), 3u);
  EXPECT_EQ(batch->column(2)->GetValue(3), Value::Float64(1.5));
}

TEST(BatchTest, SliceSharesBuffers) {
  BatchPtr batch = MakeBatch();
  BatchPtr s = batch->Slice(5, 3);
  EXPECT_EQ(s->num_rows(), 3);
  EXPECT_EQ(s->schema(), batch->schema());
  for (size_t c = 0; c < 3; ++c) {
    EXPECT_EQ(s->column(c)->values_buffer(), batch->column(c)->values_buffer());
    EXPECT_EQ(s->column(c)->offset(), 5);
    EXPECT_EQ(s->column(c)->length(), 3);
    for (int64_t r = 0; r < 3; ++r) {
      EXPECT_EQ(s->column(c)->GetValue(r), batch->column(c)->GetValue(5 + r));
    }
  }
  EXPECT_TRUE(s->column(1)->IsNull(1));  // row 6
  EXPECT_EQ(batch->Slice(0, 0)->num_rows(), 0);
}

TEST(BatchTest, ToString) {
  BatchPtr s = MakeBatch()->Slice(1, 2);
  EXPECT_EQ(s->ToString(),
            "ts | host | cpu\n"
            "1970-01-01 00:00:01 | h1 | 0.5\n"
            "1970-01-01 00:00:02 | NULL | 1\n");
}

TEST(BatchDeathTest, MismatchedColumnsAreBugs) {
  auto schema = std::make_shared<const Schema>(std::vector<Field>{{"a", LogicalType::Int32()}});
  ColumnPtr wrong_type = Column::MakeNull(LogicalType::Int64(), 2);
  EXPECT_DEATH(Batch(schema, {wrong_type}, 2), "schema says INT");
  ColumnPtr wrong_length = Column::MakeNull(LogicalType::Int32(), 3);
  EXPECT_DEATH(Batch(schema, {wrong_length}, 2), "has 3 rows");
}

}  // namespace
}  // namespace copra
