#include "exec/first_row_operator.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "exec/filter_operator.h"
#include "exec/join_test_util.h"
#include "exec/window_operator.h"

namespace copra {
namespace {

using join_test::Call;
using join_test::Col;
using join_test::MakeSchema;
using join_test::Row;
using join_test::RowsOperator;
using join_test::RunSorted;

const LogicalType kTs = LogicalType::Timestamp(TimeUnit::kMicrosecond);

SchemaPtr InputSchema() {
  return MakeSchema(
      {Field{"host", LogicalType::String()}, Field{"ts", kTs}, Field{"v", LogicalType::Float64()}});
}

WindowCall RowNumber(std::vector<BoundExprPtr> partition_by, std::vector<SortKey> order_by) {
  WindowCall call;
  call.kind = WindowFunctionKind::kRowNumber;
  call.partition_by = std::move(partition_by);
  call.order_by = std::move(order_by);
  call.type = LogicalType::Int64();
  call.name = "row_number()";
  return call;
}

SchemaPtr WindowSchema() {
  std::vector<Field> fields = InputSchema()->fields();
  fields.push_back(Field{"row_number", LogicalType::Int64()});
  return MakeSchema(std::move(fields));
}

SortKey Key(BoundExprPtr e, bool descending, bool nulls_first) {
  SortKey k;
  k.expr = std::move(e);
  k.descending = descending;
  k.nulls_first = nulls_first;
  return k;
}

// FirstRow's rows and Filter(row_number = 1) over Window's, for one spec.
void ExpectSameAsWindow(const std::vector<Row>& rows, const WindowCall& call, int64_t batch) {
  FirstRowOperator first(WindowSchema(), std::make_unique<RowsOperator>(InputSchema(), rows, batch),
                         call.partition_by, call.order_by);
  auto window = std::make_unique<WindowOperator>(
      WindowSchema(), std::make_unique<RowsOperator>(InputSchema(), rows, batch),
      std::vector<WindowCall>{call});
  BoundExprPtr rn = Col(3, LogicalType::Int64(), "row_number");
  FilterOperator filter(std::move(window), Call("=", {rn, BoundExpr::Constant(Value::Int64(1))}));
  EXPECT_EQ(RunSorted(&first, batch), RunSorted(&filter, batch)) << "batch size " << batch;
}

TEST(FirstRowOperatorTest, LastRowPerHost) {
  auto ts = [](int64_t s) { return Value::Timestamp(s * 1000000, TimeUnit::kMicrosecond); };
  std::vector<Row> rows = {
      {Value::String("a"), ts(1), Value::Float64(1)},
      {Value::String("b"), ts(5), Value::Float64(2)},
      {Value::String("a"), ts(3), Value::Float64(3)},
      {Value::String("b"), ts(2), Value::Float64(4)},
      {Value::Null(LogicalType::String()), ts(9), Value::Float64(5)},
      {Value::String("a"), ts(2), Value::Float64(6)},
  };
  WindowCall call = RowNumber({Col(0, LogicalType::String())}, {Key(Col(1, kTs), true, false)});
  for (int64_t batch : {1, 2, 1000}) {
    FirstRowOperator op(WindowSchema(), std::make_unique<RowsOperator>(InputSchema(), rows, batch),
                        call.partition_by, call.order_by);
    std::vector<std::string> got = RunSorted(&op, batch);
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got,
              (std::vector<std::string>{"NULL|1970-01-01 00:00:09|5|1", "a|1970-01-01 00:00:03|3|1",
                                        "b|1970-01-01 00:00:05|2|1"}));
  }
}

TEST(FirstRowOperatorTest, EmptyInput) {
  WindowCall call = RowNumber({Col(0, LogicalType::String())}, {Key(Col(1, kTs), true, false)});
  FirstRowOperator op(WindowSchema(),
                      std::make_unique<RowsOperator>(InputSchema(), std::vector<Row>{}, 4),
                      call.partition_by, call.order_by);
  EXPECT_TRUE(RunSorted(&op, 4).empty());
}

// Random rows with NULL hosts and times, against Window + Filter, for
// integer and encoded order keys, both directions and NULL placements, no
// partition and no order. Order keys are unique within a partition (ties
// may pick either row).
TEST(FirstRowOperatorTest, MatchesWindowAndFilter) {
  std::mt19937 rng(11);
  std::vector<Row> rows;
  std::set<std::string> hosts_with_null_ts;
  std::vector<int64_t> times(600);
  for (size_t i = 0; i < times.size(); ++i) times[i] = static_cast<int64_t>(i) * 10;
  std::shuffle(times.begin(), times.end(), rng);
  for (size_t i = 0; i < times.size(); ++i) {
    const int h = static_cast<int>(rng() % 12);
    Value host =
        h == 11 ? Value::Null(LogicalType::String()) : Value::String("h" + std::to_string(h));
    Value t = Value::Timestamp(times[i], TimeUnit::kMicrosecond);
    const std::string hk = host.is_null() ? "NULL" : host.GetString();
    if (rng() % 20 == 0 && hosts_with_null_ts.insert(hk).second) t = Value::Null(kTs);
    rows.push_back({host, t, Value::Float64(static_cast<double>(i))});
  }
  for (bool desc : {false, true}) {
    for (bool nulls_first : {false, true}) {
      WindowCall by_ts =
          RowNumber({Col(0, LogicalType::String())}, {Key(Col(1, kTs), desc, nulls_first)});
      // v is unique: as a second key it goes through the encoded path.
      WindowCall by_two = RowNumber(
          {Col(0, LogicalType::String())},
          {Key(Col(1, kTs), desc, nulls_first), Key(Col(2, LogicalType::Float64()), !desc, false)});
      WindowCall by_v = RowNumber({}, {Key(Col(2, LogicalType::Float64()), desc, nulls_first)});
      for (int64_t batch : {1, 7, 4096}) {
        ExpectSameAsWindow(rows, by_ts, batch);
        ExpectSameAsWindow(rows, by_two, batch);
        ExpectSameAsWindow(rows, by_v, batch);
      }
    }
  }
}

TEST(FirstRowOperatorTest, NoOrderKeepsFirstRowOfEachPartition) {
  std::vector<Row> rows;
  for (int i = 0; i < 50; ++i) {
    rows.push_back({Value::String("h" + std::to_string(i % 4)),
                    Value::Timestamp(i, TimeUnit::kMicrosecond), Value::Float64(i)});
  }
  WindowCall call = RowNumber({Col(0, LogicalType::String())}, {});
  FirstRowOperator op(WindowSchema(), std::make_unique<RowsOperator>(InputSchema(), rows, 3),
                      call.partition_by, call.order_by);
  std::vector<std::string> got = RunSorted(&op, 3);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_NE(got[0].find("|0|1"), std::string::npos) << got[0];
  EXPECT_NE(got[3].find("|3|1"), std::string::npos) << got[3];
}

TEST(FirstRowOperatorTest, MemoryLimit) {
  std::vector<Row> rows;
  for (int i = 0; i < 5000; ++i) {
    rows.push_back({Value::String("host_" + std::to_string(i)),
                    Value::Timestamp(i, TimeUnit::kMicrosecond), Value::Float64(i)});
  }
  WindowCall call = RowNumber({Col(0, LogicalType::String())}, {Key(Col(1, kTs), true, false)});
  FirstRowOperator op(WindowSchema(), std::make_unique<RowsOperator>(InputSchema(), rows, 1000),
                      call.partition_by, call.order_by);
  Status st;
  RunSorted(&op, 1000, 64 * 1024, &st);
  EXPECT_EQ(st.code(), ErrorCode::kOutOfMemory) << st.ToString();
}

}  // namespace
}  // namespace copra
