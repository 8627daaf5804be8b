#include "storage/stats_pruning.h"

#include <gtest/gtest.h>

#include "function/scalar_function.h"

namespace copra::storage {
namespace {

class StatsPruningTest : public ::testing::Test {
 protected:
  StatsPruningTest() {
    for (const char* op : {"=", "<>", "<", "<=", ">", ">="}) {
      ScalarFunction f;
      f.name = op;
      ops_[op] = f;
    }
    // Column 0: BIGINT in [10, 20], one NULL of 100 rows. Column 1: DOUBLE.
    // Column 2: STRING in ['b', 'd'], all valid.
    ranges_[0] = {Value::Int64(10), Value::Int64(20), 1, 100};
    ranges_[1] = {Value::Float64(1), Value::Float64(2), 0, 100};
    ranges_[2] = {Value::String("b"), Value::String("d"), 0, 100};
  }
  BoundExprPtr Cmp(const std::string& op, int col, Value v, bool constant_first = false) {
    LogicalType t = ranges_[col].min->type();
    auto c = BoundExpr::ColumnRef(col, t, "c" + std::to_string(col));
    auto k = BoundExpr::Constant(std::move(v));
    return constant_first ? BoundExpr::Function(&ops_[op], {k, c})
                          : BoundExpr::Function(&ops_[op], {c, k});
  }
  bool May(const BoundExprPtr& e) {
    return MayMatch(*e, [this](int col) -> const ColumnRange* {
      auto it = ranges_.find(col);
      return it == ranges_.end() ? nullptr : &it->second;
    });
  }
  std::map<std::string, ScalarFunction> ops_;
  std::map<int, ColumnRange> ranges_;
};

TEST_F(StatsPruningTest, ComparisonsAgainstMinMax) {
  EXPECT_TRUE(May(Cmp("=", 0, Value::Int64(15))));
  EXPECT_FALSE(May(Cmp("=", 0, Value::Int64(25))));
  EXPECT_FALSE(May(Cmp(">", 0, Value::Int64(20))));
  EXPECT_TRUE(May(Cmp(">=", 0, Value::Int64(20))));
  EXPECT_FALSE(May(Cmp("<", 0, Value::Int64(10))));
  EXPECT_FALSE(May(Cmp("<", 0, Value::Int32(10))));  // other integer width
  EXPECT_FALSE(May(Cmp(">", 0, Value::Int64(20), /*constant_first=*/false)));
  EXPECT_FALSE(May(Cmp("<", 0, Value::Int64(20), /*constant_first=*/true)));  // 20 < c
  EXPECT_TRUE(May(Cmp(">", 0, Value::Int64(20), /*constant_first=*/true)));   // 20 > c
  EXPECT_FALSE(May(Cmp("=", 2, Value::String("a"))));
  EXPECT_TRUE(May(Cmp("=", 2, Value::String("c"))));
  EXPECT_FALSE(May(Cmp("=", 0, Value::Null(LogicalType::Int64()))));  // never TRUE
}

TEST_F(StatsPruningTest, FloatsAreNeverPrunedByValue) {
  EXPECT_TRUE(May(Cmp(">", 1, Value::Float64(5))));  // NaN may hide above max
}

TEST_F(StatsPruningTest, AndOrIsNull) {
  EXPECT_FALSE(
      May(BoundExpr::And({Cmp("=", 0, Value::Int64(15)), Cmp("=", 2, Value::String("z"))})));
  EXPECT_TRUE(May(BoundExpr::Or({Cmp("=", 0, Value::Int64(99)), Cmp("=", 2, Value::String("c"))})));
  EXPECT_FALSE(
      May(BoundExpr::Or({Cmp("=", 0, Value::Int64(99)), Cmp("=", 2, Value::String("z"))})));
  auto c0 = BoundExpr::ColumnRef(0, LogicalType::Int64(), "c0");
  auto c2 = BoundExpr::ColumnRef(2, LogicalType::String(), "c2");
  EXPECT_TRUE(May(BoundExpr::IsNull(c0, false)));
  EXPECT_FALSE(May(BoundExpr::IsNull(c2, false)));
  EXPECT_TRUE(May(BoundExpr::IsNull(c2, true)));
  // Unknown columns and unknown shapes may always match.
  EXPECT_TRUE(May(BoundExpr::IsNull(BoundExpr::ColumnRef(7, LogicalType::Int64(), "x"), false)));
  EXPECT_TRUE(May(BoundExpr::Not(Cmp("=", 0, Value::Int64(15)))));
}

TEST_F(StatsPruningTest, MustMatchOnlyWhenEveryRowPasses) {
  auto must = [this](const BoundExprPtr& e) {
    return MustMatch(*e, [this](int col) -> const ColumnRange* {
      auto it = ranges_.find(col);
      return it == ranges_.end() ? nullptr : &it->second;
    });
  };
  // Column 2: STRING in ['b', 'd'], no NULLs.
  EXPECT_TRUE(must(Cmp(">=", 2, Value::String("b"))));
  EXPECT_TRUE(must(Cmp("<", 2, Value::String("e"))));
  EXPECT_FALSE(must(Cmp("<", 2, Value::String("d"))));
  EXPECT_TRUE(must(Cmp("<>", 2, Value::String("a"))));
  EXPECT_FALSE(must(Cmp("=", 2, Value::String("c"))));
  EXPECT_TRUE(must(Cmp("<", 2, Value::String("a"), /*constant_first=*/true)));  // 'a' < c2
  // Column 0 holds a NULL: no comparison is TRUE for every row.
  EXPECT_FALSE(must(Cmp(">=", 0, Value::Int64(0))));
  // Floats never (NaN), unknown columns never.
  EXPECT_FALSE(must(Cmp("<", 1, Value::Float64(100))));
  EXPECT_FALSE(must(BoundExpr::IsNull(BoundExpr::ColumnRef(7, LogicalType::Int64(), "x"), true)));
  auto c2 = BoundExpr::ColumnRef(2, LogicalType::String(), "c2");
  EXPECT_TRUE(must(BoundExpr::IsNull(c2, true)));
  EXPECT_TRUE(must(BoundExpr::And({Cmp(">", 2, Value::String("a")), BoundExpr::IsNull(c2, true)})));
  EXPECT_TRUE(
      must(BoundExpr::Or({Cmp("=", 0, Value::Int64(15)), Cmp(">", 2, Value::String("a"))})));
  EXPECT_FALSE(must(BoundExpr::Not(Cmp("=", 2, Value::String("z")))));
}

}  // namespace
}  // namespace copra::storage
