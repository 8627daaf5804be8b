#include "exec/time_slice_operator.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "exec/join_test_util.h"

namespace copra {
namespace {

using join_test::Call;
using join_test::Col;
using join_test::MakeSchema;
using join_test::Row;
using join_test::RowsOperator;

const LogicalType kTs = LogicalType::Timestamp(TimeUnit::kMicrosecond);
constexpr int64_t kMinute = 60'000'000;

// The input: one row per timestamp; each slice's plan replays the rows
// inside the slice, and the slices asked for are recorded.
struct Input {
  std::vector<int64_t> times;
  std::vector<TimeRange> slices;

  TimeSliceOperator::SlicePlanner Planner() {
    return [this](const TimeRange& slice) -> Result<PhysicalOperatorPtr> {
      slices.push_back(slice);
      std::vector<Row> rows;
      for (int64_t t : times) {
        if (t >= slice.start && t < slice.end) {
          rows.push_back({Value::Timestamp(t, TimeUnit::kMicrosecond)});
        }
      }
      return PhysicalOperatorPtr(
          std::make_unique<RowsOperator>(MakeSchema({Field{"ts", kTs}}), std::move(rows), 3));
    };
  }
};

BoundExprPtr Minute() {
  return Call("date_trunc", {BoundExpr::Constant(Value::String("minute")), Col(0, kTs, "ts")});
}

std::vector<int64_t> Drain(PhysicalOperator* op) {
  ExecContext ctx;
  EXPECT_TRUE(op->Open(&ctx).ok());
  std::vector<int64_t> out;
  while (true) {
    Result<BatchPtr> b = op->Next();
    EXPECT_TRUE(b.ok());
    if (!b.ok() || *b == nullptr) break;
    for (int64_t r = 0; r < (*b)->num_rows(); ++r) {
      out.push_back((*b)->column(0)->GetValue(r).GetInt64());
    }
  }
  return out;
}

PhysicalOperatorPtr Make(Input* input, BoundExprPtr bucket, TimeRange range, bool newest_first,
                         int64_t enough) {
  auto op = TimeSliceOperator::Make(MakeSchema({Field{"ts", kTs}}), input->Planner(),
                                    std::move(bucket), kTs, range, newest_first, enough);
  EXPECT_TRUE(op.ok()) << op.status().ToString();
  return std::move(*op);
}

TEST(TimeSliceOperatorTest, DenseDataNeedsOneSlice) {
  Input input;
  for (int64_t t = 0; t < 100 * kMinute; t += 10'000'000) input.times.push_back(t);
  // Newest first below 50:30: the first slice is minutes 46..50.
  PhysicalOperatorPtr op = Make(&input, Minute(), TimeRange{INT64_MIN, 50 * kMinute + 30'000'000},
                                /*newest_first=*/true, 5);
  std::vector<int64_t> rows = Drain(op.get());
  ASSERT_EQ(input.slices.size(), 1u);
  EXPECT_EQ(input.slices[0].start, 46 * kMinute);
  EXPECT_EQ(input.slices[0].end, 50 * kMinute + 30'000'000);
  EXPECT_EQ(rows.size(), 4u * 6 + 3);  // four whole minutes and half of minute 50
}

TEST(TimeSliceOperatorTest, SparseDataWidensUntilEnoughAndStaysBucketAligned) {
  Input input;
  input.times = {7, kMinute + 5, 500 * kMinute + 1, 100000 * kMinute + 3, 100000 * kMinute + 9};
  PhysicalOperatorPtr op = Make(&input, Minute(), TimeRange{INT64_MIN, 100001 * kMinute},
                                /*newest_first=*/true, 3);
  std::vector<int64_t> rows = Drain(op.get());
  ASSERT_GE(input.slices.size(), 2u);
  // Contiguous, newest first, every inner bound a minute boundary.
  for (size_t i = 0; i < input.slices.size(); ++i) {
    const TimeRange& s = input.slices[i];
    EXPECT_LT(s.start, s.end);
    if (s.start != INT64_MIN) {
      EXPECT_EQ(s.start % kMinute, 0) << i;
    }
    if (i > 0) {
      EXPECT_EQ(s.end, input.slices[i - 1].start) << i;
    }
  }
  // Stopped at a slice boundary once 3 rows were out: the newest three are
  // in (and whatever else the last slice held).
  std::sort(rows.rbegin(), rows.rend());
  ASSERT_GE(rows.size(), 3u);
  EXPECT_EQ(rows[0], 100000 * kMinute + 9);
  EXPECT_EQ(rows[1], 100000 * kMinute + 3);
  EXPECT_EQ(rows[2], 500 * kMinute + 1);
  EXPECT_GT(input.slices.back().start, INT64_MIN);
  EXPECT_LE(input.slices.size(), 8u);
}

TEST(TimeSliceOperatorTest, RunsToTheEndWhenTooFewRows) {
  Input input;
  input.times = {-5 * kMinute, 3, 10 * kMinute};
  PhysicalOperatorPtr op = Make(&input, Minute(), TimeRange{INT64_MIN, 11 * kMinute},
                                /*newest_first=*/true, 10);
  std::vector<int64_t> rows = Drain(op.get());
  EXPECT_EQ(rows.size(), 3u);
  EXPECT_LE(input.slices.size(), 8u);
  EXPECT_EQ(input.slices.back().start, INT64_MIN);
}

TEST(TimeSliceOperatorTest, OldestFirstFromTheLowerBound) {
  Input input;
  for (int64_t t = 0; t < 30 * kMinute; t += 20'000'000) input.times.push_back(t);
  input.times.push_back(900 * kMinute);
  PhysicalOperatorPtr op = Make(&input, Minute(), TimeRange{2 * kMinute + 1, INT64_MAX},
                                /*newest_first=*/false, 2);
  std::vector<int64_t> rows = Drain(op.get());
  ASSERT_EQ(input.slices.size(), 1u);
  EXPECT_EQ(input.slices[0].start, 2 * kMinute + 1);
  EXPECT_EQ(input.slices[0].end % kMinute, 0);
  EXPECT_EQ(rows.front(), 2 * kMinute + 20'000'000);
  // Enough rows for the limit and only whole minutes after the first.
  EXPECT_GE(rows.size(), 2u);
  EXPECT_EQ(rows.size() % 3, 2u);
}

TEST(TimeSliceOperatorTest, RawTimestampsAsTheKey) {
  Input input;
  input.times = {1, 2, 1'000'000'000, 2'000'000'000, 2'000'000'001};
  PhysicalOperatorPtr op =
      Make(&input, Col(0, kTs, "ts"), TimeRange{INT64_MIN, 3'000'000'000}, true, 4);
  std::vector<int64_t> rows = Drain(op.get());
  std::sort(rows.rbegin(), rows.rend());
  ASSERT_GE(rows.size(), 4u);
  EXPECT_EQ(rows[0], 2'000'000'001);
  EXPECT_EQ(rows[1], 2'000'000'000);
  EXPECT_EQ(rows[2], 1'000'000'000);
  EXPECT_EQ(rows[3], 2);
}

}  // namespace
}  // namespace copra
