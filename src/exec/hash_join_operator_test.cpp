#include "exec/hash_join_operator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "exec/join_test_util.h"
#include "exec/nested_loop_join_operator.h"

namespace copra {
namespace {

using namespace join_test;  // NOLINT: test helpers

const LogicalJoinType kAllTypes[] = {LogicalJoinType::kInner, LogicalJoinType::kLeft,
                                     LogicalJoinType::kRight, LogicalJoinType::kFull,
                                     LogicalJoinType::kSemi,  LogicalJoinType::kAnti};

// left(k BIGINT, lv STRING), right(k BIGINT, rv BIGINT)
SchemaPtr LeftSchema() {
  return MakeSchema({{"k", LogicalType::Int64()}, {"lv", LogicalType::String()}});
}
SchemaPtr RightSchema() {
  return MakeSchema({{"k", LogicalType::Int64()}, {"rv", LogicalType::Int64()}});
}

Row L(std::optional<int64_t> k, std::string v) {
  return {k ? Value::Int64(*k) : Value::Null(LogicalType::Int64()), Value::String(std::move(v))};
}
Row R(std::optional<int64_t> k, int64_t v) {
  return {k ? Value::Int64(*k) : Value::Null(LogicalType::Int64()), Value::Int64(v)};
}

// NULL keys on both sides, duplicates on both sides, unmatched rows on both.
std::vector<Row> LeftRows() {
  return {L(1, "a"),
          L(2, "b"),
          L(2, "c"),
          L(std::nullopt, "n1"),
          L(3, "d"),
          L(5, "e"),
          L(std::nullopt, "n2"),
          L(1, "f")};
}
std::vector<Row> RightRows() {
  return {R(1, 10), R(2, 20), R(2, 21), R(std::nullopt, 99), R(4, 40), R(1, 11), R(5, 50)};
}

bool KeysEqual(const Row& l, const Row& r) {
  return !l[0].is_null() && !r[0].is_null() && l[0].GetInt64() == r[0].GetInt64();
}

// How the condition `l.k = r.k [AND r.rv <> 20]` is executed.
enum class Plan { kHash, kHashResidual, kNestedLoop, kNestedLoopResidual };

PhysicalOperatorPtr MakeJoin(Plan plan, LogicalJoinType type, std::vector<Row> left,
                             std::vector<Row> right, int64_t input_batch) {
  SchemaPtr ls = LeftSchema(), rs = RightSchema();
  auto l = std::make_unique<RowsOperator>(ls, std::move(left), input_batch);
  auto r = std::make_unique<RowsOperator>(rs, std::move(right), input_batch);
  SchemaPtr out = JoinSchema(*ls, *rs, type);
  // Residual over left ++ right: rv is column 3.
  BoundExprPtr residual =
      Call("<>", {Col(3, LogicalType::Int64(), "rv"), BoundExpr::Constant(Value::Int64(20))});
  BoundExprPtr eq =
      Call("=", {Col(0, LogicalType::Int64(), "k"), Col(2, LogicalType::Int64(), "k")});
  switch (plan) {
    case Plan::kHash:
    case Plan::kHashResidual:
      return std::make_unique<HashJoinOperator>(
          out, std::move(l), std::move(r), type,
          std::vector<BoundExprPtr>{Col(0, LogicalType::Int64(), "k")},
          std::vector<BoundExprPtr>{Col(0, LogicalType::Int64(), "k")},
          plan == Plan::kHashResidual ? residual : nullptr);
    case Plan::kNestedLoop:
      return std::make_unique<NestedLoopJoinOperator>(out, std::move(l), std::move(r), type, eq);
    case Plan::kNestedLoopResidual:
      return std::make_unique<NestedLoopJoinOperator>(out, std::move(l), std::move(r), type,
                                                      BoundExpr::And({eq, residual}));
  }
  return nullptr;
}

// Every join type x batch size x input batching x plan against the
// reference join.
TEST(HashJoinOperatorTest, MatchesReferenceForAllTypesAndBatchSizes) {
  for (LogicalJoinType type : kAllTypes) {
    for (Plan plan :
         {Plan::kHash, Plan::kHashResidual, Plan::kNestedLoop, Plan::kNestedLoopResidual}) {
      const bool with_residual = plan == Plan::kHashResidual || plan == Plan::kNestedLoopResidual;
      auto match = [&](const Row& l, const Row& r) {
        return KeysEqual(l, r) && (!with_residual || r[1].GetInt64() != 20);
      };
      std::vector<std::string> expected = ReferenceJoin(LeftRows(), RightRows(), 2, 2, type, match);
      for (int64_t batch_size : {1, 2, 3, 1024}) {
        for (int64_t input_batch : {1, 3, 100}) {
          SCOPED_TRACE(testing::Message()
                       << "type=" << JoinTypeLabel(type) << " plan=" << static_cast<int>(plan)
                       << " batch=" << batch_size << " input=" << input_batch);
          PhysicalOperatorPtr op = MakeJoin(plan, type, LeftRows(), RightRows(), input_batch);
          EXPECT_EQ(RunSorted(op.get(), batch_size), expected);
        }
      }
    }
  }
}

TEST(HashJoinOperatorTest, InnerJoinExactRows) {
  PhysicalOperatorPtr op =
      MakeJoin(Plan::kHash, LogicalJoinType::kInner, LeftRows(), RightRows(), 100);
  std::vector<std::string> expected = {"1|a|1|10", "1|a|1|11", "1|f|1|10", "1|f|1|11", "2|b|2|20",
                                       "2|b|2|21", "2|c|2|20", "2|c|2|21", "5|e|5|50"};
  EXPECT_EQ(RunSorted(op.get(), 4), expected);
}

TEST(HashJoinOperatorTest, NullKeysNeverMatchButSurviveOuterJoins) {
  std::vector<Row> left = {L(std::nullopt, "x")};
  std::vector<Row> right = {R(std::nullopt, 1)};
  EXPECT_TRUE(
      RunSorted(MakeJoin(Plan::kHash, LogicalJoinType::kInner, left, right, 10).get(), 8).empty());
  EXPECT_EQ(RunSorted(MakeJoin(Plan::kHash, LogicalJoinType::kFull, left, right, 10).get(), 8),
            (std::vector<std::string>{"NULL|NULL|NULL|1", "NULL|x|NULL|NULL"}));
  EXPECT_EQ(RunSorted(MakeJoin(Plan::kHash, LogicalJoinType::kAnti, left, right, 10).get(), 8),
            (std::vector<std::string>{"NULL|x"}));
  EXPECT_TRUE(
      RunSorted(MakeJoin(Plan::kHash, LogicalJoinType::kSemi, left, right, 10).get(), 8).empty());
}

TEST(HashJoinOperatorTest, EmptySides) {
  for (LogicalJoinType type : kAllTypes) {
    for (Plan plan : {Plan::kHash, Plan::kNestedLoopResidual}) {
      SCOPED_TRACE(JoinTypeLabel(type));
      auto match = [](const Row& l, const Row& r) { return KeysEqual(l, r); };
      auto no_residual = [&](const Row& l, const Row& r) {
        return match(l, r) && r[1].GetInt64() != 20;
      };
      for (int side = 0; side < 3; ++side) {
        // side 0: empty left, 1: empty right, 2: both empty.
        std::vector<Row> left = side == 1 ? LeftRows() : std::vector<Row>{};
        std::vector<Row> right = side == 0 ? RightRows() : std::vector<Row>{};
        std::vector<std::string> expected =
            plan == Plan::kHash ? ReferenceJoin(left, right, 2, 2, type, match)
                                : ReferenceJoin(left, right, 2, 2, type, no_residual);
        PhysicalOperatorPtr op = MakeJoin(plan, type, left, right, 2);
        EXPECT_EQ(RunSorted(op.get(), 2), expected) << "side=" << side;
      }
    }
  }
}

TEST(HashJoinOperatorTest, LargeFanOutSplitsAcrossBatches) {
  // 50 x 40 rows with the same key: 2000 pairs, emitted mid-chain.
  std::vector<Row> left, right;
  for (int i = 0; i < 50; ++i) left.push_back(L(7, "l" + std::to_string(i)));
  for (int i = 0; i < 40; ++i) right.push_back(R(7, i));
  for (int64_t batch_size : {1, 7, 64, 8192}) {
    for (LogicalJoinType type : {LogicalJoinType::kInner, LogicalJoinType::kFull}) {
      PhysicalOperatorPtr op = MakeJoin(Plan::kHash, type, left, right, 16);
      EXPECT_EQ(RunSorted(op.get(), batch_size).size(), 2000u);
    }
  }
}

// Multi-column and string keys take the encoded layout.
TEST(HashJoinOperatorTest, MultiColumnStringKeys) {
  SchemaPtr ls = MakeSchema({{"a", LogicalType::String()}, {"b", LogicalType::Int32()}});
  SchemaPtr rs = MakeSchema(
      {{"a", LogicalType::String()}, {"b", LogicalType::Int32()}, {"v", LogicalType::Int32()}});
  auto S = [](const char* s) { return s ? Value::String(s) : Value::Null(LogicalType::String()); };
  std::vector<Row> left = {{S("x"), Value::Int32(1)},
                           {S("x"), Value::Int32(2)},
                           {S(nullptr), Value::Int32(1)},
                           {S(""), Value::Int32(0)},
                           {Value::String(std::string("x\0y", 3)), Value::Int32(1)}};
  std::vector<Row> right = {{S("x"), Value::Int32(1), Value::Int32(100)},
                            {S("x"), Value::Int32(1), Value::Int32(101)},
                            {S(nullptr), Value::Int32(1), Value::Int32(102)},
                            {S(""), Value::Int32(0), Value::Int32(103)},
                            {S("y"), Value::Int32(2), Value::Int32(104)}};
  auto op = std::make_unique<HashJoinOperator>(
      JoinSchema(*ls, *rs, LogicalJoinType::kLeft), std::make_unique<RowsOperator>(ls, left, 2),
      std::make_unique<RowsOperator>(rs, right, 2), LogicalJoinType::kLeft,
      std::vector<BoundExprPtr>{Col(0, LogicalType::String()), Col(1, LogicalType::Int32())},
      std::vector<BoundExprPtr>{Col(0, LogicalType::String()), Col(1, LogicalType::Int32())},
      nullptr);
  std::vector<std::string> expected = {
      "NULL|1|NULL|NULL|NULL", "x|1|x|1|100", "x|1|x|1|101",
      "x|2|NULL|NULL|NULL",    "|0||0|103",   std::string("x\0y|1|NULL|NULL|NULL", 20)};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(RunSorted(op.get(), 3), expected);
}

// Float keys follow SQL equality: -0.0 = 0.0 and NaN = NaN (PostgreSQL).
TEST(HashJoinOperatorTest, FloatKeys) {
  SchemaPtr s = MakeSchema({{"f", LogicalType::Float64()}});
  std::vector<Row> left = {{Value::Float64(-0.0)}, {Value::Float64(NAN)}, {Value::Float64(1.5)}};
  std::vector<Row> right = {{Value::Float64(0.0)}, {Value::Float64(NAN)}, {Value::Float64(2.5)}};
  auto op = std::make_unique<HashJoinOperator>(
      JoinSchema(*s, *s, LogicalJoinType::kInner), std::make_unique<RowsOperator>(s, left, 8),
      std::make_unique<RowsOperator>(s, right, 8), LogicalJoinType::kInner,
      std::vector<BoundExprPtr>{Col(0, LogicalType::Float64())},
      std::vector<BoundExprPtr>{Col(0, LogicalType::Float64())}, nullptr);
  EXPECT_EQ(RunSorted(op.get(), 8), (std::vector<std::string>{"-0|0", "NaN|NaN"}));
}

// Keys may be expressions: ON l.k + 1 = r.k.
TEST(HashJoinOperatorTest, ExpressionKeys) {
  BoundExprPtr plus_one =
      Call("+", {Col(0, LogicalType::Int64(), "k"), BoundExpr::Constant(Value::Int64(1))});
  auto op = std::make_unique<HashJoinOperator>(
      JoinSchema(*LeftSchema(), *RightSchema(), LogicalJoinType::kInner),
      std::make_unique<RowsOperator>(LeftSchema(), LeftRows(), 3),
      std::make_unique<RowsOperator>(RightSchema(), RightRows(), 3), LogicalJoinType::kInner,
      std::vector<BoundExprPtr>{plus_one}, std::vector<BoundExprPtr>{Col(0, LogicalType::Int64())},
      nullptr);
  auto expected = ReferenceJoin(
      LeftRows(), RightRows(), 2, 2, LogicalJoinType::kInner, [](const Row& l, const Row& r) {
        return !l[0].is_null() && !r[0].is_null() && l[0].GetInt64() + 1 == r[0].GetInt64();
      });
  EXPECT_EQ(RunSorted(op.get(), 2), expected);
}

TEST(HashJoinOperatorTest, DetailsShowKeysAndResidual) {
  PhysicalOperatorPtr op = MakeJoin(Plan::kHashResidual, LogicalJoinType::kLeft, {}, {}, 1);
  EXPECT_EQ(op->name(), "HashJoin");
  EXPECT_EQ(op->details(), "Left, keys=[(k = k)], residual=(rv <> 20)");
  PhysicalOperatorPtr nl = MakeJoin(Plan::kNestedLoop, LogicalJoinType::kFull, {}, {}, 1);
  EXPECT_EQ(nl->details(), "Full, on=(k = k)");
}

TEST(HashJoinOperatorTest, BuildSideRespectsMemoryLimit) {
  std::vector<Row> right;
  for (int i = 0; i < 1000; ++i) right.push_back(R(i, i));
  PhysicalOperatorPtr op = MakeJoin(Plan::kHash, LogicalJoinType::kInner, LeftRows(), right, 100);
  Status st;
  RunSorted(op.get(), 1024, /*memory_limit=*/4096, &st);
  EXPECT_EQ(st.code(), ErrorCode::kOutOfMemory) << st.ToString();
  EXPECT_NE(st.message().find("join build side"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace copra
