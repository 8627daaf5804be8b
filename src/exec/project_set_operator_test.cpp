// ProjectSet: lockstep expansion, NULL padding, empty calls, and output
// batches of at most batch_size rows whatever the input batching.
#include "exec/project_set_operator.h"

#include <gtest/gtest.h>

#include "exec/join_test_util.h"
#include "function/pg_record.h"

namespace copra {
namespace {

using namespace join_test;  // NOLINT: test helpers

SetFunctionCall Series(int start_column, int stop_column) {
  SetFunctionCall c;
  c.kind = SetFunctionKind::kGenerateSeries;
  c.args = {BoundExpr::ColumnRef(start_column, LogicalType::Int64(), "a"),
            BoundExpr::ColumnRef(stop_column, LogicalType::Int64(), "b")};
  c.type = LogicalType::Int64();
  c.name = "generate_series";
  return c;
}

PhysicalOperatorPtr Make(const std::vector<Row>& rows, std::vector<SetFunctionCall> calls,
                         int64_t input_batch) {
  SchemaPtr in = MakeSchema({{"a", LogicalType::Int64()}, {"b", LogicalType::Int64()}});
  std::vector<Field> fields = in->fields();
  for (const SetFunctionCall& c : calls) fields.push_back(Field{c.name, c.type});
  return std::make_unique<ProjectSetOperator>(MakeSchema(std::move(fields)),
                                              std::make_unique<RowsOperator>(in, rows, input_batch),
                                              std::move(calls));
}

Row Pair(int64_t a, std::optional<int64_t> b) {
  return {Value::Int64(a), b ? Value::Int64(*b) : Value::Null(LogicalType::Int64())};
}

TEST(ProjectSetOperatorTest, ExpandsRowsInLockstepWithNullPadding) {
  // generate_series(1, b) and generate_series(1, 2) for b = 3, 0, NULL, 1.
  std::vector<Row> rows = {Pair(1, 3), Pair(1, 0), Pair(1, std::nullopt), Pair(1, 1)};
  std::vector<std::string> want = {
      "1|0|NULL|1",  // b = 0: the first call is empty, the second is not
      "1|0|NULL|2",    "1|1|1|1", "1|1|NULL|2", "1|3|1|1", "1|3|2|2", "1|3|3|NULL",
      "1|NULL|NULL|1",  // b = NULL: no rows from the first call
      "1|NULL|NULL|2"};
  std::sort(want.begin(), want.end());
  for (int64_t batch : {1, 2, 3, 100}) {
    for (int64_t input : {1, 3, 10}) {
      SetFunctionCall fixed = Series(0, 0);
      fixed.args[1] = BoundExpr::Constant(Value::Int64(2));
      PhysicalOperatorPtr op = Make(rows, {Series(0, 1), fixed}, input);
      EXPECT_EQ(RunSorted(op.get(), batch), want) << batch << " " << input;
    }
  }
}

TEST(ProjectSetOperatorTest, RowsWithOnlyEmptyCallsDisappear) {
  std::vector<Row> rows = {Pair(5, 1), Pair(1, 2), Pair(3, 1)};
  PhysicalOperatorPtr op = Make(rows, {Series(0, 1)}, 2);
  EXPECT_EQ(RunSorted(op.get(), 1), (std::vector<std::string>{"1|2|1", "1|2|2"}));
  EXPECT_TRUE(RunSorted(Make({}, {Series(0, 1)}, 2).get(), 4).empty());
}

TEST(ProjectSetOperatorTest, ExpandArrayGivesRecords) {
  auto rows = EvaluateSetFunction(SetFunctionKind::kExpandArray, {Value::String("2 3 1")});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3);
  EXPECT_EQ(rows->At(0).ToString(), "(2,1)");
  EXPECT_EQ(rows->At(2).ToString(), "(1,3)");
  auto fields = ParsePgRecord("(\"a,b\",,\"q\"\"x\")");
  ASSERT_TRUE(fields.ok()) << fields.status().ToString();
  std::vector<PgArrayElement> want{"a,b", std::nullopt, "q\"x"};
  EXPECT_EQ(*fields, want);
  EXPECT_EQ(FormatPgRecord(want), "(\"a,b\",,\"q\"\"x\")");
  EXPECT_FALSE(ParsePgRecord("(1,2").ok());
  EXPECT_FALSE(ParsePgRecord("1,2)").ok());
  auto series = EvaluateSetFunction(
      SetFunctionKind::kGenerateSeries,
      {Value::Int64(INT64_MIN), Value::Int64(INT64_MAX), Value::Int64(INT64_MAX)});
  ASSERT_TRUE(series.ok());
  EXPECT_EQ(series->size(), 3);  // no overflow in the count...
  EXPECT_EQ(series->At(2).ToString(), std::to_string(INT64_MAX - 1));  // ...nor the values
  EXPECT_FALSE(EvaluateSetFunction(SetFunctionKind::kGenerateSeries,
                                   {Value::Int64(1), Value::Int64(2), Value::Int64(0)})
                   .ok());
}

}  // namespace
}  // namespace copra
