#include "cli/table_printer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "vector/column_builder.h"

namespace copra {
namespace {

SchemaPtr TwoColumnSchema() {
  return std::make_shared<const Schema>(
      std::vector<Field>{{"two", LogicalType::Int64()}, {"name", LogicalType::String()}});
}

// A batch of (int64, string) rows; std::nullopt is NULL.
BatchPtr MakeBatch(
    const SchemaPtr& schema,
    const std::vector<std::pair<std::optional<int64_t>, std::optional<std::string>>>& rows) {
  ColumnBuilder ints(LogicalType::Int64());
  ColumnBuilder strings(LogicalType::String());
  for (const auto& [i, s] : rows) {
    if (i) {
      ints.Append<int64_t>(*i);
    } else {
      ints.AppendNull();
    }
    if (s) {
      EXPECT_TRUE(strings.AppendString(*s).ok());
    } else {
      strings.AppendNull();
    }
  }
  return Batch::Make(schema, {ints.Finish(), strings.Finish()}, static_cast<int64_t>(rows.size()));
}

std::string Print(const SchemaPtr& schema, const std::vector<BatchPtr>& batches,
                  TablePrinterOptions options = {}) {
  std::ostringstream out;
  TablePrinter printer(out, schema, options);
  for (const BatchPtr& batch : batches) printer.AddBatch(*batch);
  printer.Finish();
  return out.str();
}

TEST(TablePrinterTest, AlignsNumbersRightAndTextLeft) {
  const SchemaPtr schema = TwoColumnSchema();
  EXPECT_EQ(Print(schema, {MakeBatch(schema, {{2, "hello"}, {12345, "x"}})}),
            "+-------+-------+\n"
            "| two   | name  |\n"
            "+-------+-------+\n"
            "|     2 | hello |\n"
            "| 12345 | x     |\n"
            "+-------+-------+\n"
            "(2 rows)\n");
}

TEST(TablePrinterTest, NullsAndSingleRowFooter) {
  const SchemaPtr schema = TwoColumnSchema();
  EXPECT_EQ(Print(schema, {MakeBatch(schema, {{std::nullopt, std::nullopt}})}),
            "+------+------+\n"
            "| two  | name |\n"
            "+------+------+\n"
            "| NULL | NULL |\n"
            "+------+------+\n"
            "(1 row)\n");
}

TEST(TablePrinterTest, EmptyResultPrintsHeader) {
  const SchemaPtr schema = TwoColumnSchema();
  EXPECT_EQ(Print(schema, {}),
            "+-----+------+\n"
            "| two | name |\n"
            "+-----+------+\n"
            "+-----+------+\n"
            "(0 rows)\n");
}

TEST(TablePrinterTest, WidthsSpanBatches) {
  const SchemaPtr schema = TwoColumnSchema();
  EXPECT_EQ(Print(schema, {MakeBatch(schema, {{1, "a"}}), MakeBatch(schema, {{2, "longer"}})}),
            "+-----+--------+\n"
            "| two | name   |\n"
            "+-----+--------+\n"
            "|   1 | a      |\n"
            "|   2 | longer |\n"
            "+-----+--------+\n"
            "(2 rows)\n");
}

TEST(TablePrinterTest, StreamsAfterBufferLimit) {
  const SchemaPtr schema = TwoColumnSchema();
  TablePrinterOptions options;
  options.max_buffered_rows = 2;
  // Widths come from the first two rows; the third row overflows its cell.
  EXPECT_EQ(Print(schema, {MakeBatch(schema, {{1, "a"}, {2, "bb"}, {3, "cccc"}})}, options),
            "+-----+------+\n"
            "| two | name |\n"
            "+-----+------+\n"
            "|   1 | a    |\n"
            "|   2 | bb   |\n"
            "|   3 | cccc |\n"
            "+-----+------+\n"
            "(3 rows)\n");
  EXPECT_EQ(
      Print(schema, {MakeBatch(schema, {{1, "a"}, {2, "b"}}), MakeBatch(schema, {{3, "cccccc"}})},
            options),
      "+-----+------+\n"
      "| two | name |\n"
      "+-----+------+\n"
      "|   1 | a    |\n"
      "|   2 | b    |\n"
      "|   3 | cccccc |\n"
      "+-----+------+\n"
      "(3 rows)\n");
}

TEST(TablePrinterTest, EscapesControlCharacters) {
  const SchemaPtr schema = TwoColumnSchema();
  EXPECT_EQ(Print(schema, {MakeBatch(schema, {{1, "a\nb\tc\x01"}})}),
            "+-----+-------------+\n"
            "| two | name        |\n"
            "+-----+-------------+\n"
            "|   1 | a\\nb\\tc\\x01 |\n"
            "+-----+-------------+\n"
            "(1 row)\n");
}

TEST(TablePrinterTest, TruncatesWideValuesWhenAsked) {
  const SchemaPtr schema = TwoColumnSchema();
  TablePrinterOptions options;
  options.max_value_width = 8;
  EXPECT_EQ(Print(schema, {MakeBatch(schema, {{1, "abcdefghijkl"}})}, options),
            "+-----+----------+\n"
            "| two | name     |\n"
            "+-----+----------+\n"
            "|   1 | abcdefg\u2026 |\n"
            "+-----+----------+\n"
            "(1 row)\n");
}

TEST(TablePrinterTest, WideCharactersCountTwoColumns) {
  const SchemaPtr schema = TwoColumnSchema();
  EXPECT_EQ(Print(schema, {MakeBatch(schema, {{1, "日本"}, {2, "abcde"}})}),
            "+-----+-------+\n"
            "| two | name  |\n"
            "+-----+-------+\n"
            "|   1 | 日本  |\n"
            "|   2 | abcde |\n"
            "+-----+-------+\n"
            "(2 rows)\n");
}

TEST(TablePrinterTest, DisplayWidthAndFormatCell) {
  EXPECT_EQ(TablePrinter::DisplayWidth("abc"), 3);
  EXPECT_EQ(TablePrinter::DisplayWidth("日本"), 4);
  EXPECT_EQ(TablePrinter::DisplayWidth("e\u0301"), 1);  // e + combining acute
  EXPECT_EQ(TablePrinter::DisplayWidth("\xff"), 1);     // invalid byte
  EXPECT_EQ(TablePrinter::FormatCell("\xff", 0), "\\xff");
  EXPECT_EQ(TablePrinter::FormatCell("abc", 3), "abc");
  EXPECT_EQ(TablePrinter::FormatCell("abcd", 3), "ab\u2026");
  EXPECT_EQ(TablePrinter::FormatCell("日本語", 4), "日\u2026");
  EXPECT_EQ(RowCountFooter(0), "(0 rows)");
  EXPECT_EQ(RowCountFooter(1), "(1 row)");
}

}  // namespace
}  // namespace copra
