#include "cli/error_report.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

TEST(ErrorReportTest, WithoutPosition) {
  const Status st = Status::Error(ErrorCode::kDivisionByZero, "division by zero");
  EXPECT_EQ(FormatSqlError(st, "SELECT 1/0;"), "ERROR: division by zero (SQLSTATE 22012)\n");
}

TEST(ErrorReportTest, CaretUnderColumn) {
  const Status st = Status::SyntaxError("syntax error at or near \"FROM\"", {1, 8, 7});
  EXPECT_EQ(FormatSqlError(st, "SELECT FROM t;\n"),
            "ERROR: syntax error at or near \"FROM\" (SQLSTATE 42601)\n"
            "LINE 1: SELECT FROM t;\n"
            "               ^\n");
}

TEST(ErrorReportTest, LaterLineAndRenumbering) {
  const Status st = Status::SyntaxError("bad", {2, 3, -1});
  const std::string sql = "SELECT 1,\n  ?? FROM t;\n";
  EXPECT_EQ(FormatSqlError(st, sql),
            "ERROR: bad (SQLSTATE 42601)\n"
            "LINE 2:   ?? FROM t;\n"
            "          ^\n");
  // Script lines 10..11: the error is on line 11 of the input.
  EXPECT_EQ(FormatSqlError(st, sql, 10),
            "ERROR: bad (SQLSTATE 42601)\n"
            "LINE 11:   ?? FROM t;\n"
            "           ^\n");
}

TEST(ErrorReportTest, OffsetOnly) {
  SourcePosition pos;
  pos.offset = 12;  // the 'x' on line 2
  const Status st = Status::Error(ErrorCode::kUndefinedColumn, "column \"x\" does not exist", pos);
  EXPECT_EQ(FormatSqlError(st, "SELECT 1,\n  x;"),
            "ERROR: column \"x\" does not exist (SQLSTATE 42703)\n"
            "LINE 2:   x;\n"
            "          ^\n");
}

TEST(ErrorReportTest, TabsAndWideCharactersKeepCaretAligned) {
  // "\t'日本' ?": the caret goes under '?' (character 7, byte 11).
  const std::string expected =
      "ERROR: bad (SQLSTATE 42601)\n"
      "LINE 1: \t'日本' ?\n"
      "        \t       ^\n";
  EXPECT_EQ(FormatSqlError(Status::SyntaxError("bad", {1, 7, -1}), "\t'日本' ?"), expected);
  EXPECT_EQ(FormatSqlError(Status::SyntaxError("bad", {1, 7, 10}), "\t'日本' ?"), expected);
}

TEST(ErrorReportTest, OffsetWinsOverLineAndColumn) {
  // Column 99 is nonsense; the offset (byte 7) is used.
  const Status st = Status::SyntaxError("bad", {1, 99, 7});
  EXPECT_EQ(FormatSqlError(st, "SELECT ?"),
            "ERROR: bad (SQLSTATE 42601)\n"
            "LINE 1: SELECT ?\n"
            "               ^\n");
}

TEST(ErrorReportTest, PositionPastTextShowsMessageOnly) {
  const Status st = Status::SyntaxError("unexpected end", {5, 1, -1});
  EXPECT_EQ(FormatSqlError(st, "SELECT"), "ERROR: unexpected end (SQLSTATE 42601)\n");
}

TEST(ErrorReportTest, LongLineShowsWindow) {
  std::string sql(300, 'a');
  sql[250] = '?';
  const Status st = Status::SyntaxError("bad", {1, 251, -1});
  const std::string out = FormatSqlError(st, sql);
  const size_t line2 = out.find('\n') + 1;
  const size_t line3 = out.find('\n', line2) + 1;
  const std::string shown = out.substr(line2, line3 - line2 - 1);
  const std::string caret = out.substr(line3);
  EXPECT_EQ(shown.substr(0, 11), "LINE 1: ...");
  EXPECT_EQ(shown[caret.find('^')], '?');
}

}  // namespace
}  // namespace copra
