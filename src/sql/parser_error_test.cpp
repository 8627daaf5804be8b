// Syntax errors: message text, error code and exact line:column.
#include <gtest/gtest.h>
#include <pthread.h>

#include "sql/parser.h"

namespace copra {
namespace {

struct ErrorCase {
  const char* sql;
  int line;
  int column;
  const char* message;  // exact, or a substring when `exact` is false
  bool exact = true;
};

void CheckError(const ErrorCase& c) {
  auto r = ParseSql(c.sql);
  ASSERT_FALSE(r.ok()) << "unexpectedly parsed: " << c.sql;
  const Status& st = r.status();
  EXPECT_EQ(st.position().line, c.line) << c.sql << "\n" << st.ToString();
  EXPECT_EQ(st.position().column, c.column) << c.sql << "\n" << st.ToString();
  if (c.exact) {
    EXPECT_EQ(st.message(), c.message) << c.sql;
  } else {
    EXPECT_NE(st.message().find(c.message), std::string::npos)
        << c.sql << "\n  got: " << st.message() << "\n  want substring: " << c.message;
  }
}

TEST(ParserErrorTest, Misspelt) {
  const ErrorCase cases[] = {
      {"SELECT a FORM t", 1, 10,
       "syntax error at or near \"FORM\": expected FROM, WHERE, GROUP BY, HAVING, ORDER BY, "
       "LIMIT, OFFSET, UNION, INTERSECT, EXCEPT or end of statement (did you mean FROM?)"},
      {"SELEC * FROM t", 1, 1,
       "syntax error at or near \"SELEC\": expected a statement (SELECT, INSERT, CREATE, DROP, "
       "SHOW, ...) (did you mean SELECT?)"},
      {"SELECT * FROM t WHER a = 1", 1, 17, "(did you mean WHERE?)", false},
      {"SELECT a FROM t WHERE a = 1 GRUOP BY a", 1, 29, "(did you mean GROUP?)", false},
      {"SELECT a FROM t LIMT 5", 1, 17, "(did you mean LIMIT?)", false},
      {"SELECT a FROM t ORDER BY a DESK", 1, 28, "(did you mean DESC?)", false},
      {"SELECT a FROM t JION u ON true", 1, 17, "(did you mean JOIN?)", false},
      {"INSRT INTO t VALUES (1)", 1, 1, "(did you mean INSERT?)", false},
      {"CREATE TABL t (a int)", 1, 8, "(did you mean TABLE?)", false},
      {"DROP TABEL t", 1, 6, "(did you mean TABLE?)", false},
      {"SHOW TABELS", 1, 6, "(did you mean TABLES?)", false},
      {"SELECT 1 UNOIN SELECT 2", 1, 10, "(did you mean UNION?)", false},
      {"create table t (a int not nul)", 1, 27, "syntax error at or near \"nul\": expected NULL"},
  };
  for (const auto& c : cases) CheckError(c);
}

TEST(ParserErrorTest, UnexpectedTokensAndEnd) {
  const ErrorCase cases[] = {
      {"SELECT", 1, 7, "unexpected end of input: expected DISTINCT, ALL or an expression"},
      {"SELECT a,", 1, 10, "unexpected end of input: expected an expression"},
      {"SELECT 1 +", 1, 11, "unexpected end of input: expected an expression"},
      {"SELECT a FROM", 1, 14, "unexpected end of input: expected a table name"},
      {"SELECT (1 + 2", 1, 14, "unexpected end of input: expected \")\""},
      {"SELECT * FROM t WHERE", 1, 22, "unexpected end of input: expected an expression"},
      {"SELECT a FROM t ORDER a", 1, 23, "syntax error at or near \"a\": expected BY"},
      {"SELECT a FROM t GROUP a", 1, 23, "syntax error at or near \"a\": expected BY"},
      {"SELECT * FROM t JOIN u", 1, 23, "unexpected end of input: expected ON or USING"},
      {"SELECT CASE WHEN 1 THEN 2", 1, 26, "unexpected end of input: expected WHEN, ELSE or END"},
      {"SELECT CASE END", 1, 13, "syntax error at or near \"END\": expected WHEN", false},
      {"SELECT CAST(a AS )", 1, 18, "syntax error at or near \")\": expected a type name"},
      {"SELECT CAST(a int)", 1, 15, "syntax error at or near \"int\": expected AS", false},
      {"SELECT 1 2", 1, 10,
       "syntax error at or near \"2\": expected \",\", FROM, WHERE, GROUP BY, HAVING, WINDOW, "
       "UNION, "
       "EXCEPT, INTERSECT, ORDER BY, LIMIT, OFFSET or end of statement"},
      {"SELECT a b c FROM t", 1, 12, "syntax error at or near \"c\"", false},
      {"select 1 from t where x in ()", 1, 29,
       "syntax error at or near \")\": expected an expression"},
      {"SELECT 1 FROM t UNION", 1, 22,
       "unexpected end of input: expected ALL, DISTINCT, SELECT, VALUES or \"(\""},
      {"SELECT * FROM t WHERE a = 1 ORDER BY a NULLS", 1, 45,
       "unexpected end of input: expected FIRST or LAST"},
      {"INSERT t VALUES (1)", 1, 8, "syntax error at or near \"t\": expected INTO"},
      {"INSERT INTO t", 1, 14, "unexpected end of input: expected VALUES, SELECT or a column list",
       false},
      {"INSERT INTO t VALUES (1, 2), (3)", 1, 30,
       "VALUES lists must all be the same length (row 2 has 1 values, the first row has 2)"},
      {"CREATE TABLE t (a int,", 1, 23,
       "unexpected end of input: expected TIME INDEX, PRIMARY KEY or a column name"},
      {"CREATE TABLE t (a)", 1, 18, "syntax error at or near \")\": expected a type name"},
      {"CREATE TABLE t", 1, 15, "unexpected end of input: expected", false},
      {"CREATE TABLE t (ts timestamp, TIME INDEX (a, b))", 1, 31,
       "TIME INDEX takes exactly one column"},
      {"CREATE FUNCTION f(x int) RETURNS int AS $$x$$", 1, 46,
       "unexpected end of input: expected LANGUAGE or SETTINGS"},
      {"CREATE EXTERNAL STREAM e (a int) AS $$x$$", 1, 42,
       "unexpected end of input: expected SETTINGS"},
      {"SELECT select FROM t", 1, 8, "syntax error at or near \"select\"", false},
      {"SELECT * FROM select", 1, 15,
       "expected a table name (SELECT is a reserved word; write \"select\" to use it as a name)",
       false},
      {"EXPLAIN", 1, 8, "unexpected end of input: expected ANALYZE, VERBOSE or a statement", false},
      {"SET x", 1, 6, "unexpected end of input: expected \".\", \"=\" or TO"},
      {"COPY t FROM", 1, 12, "unexpected end of input: expected STDIN or a file name string"},
      {"SELECT * FROM t limit 10 limit 5", 1, 26, "multiple LIMIT clauses not allowed"},
      {"SELECT $0", 1, 8, "parameter number $0 is out of range (1..65535)"},
      {"SELECT a @@ b", 1, 10, "operator does not exist: @@"},
      {"SELECT 0xFFFFFFFFFFFFFFFFFF", 1, 8, "out of range", false},
      {"WITH x AS (SELECT 1), x AS (SELECT 2) SELECT 1", 1, 23,
       "WITH query name \"x\" specified more than once"},
      {"SELECT 1; SELEC 2", 1, 11, "(did you mean SELECT?)", false},
  };
  for (const auto& c : cases) CheckError(c);
}

TEST(ParserErrorTest, PositionsOnLaterLines) {
  const ErrorCase cases[] = {
      {"SELECT a,\n       b\n  FROM t\n WHERE a = = 1", 4, 12,
       "syntax error at or near \"=\": expected an expression"},
      {"SELECT 1;\nSELECT 2;\n\n  SELECT FROM", 4, 10, "syntax error at or near \"FROM\"", false},
      {"-- comment\n/* block\n comment */ SELECT\n\t'é', x FORM t", 4, 9, "(did you mean FROM?)",
       false},
      {"SELECT 'héllo' ++", 1, 18, "unexpected end of input: expected an expression"},
  };
  for (const auto& c : cases) CheckError(c);
}

TEST(ParserErrorTest, UnterminatedReportStart) {
  const ErrorCase cases[] = {
      {"SELECT 'abc", 1, 8, "unterminated quoted string"},
      {"SELECT 1;\nSELECT $$ abc", 2, 8, "unterminated dollar-quoted string (missing closing $$)"},
      {"CREATE SCRIPT s AS $py$\nprint(1)\n$p$", 1, 20,
       "unterminated dollar-quoted string (missing closing $py$)"},
      {"SELECT 1 /* open\n/* nested */ still open", 1, 10, "unterminated /* comment"},
      {"SELECT \"abc", 1, 8, "unterminated quoted identifier"},
      {"SELECT E'abc\\'", 1, 8, "unterminated quoted string"},
      {"SELECT 123abc", 1, 8, "trailing junk after numeric literal at or near \"123abc\""},
  };
  for (const auto& c : cases) CheckError(c);
}

TEST(ParserErrorTest, FirstErrorInTextWins) {
  // The syntax error in statement 1 comes before the lexical error in 2.
  CheckError({"SELECT FROM;\nSELECT 'open", 1, 8, "syntax error at or near \"FROM\"", false});
}

TEST(ParserErrorTest, ErrorCodes) {
  auto syntax = ParseSql("SELECT FROM");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.status().code(), ErrorCode::kSyntaxError);
  EXPECT_STREQ(syntax.status().sqlstate(), "42601");

