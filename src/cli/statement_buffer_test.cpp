#include "cli/statement_buffer.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>

namespace copra {
namespace {

// Feeds `lines` and reports whether the buffer is then complete.
bool CompleteAfter(std::initializer_list<std::string_view> lines) {
  StatementBuffer buffer;
  for (std::string_view line : lines) buffer.AddLine(line);
  return buffer.IsComplete();
}

TEST(StatementBufferTest, SemicolonEndsStatement) {
  EXPECT_TRUE(CompleteAfter({"SELECT 1;"}));
  EXPECT_TRUE(CompleteAfter({"SELECT 1;   "}));
  EXPECT_FALSE(CompleteAfter({"SELECT 1"}));
  EXPECT_TRUE(CompleteAfter({"SELECT", "  1 + 1", "AS two;"}));
  EXPECT_TRUE(CompleteAfter({"SELECT 1; SELECT 2;"}));
  EXPECT_FALSE(CompleteAfter({"SELECT 1; SELECT 2"}));
}

TEST(StatementBufferTest, CommentsAfterSemicolonKeepItComplete) {
  EXPECT_TRUE(CompleteAfter({"SELECT 1; -- done"}));
  EXPECT_TRUE(CompleteAfter({"SELECT 1; /* done */"}));
  EXPECT_FALSE(CompleteAfter({"SELECT 1 -- not yet;"}));
  EXPECT_FALSE(CompleteAfter({"SELECT 1 /* ; */"}));
  EXPECT_FALSE(CompleteAfter({"SELECT 1; /* open"}));
}

TEST(StatementBufferTest, NestedBlockComments) {
  EXPECT_FALSE(CompleteAfter({"/* a /* b */ ;"}));
  EXPECT_TRUE(CompleteAfter({"/* a /* b */ */ SELECT 1;"}));
}

TEST(StatementBufferTest, Strings) {
  EXPECT_FALSE(CompleteAfter({"SELECT 'a;"}));
  EXPECT_TRUE(CompleteAfter({"SELECT 'a;';"}));
  EXPECT_TRUE(CompleteAfter({"SELECT 'it''s';"}));
  EXPECT_FALSE(CompleteAfter({"SELECT 'it''s;"}));
  EXPECT_TRUE(CompleteAfter({"SELECT 'multi", "line;', 2;"}));
  EXPECT_TRUE(CompleteAfter({"SELECT '--';"}));
}

TEST(StatementBufferTest, EscapeStrings) {
  EXPECT_TRUE(CompleteAfter({"SELECT E'a\\'b';"}));
  EXPECT_FALSE(CompleteAfter({"SELECT E'a\\';"}));
  // A plain string ending in a backslash is closed by the quote.
  EXPECT_TRUE(CompleteAfter({"SELECT 'a\\';"}));
  // An identifier ending in E is not an escape-string prefix.
  EXPECT_TRUE(CompleteAfter({"SELECT 'x' FROM t WHERE name='a\\';"}));
}

TEST(StatementBufferTest, QuotedIdentifiers) {
  EXPECT_FALSE(CompleteAfter({"SELECT \"a;"}));
  EXPECT_TRUE(CompleteAfter({"SELECT \"a;\"\"b\" FROM t;"}));
  EXPECT_FALSE(CompleteAfter({"SELECT `a;"}));
  EXPECT_TRUE(CompleteAfter({"SELECT `a;``b` FROM t;"}));
}

TEST(StatementBufferTest, DollarQuoting) {
  EXPECT_FALSE(CompleteAfter({"CREATE FUNCTION f() AS $$", "x = 1;"}));
  EXPECT_TRUE(CompleteAfter({"CREATE FUNCTION f() AS $$", "x = 1;", "$$;"}));
  EXPECT_FALSE(CompleteAfter({"SELECT $body$ a $$ ; $$ b;"}));
  EXPECT_TRUE(CompleteAfter({"SELECT $body$ a $$ ; $body$;"}));
  // $1 is a parameter, not a quote; '$' is not part of identifiers, so
  // a$b$ opens a $b$ quote (as in sql/lexer.cpp).
  EXPECT_TRUE(CompleteAfter({"SELECT $1;"}));
  EXPECT_FALSE(CompleteAfter({"SELECT a$b$ FROM t;"}));
}

TEST(StatementBufferTest, HasStatementAndQuotedState) {
  StatementBuffer buffer;
  EXPECT_TRUE(buffer.empty());
  buffer.AddLine("-- just a comment", 7);
  EXPECT_FALSE(buffer.HasStatement());
  EXPECT_EQ(buffer.first_line(), 7);
  buffer.AddLine(";", 8);
  EXPECT_TRUE(buffer.IsComplete());
  EXPECT_FALSE(buffer.HasStatement());
  EXPECT_EQ(buffer.text(), "-- just a comment\n;\n");

  buffer.Clear();
  EXPECT_TRUE(buffer.empty());
  buffer.AddLine("SELECT $$", 9);
  EXPECT_TRUE(buffer.HasStatement());
  EXPECT_TRUE(buffer.InsideQuotedText());
  EXPECT_EQ(buffer.first_line(), 9);
  buffer.AddLine("$$;", 10);
  EXPECT_FALSE(buffer.InsideQuotedText());
  EXPECT_TRUE(buffer.IsComplete());
}

}  // namespace
}  // namespace copra
