#include <gtest/gtest.h>

#include "sql/parser.h"

namespace copra {
namespace {

using Pieces = std::vector<std::string_view>;

TEST(SplitStatementsTest, Basic) {
  EXPECT_EQ(SplitStatements("SELECT 1; SELECT 2;"), (Pieces{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(SplitStatements("SELECT 1"), (Pieces{"SELECT 1"}));
  EXPECT_EQ(SplitStatements("  SELECT 1 ;\n\n SELECT 2  "), (Pieces{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(SplitStatements(""), Pieces{});
  EXPECT_EQ(SplitStatements(";;; ;"), Pieces{});
  EXPECT_EQ(SplitStatements("-- just a comment\n/* and another */"), Pieces{});
  EXPECT_EQ(SplitStatements("SELECT 1; -- trailing comment"), (Pieces{"SELECT 1"}));
}

TEST(SplitStatementsTest, SemicolonsInsideQuotesAndComments) {
  EXPECT_EQ(SplitStatements("SELECT 'a;b'; SELECT 2"), (Pieces{"SELECT 'a;b'", "SELECT 2"}));
  EXPECT_EQ(SplitStatements("SELECT 'it''s;'; x"), (Pieces{"SELECT 'it''s;'", "x"}));
  EXPECT_EQ(SplitStatements("SELECT E'\\';'; x"), (Pieces{"SELECT E'\\';'", "x"}));
  EXPECT_EQ(SplitStatements("SELECT \"a;b\" FROM `c;d`; x"),
            (Pieces{"SELECT \"a;b\" FROM `c;d`", "x"}));
  EXPECT_EQ(SplitStatements("SELECT 1 -- c;\n; x"), (Pieces{"SELECT 1 -- c;", "x"}));
  EXPECT_EQ(SplitStatements("SELECT /* a; /* b; */ c; */ 1; x"),
            (Pieces{"SELECT /* a; /* b; */ c; */ 1", "x"}));
  EXPECT_EQ(SplitStatements("CREATE SCRIPT s AS $$\na = 1; b = 2\n$$; SELECT 1"),
            (Pieces{"CREATE SCRIPT s AS $$\na = 1; b = 2\n$$", "SELECT 1"}));
  EXPECT_EQ(SplitStatements("CREATE SCRIPT s AS $py$ x = '$$;' $py$; y"),
            (Pieces{"CREATE SCRIPT s AS $py$ x = '$$;' $py$", "y"}));
  // A word ending in "e" does not start an E'' string.
  EXPECT_EQ(SplitStatements("SELECT name'x;'; y"), (Pieces{"SELECT name'x;'", "y"}));
  // $1 is a parameter, not a dollar quote.
  EXPECT_EQ(SplitStatements("SELECT $1; SELECT $2"), (Pieces{"SELECT $1", "SELECT $2"}));
}

TEST(SplitStatementsTest, UnterminatedExtendsToEnd) {
  EXPECT_EQ(SplitStatements("SELECT 1; SELECT 'abc; def"),
            (Pieces{"SELECT 1", "SELECT 'abc; def"}));
  EXPECT_EQ(SplitStatements("SELECT $$ x; y"), (Pieces{"SELECT $$ x; y"}));
}

TEST(SplitStatementsTest, AgreesWithParser) {
  const char* script =
      "CREATE TABLE t (a int, ts timestamp time index);\n"
      "INSERT INTO t VALUES (1, '2024-01-01; 00:00');  -- ; in a comment\n"
      "CREATE FUNCTION f(x int) RETURNS int LANGUAGE python AS $$\n"
      "def f(x):\n    return x  # ; not the end\n$$;\n"
      "/* ; */ SELECT \"odd;name\" FROM t;";
  auto pieces = SplitStatements(script);
  auto parsed = ParseSql(script);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(pieces.size(), parsed->size());
  // Each statement's text is one of the pieces (the piece may carry a leading comment).
  for (size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_NE(pieces[i].find((*parsed)[i]->text), std::string_view::npos) << i;
  }
}

TEST(IsStatementCompleteTest, Cases) {
  EXPECT_TRUE(IsStatementComplete("SELECT 1;"));
  EXPECT_TRUE(IsStatementComplete("SELECT 1;  \n"));
  EXPECT_TRUE(IsStatementComplete("SELECT 1; -- done\n"));
  EXPECT_TRUE(IsStatementComplete("SELECT 1; /* done */"));
  EXPECT_TRUE(IsStatementComplete("SELECT 1; SELECT 2;"));
  EXPECT_FALSE(IsStatementComplete(""));
  EXPECT_FALSE(IsStatementComplete("SELECT 1"));
  EXPECT_FALSE(IsStatementComplete("SELECT 1; SELECT 2"));
  EXPECT_FALSE(IsStatementComplete("SELECT 1 -- ;"));
  EXPECT_FALSE(IsStatementComplete("SELECT 1 /* ; */"));
  EXPECT_FALSE(IsStatementComplete("SELECT 1 /* ; "));
  EXPECT_FALSE(IsStatementComplete("SELECT 'abc;"));
  EXPECT_FALSE(IsStatementComplete("SELECT 'abc;';x"));
  EXPECT_TRUE(IsStatementComplete("SELECT 'abc;';"));
  EXPECT_FALSE(IsStatementComplete("SELECT \"a;"));
  EXPECT_FALSE(IsStatementComplete("CREATE SCRIPT s AS $$\nx = 1;"));
  EXPECT_FALSE(IsStatementComplete("CREATE SCRIPT s AS $$\nx = 1;\n"));
  EXPECT_TRUE(IsStatementComplete("CREATE SCRIPT s AS $$\nx = 1;\n$$;"));
  EXPECT_FALSE(IsStatementComplete("CREATE SCRIPT s AS $tag$\n$$;\n"));
  EXPECT_TRUE(IsStatementComplete("CREATE SCRIPT s AS $tag$\n$$;\n$tag$;"));
  EXPECT_FALSE(IsStatementComplete("SELECT E'\\';"));
  EXPECT_TRUE(IsStatementComplete("SELECT E'\\'';"));
}

}  // namespace
}  // namespace copra
