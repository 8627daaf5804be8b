#include "cli/result_format.h"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>

#include "common/error_code.h"
#include "vector/column_builder.h"

namespace copra {
namespace {

SchemaPtr ThreeColumnSchema() {
  return std::make_shared<const Schema>(std::vector<Field>{
      {"n", LogicalType::Int64()}, {"s", LogicalType::String()}, {"x", LogicalType::Float64()}});
}

BatchPtr MakeBatch(const SchemaPtr& schema) {
  ColumnBuilder ints(LogicalType::Int64());
  ColumnBuilder strings(LogicalType::String());
  ColumnBuilder doubles(LogicalType::Float64());
  ints.Append<int64_t>(1);
  EXPECT_TRUE(strings.AppendString("a,\"b\"").ok());
  doubles.Append<double>(0.1);
  ints.AppendNull();
  EXPECT_TRUE(strings.AppendString("").ok());
  doubles.Append<double>(std::numeric_limits<double>::quiet_NaN());
  ints.Append<int64_t>(-7);
  strings.AppendNull();
  doubles.AppendNull();
  return Batch::Make(schema, {ints.Finish(), strings.Finish(), doubles.Finish()}, 3);
}

TEST(ResultFormatTest, ParsesNames) {
  EXPECT_EQ(ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_EQ(ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_FALSE(ParseOutputFormat("JSON").has_value());
}

TEST(ResultFormatTest, CsvQuotesOnlyWhereNeededAndKeepsNullApartFromEmpty) {
  const SchemaPtr schema = ThreeColumnSchema();
  std::ostringstream out;
  CsvPrinter printer(out, schema);
  printer.AddBatch(*MakeBatch(schema));
  printer.Finish();
  EXPECT_EQ(out.str(), "n,s,x\n1,\"a,\"\"b\"\"\",0.1\n,\"\",NaN\n-7,,\n");
  EXPECT_EQ(printer.rows(), 3);
}

TEST(ResultFormatTest, JsonWritesOneLinePerStatement) {
  const SchemaPtr schema = ThreeColumnSchema();
  std::ostringstream out;
  JsonPrinter printer(out, schema);
  printer.AddBatch(*MakeBatch(schema));
  printer.Finish(1.5);
  EXPECT_EQ(out.str(),
            "{\"columns\":[{\"name\":\"n\",\"type\":\"BIGINT\"},{\"name\":\"s\",\"type\":"
            "\"STRING\"},{\"name\":\"x\",\"type\":\"DOUBLE\"}],\"rows\":[[1,\"a,\\\"b\\\"\",0.1],"
            "[null,\"\",\"NaN\"],[-7,null,null]],\"ms\":1.500}\n");
}

TEST(ResultFormatTest, JsonEscapesStringsAndPrintsShortestDoubles) {
  const SchemaPtr schema = std::make_shared<const Schema>(
      std::vector<Field>{Field{"s", LogicalType::String()}, Field{"x", LogicalType::Float64()}});
  auto s = Column::FromValues(
      LogicalType::String(),
      {Value::String("tab\there \\ \"q\" \x01 \x7f end"), Value::String("h\xc3\xa9llo\n")});
  auto x = Column::FromValues(LogicalType::Float64(), {Value::Float64(1e21), Value::Float64(-0.1)});
  ASSERT_TRUE(s.ok() && x.ok());
  std::ostringstream out;
  JsonPrinter printer(out, schema);
  printer.AddBatch(*Batch::Make(schema, {*s, *x}, 2));
  printer.Finish(0);
  EXPECT_NE(out.str().find("\"rows\":[[\"tab\\there \\\\ \\\"q\\\" \\u0001 \\u007f "
                           "end\",1e+21],[\"h\xc3\xa9llo\\n\",-0.1]]"),
            std::string::npos)
      << out.str();
}

TEST(ResultFormatTest, JsonCommandsAndErrors) {
  std::ostringstream out;
  JsonPrinter::PrintCommand(out, "INSERT 0 2", 2, 0.25);
  JsonPrinter::PrintError(out, Status::SyntaxError("bad \"x\"", SourcePosition{}));
  EXPECT_EQ(out.str(),
            "{\"tag\":\"INSERT 0 2\",\"rows_affected\":2,\"ms\":0.250}\n"
            "{\"error\":\"bad \\\"x\\\"\",\"sqlstate\":\"42601\"}\n");
}

}  // namespace
}  // namespace copra
