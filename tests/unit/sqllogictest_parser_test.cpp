// Tests for the sqllogictest file parser and result comparison
// (tests/sqllogictest/slt_parser.h, slt_result.h).
#include <gtest/gtest.h>

#include "slt_parser.h"
#include "slt_result.h"

namespace copra::slt {
namespace {

std::vector<Record> ParseOk(std::string_view text) {
  auto records = ParseSlt(text);
  EXPECT_TRUE(records.ok()) << records.status().ToString();
  return records.ok() ? *records : std::vector<Record>{};
}

// Line of the parse error in `text`, or -1 if it parsed.
int ErrorLine(std::string_view text) {
  auto records = ParseSlt(text);
  return records.ok() ? -1 : records.status().position().line;
}

TEST(SltParserTest, StatementOkAndError) {
  const auto records = ParseOk(
      "# a comment\n"
      "statement ok\n"
      "CREATE TABLE t (a BIGINT,\n"
      "  b STRING)\n"
      "\n"
      "statement error\n"
      "SELEC 1\n"
      "\n"
      "statement error does not exist\n"
      "SELECT x\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].kind, Record::Kind::kStatement);
  EXPECT_FALSE(records[0].expect_error);
  EXPECT_EQ(records[0].line, 2);
  EXPECT_EQ(records[0].sql_line, 3);
  EXPECT_EQ(records[0].sql, "CREATE TABLE t (a BIGINT,\n  b STRING)");
  EXPECT_TRUE(records[1].expect_error);
  EXPECT_EQ(records[1].expected_error, "");
  EXPECT_EQ(records[1].line, 6);
  EXPECT_EQ(records[2].expected_error, "does not exist");
  EXPECT_EQ(records[2].sql, "SELECT x");
}

TEST(SltParserTest, StatementErrorAfterSeparator) {
  const auto records = ParseOk(
      "statement error\n"
      "SELECT 1 +\n"
      "----\n"
      "syntax error\n"
      "at end\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].sql, "SELECT 1 +");
  EXPECT_EQ(records[0].expected_error, "syntax error\nat end");
}

TEST(SltParserTest, Query) {
  const auto records = ParseOk(
      "query IT rowsort my_label\r\n"
      "SELECT 1, 'a'\r\n"
      "UNION ALL SELECT 2, 'b'\r\n"
      "----\r\n"
      "1\ta\r\n"
      "2\tb   \r\n"
      "\r\n"
      "query R\n"
      "SELECT 0.5\n"
      "----\n"
      "0.5\n");
  ASSERT_EQ(records.size(), 2u);
  const Record& q = records[0];
  EXPECT_EQ(q.kind, Record::Kind::kQuery);
  EXPECT_EQ(q.types, "IT");
  EXPECT_EQ(q.sort_mode, SortMode::kRowSort);
  EXPECT_EQ(q.label, "my_label");
  EXPECT_EQ(q.sql, "SELECT 1, 'a'\nUNION ALL SELECT 2, 'b'");
  EXPECT_EQ(q.expected_lines, (std::vector<std::string>{"1\ta", "2\tb"}));
  EXPECT_EQ(q.expected_line, 5);
  EXPECT_EQ(records[1].sort_mode, SortMode::kNoSort);
  EXPECT_EQ(records[1].expected_lines, (std::vector<std::string>{"0.5"}));
  EXPECT_EQ(records[1].line, 8);
}

TEST(SltParserTest, QueryWithoutResults) {
  const auto records = ParseOk(
      "query I nosort\n"
      "SELECT 1 WHERE false\n"
      "----\n"
      "\n"
      "query I valuesort\n"
      "SELECT 1 WHERE false\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].expected_lines.empty());
  EXPECT_EQ(records[0].expected_line, 4);
  EXPECT_EQ(records[1].sort_mode, SortMode::kValueSort);
  EXPECT_EQ(records[1].expected_line, 0);
}

TEST(SltParserTest, ConditionsAndControlRecords) {
  const auto records = ParseOk(
      "hash-threshold 8\n"
      "\n"
      "skipif copra\n"
      "statement ok\n"
      "SELECT 1\n"
      "\n"
      "onlyif postgresql\n"
      "onlyif copra\n"
      "statement ok\n"
      "SELECT 2\n"
      "\n"
      "onlyif copra\n"
      "query I\n"
      "SELECT 3\n"
      "----\n"
      "3\n"
      "\n"
      "mode skip\n"
      "require python\n"
      "halt\n");
  ASSERT_EQ(records.size(), 6u);
  EXPECT_FALSE(records[0].AppliesTo("copra"));
  EXPECT_TRUE(records[0].AppliesTo("sqlite"));
  EXPECT_FALSE(records[1].AppliesTo("copra"));
  EXPECT_TRUE(records[2].AppliesTo("copra"));
  EXPECT_FALSE(records[2].AppliesTo("duckdb"));
  EXPECT_EQ(records[3].kind, Record::Kind::kMode);
  EXPECT_EQ(records[3].argument, "skip");
  EXPECT_EQ(records[4].kind, Record::Kind::kRequire);
  EXPECT_EQ(records[4].argument, "python");
  EXPECT_EQ(records[5].kind, Record::Kind::kHalt);
  EXPECT_TRUE(records[5].AppliesTo("copra"));
}

TEST(SltParserTest, Errors) {
  EXPECT_EQ(ErrorLine("statement ok\n"), 1);                 // no SQL
  EXPECT_EQ(ErrorLine("\nstatement maybe\nSELECT 1\n"), 2);  // bad verb
  EXPECT_EQ(ErrorLine("statement ok extra\nSELECT 1\n"), 1);
  EXPECT_EQ(ErrorLine("statement ok\nSELECT 1\n----\nx\n"), 3);
  EXPECT_EQ(ErrorLine("query\nSELECT 1\n"), 1);           // no types
  EXPECT_EQ(ErrorLine("query IX\nSELECT 1\n"), 1);        // bad type
  EXPECT_EQ(ErrorLine("query I sorted\nSELECT 1\n"), 1);  // bad sort
  EXPECT_EQ(ErrorLine("statement ok\nSELECT 1\n\nloop i 0 10\n"), 4);
  EXPECT_EQ(ErrorLine("statement ok\nSELECT 1\n\nskipif copra\n"), 4);
  EXPECT_EQ(ErrorLine("statement error boom\nSELECT 1\n----\nboom\n"), 3);
}

TEST(SltResultTest, SplitExpectedRows) {
  using Rows = std::vector<Row>;
  EXPECT_EQ(SplitExpectedRows({"hello world"}, 1), (Rows{{"hello world"}}));
  EXPECT_EQ(SplitExpectedRows({"a b\t1", "c\t2"}, 2), (Rows{{"a b", "1"}, {"c", "2"}}));
  EXPECT_EQ(SplitExpectedRows({"1   a", "2 b"}, 2), (Rows{{"1", "a"}, {"2", "b"}}));
  // SQLite's one value per line.
  EXPECT_EQ(SplitExpectedRows({"1", "a", "2", "b"}, 2), (Rows{{"1", "a"}, {"2", "b"}}));
  // Ambiguous: left as split, so the comparison reports the mismatch.
  EXPECT_EQ(SplitExpectedRows({"1 a b"}, 2), (Rows{{"1", "a", "b"}}));
  EXPECT_EQ(SplitExpectedRows({"\t"}, 2), (Rows{{"", ""}}));
}

TEST(SltResultTest, SortModes) {
  std::vector<Row> rows = {{"2", "b"}, {"1", "z"}, {"10", "a"}};
  std::vector<Row> sorted = rows;
  ApplySortMode(SortMode::kRowSort, &sorted);
  EXPECT_EQ(sorted, (std::vector<Row>{{"1", "z"}, {"10", "a"}, {"2", "b"}}));
  std::vector<Row> values = rows;
  ApplySortMode(SortMode::kValueSort, &values);
  EXPECT_EQ(values, (std::vector<Row>{{"1"}, {"10"}, {"2"}, {"a"}, {"b"}, {"z"}}));
  std::vector<Row> unsorted = rows;
  ApplySortMode(SortMode::kNoSort, &unsorted);
  EXPECT_EQ(unsorted, rows);
}

TEST(SltResultTest, Compare) {
  EXPECT_EQ(CompareResults("IT", SortMode::kNoSort, {{"1", "a"}}, {{"1", "a"}}), "");
  EXPECT_NE(CompareResults("IT", SortMode::kNoSort, {{"1", "a"}}, {{"1", "b"}}), "");
  EXPECT_NE(CompareResults("I", SortMode::kNoSort, {{"1"}}, {}), "");
  EXPECT_EQ(CompareResults("I", SortMode::kRowSort, {{"1"}, {"2"}}, {{"2"}, {"1"}}), "");
  EXPECT_NE(CompareResults("I", SortMode::kNoSort, {{"1"}, {"2"}}, {{"2"}, {"1"}}), "");
  // Floats compare with a tolerance; other types exactly.
  EXPECT_EQ(CompareResults("R", SortMode::kNoSort, {{"0.3"}}, {{"0.30000000000000004"}}), "");
  EXPECT_NE(CompareResults("T", SortMode::kNoSort, {{"0.3"}}, {{"0.30000000000000004"}}), "");
  EXPECT_NE(CompareResults("R", SortMode::kNoSort, {{"0.3"}}, {{"0.31"}}), "");
  EXPECT_EQ(CompareResults("R", SortMode::kNoSort, {{"NaN"}}, {{"NaN"}}), "");
  const std::string message = CompareResults("IT", SortMode::kNoSort, {{"1", "a"}}, {{"1", "b"}});
  EXPECT_NE(message.find("row 1, column 2: expected 'a', got 'b'"), std::string::npos) << message;
  EXPECT_NE(message.find("-- actual:\n1\tb\n"), std::string::npos) << message;
}

TEST(SltResultTest, MultilineValuesBecomeLines) {
  using Rows = std::vector<Row>;
  const Rows explain = {{"logical_plan", "Projection: a\n  TableScan: t "},
                        {"physical_plan", "TableScan: t"}};
  EXPECT_TRUE(HasMultilineValue(explain));
  EXPECT_FALSE(HasMultilineValue({{"a", "b"}}));
  EXPECT_EQ(
      ResultLines(explain),
      (Rows{{"logical_plan\tProjection: a"}, {"  TableScan: t"}, {"physical_plan\tTableScan: t"}}));
}

}  // namespace
}  // namespace copra::slt
