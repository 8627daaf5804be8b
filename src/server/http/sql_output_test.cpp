// The JSON and CSV shapes of /v1/sql results.
#include "server/http/sql_output.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "vector/column_builder.h"

namespace copra {
namespace {

std::unique_ptr<QueryResult> TwoRows() {
  auto schema = std::make_shared<const Schema>(
      std::vector<Field>{{"ts", LogicalType::Timestamp(TimeUnit::kMillisecond)},
                         {"host", LogicalType::String()},
                         {"v", LogicalType::Float64()}});
  ColumnBuilder ts(schema->field(0).type), host(LogicalType::String()), v(LogicalType::Float64());
  EXPECT_TRUE(ts.AppendValue(Value::Timestamp(1000, TimeUnit::kMillisecond)).ok());
  EXPECT_TRUE(ts.AppendValue(Value::Timestamp(2000, TimeUnit::kMillisecond)).ok());
  EXPECT_TRUE(host.AppendString("a").ok());
  EXPECT_TRUE(host.AppendString("b,\"c\"").ok());
  EXPECT_TRUE(v.AppendValue(Value::Float64(1.5)).ok());
  v.AppendNull();
  std::vector<BatchPtr> batches{Batch::Make(schema, {ts.Finish(), host.Finish(), v.Finish()}, 2)};
  return QueryResult::Materialized(schema, std::move(batches));
}

TEST(SqlJsonOutputTest, GreptimeShape) {
  SqlJsonOutput out;
  auto rows = TwoRows();
  ASSERT_TRUE(out.Add(*rows).ok());
  auto cmd = QueryResult::Command("INSERT 0 3", 3);
  ASSERT_TRUE(out.Add(*cmd).ok());
  std::string body = out.Finish(7);
  EXPECT_EQ(
      body,
      R"({"code":0,"output":[{"records":{"schema":{"column_schemas":[)"
      R"({"name":"ts","data_type":"TimestampMillisecond"},{"name":"host","data_type":"String"},)"
      R"({"name":"v","data_type":"Float64"}]},"rows":[[1000,"a",1.5],[2000,"b,\"c\"",null]],)"
      R"("total_rows":2}},{"affectedrows":3}],"execution_time_ms":7})");
  EXPECT_NO_THROW((void)nlohmann::json::parse(body));
}

TEST(SqlJsonOutputTest, ErrorsCarryGreptimeCodes) {
  std::string body = SqlJsonOutput::Error(Status::SyntaxError("bad", SourcePosition{1, 5, 4}), 2);
  EXPECT_EQ(body, R"j({"code":2000,"error":"bad (at line 1, column 5)","execution_time_ms":2})j");
  EXPECT_EQ(GreptimeStatusCode(ErrorCode::kUndefinedTable), 4001);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUndefinedTable), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
  EXPECT_STREQ(GreptimeTypeName(LogicalType::UInt32()), "UInt32");
  EXPECT_STREQ(GreptimeTypeName(LogicalType::Timestamp(TimeUnit::kNanosecond)),
               "TimestampNanosecond");
}

TEST(SqlCsvOutputTest, QuotesAndNulls) {
  SqlCsvOutput out(true);
  auto rows = TwoRows();
  ASSERT_TRUE(out.Add(*rows).ok());
  EXPECT_EQ(out.body(), "ts,host,v\r\n1000,a,1.5\r\n2000,\"b,\"\"c\"\"\",\r\n");
}

}  // namespace
}  // namespace copra