  const ErrorCase unsupported[] = {
      {"UPDATE t SET a = 1", 1, 1, "UPDATE is not supported", false},
      {"SELECT sum(a) OVER (ORDER BY a ROWS UNBOUNDED PRECEDING EXCLUDE TIES) FROM t", 1, 57,
       "EXCLUDE in window frames is not supported"},
      {"WITH RECURSIVE x AS (SELECT 1) SELECT 1", 1, 6, "WITH RECURSIVE is not supported"},
      {"SELECT a[1:2] FROM t", 1, 11, "array slices are not supported"},
      {"SELECT (1, 2)", 1, 8, "row constructors such as (a, b) are not supported"},
      {"SELECT a SIMILAR TO 'x'", 1, 10, "SIMILAR TO is not supported", false},
  };
  for (const auto& c : unsupported) {
    CheckError(c);
    auto r = ParseSql(c.sql);
    EXPECT_EQ(r.status().code(), ErrorCode::kFeatureNotSupported) << c.sql;
  }
}

TEST(ParserErrorTest, NestingIsCapped) {
  std::string deep = "SELECT " + std::string(5000, '(') + "1" + std::string(5000, ')');
  auto r = ParseSql(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nested too deeply"), std::string::npos)
      << r.status().message();

  std::string nots = "SELECT ";
  for (int i = 0; i < 5000; ++i) nots += "NOT ";
  EXPECT_FALSE(ParseSql(nots + "TRUE").ok());

  std::string minus = "SELECT " + std::string(5000, '-') + "1";  // "--" starts a comment
  EXPECT_FALSE(ParseSql(minus).ok());
  std::string spaced = "SELECT ";
  for (int i = 0; i < 5000; ++i) spaced += "- ";
  EXPECT_FALSE(ParseSql(spaced + "1").ok());

  std::string ors = "SELECT a";
  for (int i = 0; i < 5000; ++i) ors += " OR a";
  r = ParseSql(ors);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nested too deeply"), std::string::npos);

  std::string unions = "SELECT 1";
  for (int i = 0; i < 5000; ++i) unions += " UNION SELECT 1";
  EXPECT_FALSE(ParseSql(unions).ok());

  std::string joins = "SELECT * FROM t0";
  for (int i = 0; i < 5000; ++i) joins += " CROSS JOIN t";
  EXPECT_FALSE(ParseSql(joins).ok());

  std::string subqueries;
  for (int i = 0; i < 3000; ++i) subqueries += "SELECT * FROM (";
  subqueries += "SELECT 1";
  for (int i = 0; i < 3000; ++i) subqueries += ") AS s";
  EXPECT_FALSE(ParseSql(subqueries).ok());

  std::string casts = "SELECT 1";
  for (int i = 0; i < 5000; ++i) casts += "::int";
  EXPECT_FALSE(ParseSql(casts).ok());
}

TEST(ParserErrorTest, SmallThreadStackFailsCleanly) {
  // Deep input on a thread with a small stack: an error, not a crash.
  struct Ctx {
    std::string sql;
    bool ok = true;
    std::string message;
  } ctx;
  ctx.sql = "SELECT " + std::string(900, '(') + "1" + std::string(900, ')');
  for (int i = 0; i < 900; ++i) ctx.sql += " + f(";
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 512 * 1024);
  pthread_t thread;
  auto body = [](void* p) -> void* {
    auto* c = static_cast<Ctx*>(p);
    auto r = ParseSql(c->sql);
    c->ok = r.ok();
    c->message = r.status().message();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, body, &ctx), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  EXPECT_FALSE(ctx.ok);
  EXPECT_FALSE(ctx.message.empty());
}

TEST(ParserErrorTest, ParseExpressionRejectsTrailingInput) {
  auto r = ParseExpression("a + 1 b");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().position().column, 7);
  EXPECT_EQ(r.status().message(), "syntax error at or near \"b\": expected end of input");
  EXPECT_FALSE(ParseExpression("").ok());
}

}  // namespace
}  // namespace copra
