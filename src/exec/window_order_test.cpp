#include "exec/window_order.h"

#include <gtest/gtest.h>

#include <limits>

namespace copra {
namespace {

Datum Ints(const std::vector<Value>& values) {
  return Datum::Flat(*Column::FromValues(LogicalType::Int64(), values));
}

TEST(WindowOrderTest, PartitionsAndPeers) {
  // partition key: 2 1 2 1 NULL; order key: 5 7 5 6 1
  Datum part = Ints({Value::Int64(2), Value::Int64(1), Value::Int64(2), Value::Int64(1),
                     Value::Null(LogicalType::Int64())});
  Datum ord =
      Ints({Value::Int64(5), Value::Int64(7), Value::Int64(5), Value::Int64(6), Value::Int64(1)});
  WindowOrder o = ArrangeWindow({part}, {ord}, {KeyOrder{}}, 5);
  // Partitions 1 (rows 3, 1), 2 (rows 0, 2: peers, input order kept), NULL (row 4).
  EXPECT_EQ(o.rows, (std::vector<int32_t>{3, 1, 0, 2, 4}));
  EXPECT_EQ(o.partitions, (std::vector<int32_t>{0, 2, 4, 5}));
  EXPECT_EQ(o.peers, (std::vector<int32_t>{0, 1, 2, 4, 5}));
}

TEST(WindowOrderTest, NoKeysIsOnePartitionOfPeers) {
  WindowOrder o = ArrangeWindow({}, {}, {}, 3);
  EXPECT_EQ(o.rows, (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(o.partitions, (std::vector<int32_t>{0, 3}));
  EXPECT_EQ(o.peers, (std::vector<int32_t>{0, 3}));
  WindowFrames f = *ComputeFrames(o, WindowFrame{}, nullptr, KeyOrder{});
  EXPECT_EQ(f.start, (std::vector<int32_t>{0, 0, 0}));
  EXPECT_EQ(f.end, (std::vector<int32_t>{3, 3, 3}));
}

TEST(WindowOrderTest, RowsFramesClampAndMayBeEmpty) {
  Datum ord = Ints({Value::Int64(1), Value::Int64(2), Value::Int64(3), Value::Int64(4)});
  WindowOrder o = ArrangeWindow({}, {ord}, {KeyOrder{}}, 4);
  WindowFrame frame;
  frame.unit = WindowFrameUnit::kRows;
  frame.start = FrameBound{FrameBoundKind::kPreceding, Value::Int64(3)};
  frame.end = FrameBound{FrameBoundKind::kPreceding, Value::Int64(1)};
  WindowFrames f = *ComputeFrames(o, frame, nullptr, KeyOrder{});
  EXPECT_EQ(f.start, (std::vector<int32_t>{0, 0, 0, 0}));
  EXPECT_EQ(f.end, (std::vector<int32_t>{0, 1, 2, 3}));  // row 0: empty

  // Offsets near INT64_MAX must not overflow.
  const int64_t huge = std::numeric_limits<int64_t>::max();
  frame.start = FrameBound{FrameBoundKind::kPreceding, Value::Int64(huge)};
  frame.end = FrameBound{FrameBoundKind::kFollowing, Value::Int64(huge)};
  f = *ComputeFrames(o, frame, nullptr, KeyOrder{});
  EXPECT_EQ(f.start, (std::vector<int32_t>{0, 0, 0, 0}));
  EXPECT_EQ(f.end, (std::vector<int32_t>{4, 4, 4, 4}));

  frame.start = FrameBound{FrameBoundKind::kFollowing, Value::Int64(2)};
  frame.end = FrameBound{FrameBoundKind::kUnboundedFollowing, Value()};
  f = *ComputeFrames(o, frame, nullptr, KeyOrder{});
  EXPECT_EQ(f.start, (std::vector<int32_t>{2, 3, 4, 4}));
  EXPECT_EQ(f.end, (std::vector<int32_t>{4, 4, 4, 4}));
}

TEST(WindowOrderTest, RangeOffsetsUseKeyValuesAndNullPeers) {
  // Keys 1 2 2 5 NULL, ascending, NULLS LAST.
  Datum ord = Ints({Value::Int64(1), Value::Int64(2), Value::Int64(2), Value::Int64(5),
                    Value::Null(LogicalType::Int64())});
  WindowOrder o = ArrangeWindow({}, {ord}, {KeyOrder{}}, 5);
  WindowFrame frame;
  frame.unit = WindowFrameUnit::kRange;
  frame.start = FrameBound{FrameBoundKind::kPreceding, Value::Float64(1)};
  frame.end = FrameBound{FrameBoundKind::kFollowing, Value::Float64(0)};
  WindowFrames f = *ComputeFrames(o, frame, &ord, KeyOrder{});
  // 1: [1,1]; 2: [1,2]; 5: [4,5]; NULL: its peers only.
  EXPECT_EQ(f.start, (std::vector<int32_t>{0, 0, 0, 3, 4}));
  EXPECT_EQ(f.end, (std::vector<int32_t>{1, 3, 3, 4, 5}));

  // Descending: "preceding" means larger keys.
  WindowOrder d = ArrangeWindow({}, {ord}, {KeyOrder{true, false}}, 5);
  EXPECT_EQ(d.rows, (std::vector<int32_t>{3, 1, 2, 0, 4}));
  f = *ComputeFrames(d, frame, &ord, KeyOrder{true, false});
  EXPECT_EQ(f.start, (std::vector<int32_t>{0, 1, 1, 1, 4}));
  EXPECT_EQ(f.end, (std::vector<int32_t>{1, 3, 3, 4, 5}));
}

}  // namespace
}  // namespace copra
