#include "sql/lexer.h"

#include <gtest/gtest.h>

namespace copra {
namespace {

std::vector<Token> Lex(std::string_view sql) { return Tokenize(sql); }

// "type:text" per token, excluding the final kEnd.
std::string Describe(std::string_view sql) {
  static const char* kNames[] = {"end", "error", "word", "qident", "str", "int", "num", "param",
                                 "(", ")", "[", "]", ",", ";", ".", ":", "::", "*", "+", "-",
                                 "/", "%", "^", "||", "=", "<>", "<", "<=", ">", ">=", "op"};
  std::string out;
  for (const Token& t : Lex(sql)) {
    if (t.type == TokenType::kEnd) break;
    if (!out.empty()) out += " ";
    out += kNames[static_cast<int>(t.type)];
    if (t.type == TokenType::kWord || t.type == TokenType::kQuotedIdent ||
        t.type == TokenType::kString || t.type == TokenType::kInteger ||
        t.type == TokenType::kNumeric || t.type == TokenType::kParameter ||
        t.type == TokenType::kError || t.type == TokenType::kOperator) {
      out += ":" + t.text;
    }
  }
  return out;
}

TEST(LexerTest, WordsFoldAndQuotedKeepCase) {
  EXPECT_EQ(Describe("SELECT Foo _x1 \"Bar\"\"z\" `Q``t`"),
            "word:select word:foo word:_x1 qident:Bar\"z qident:Q`t");
  EXPECT_EQ(Describe("héllo"), "word:héllo");
}

TEST(LexerTest, Strings) {
  EXPECT_EQ(Describe("'abc' 'it''s' ''"), "str:abc str:it's str:");
  EXPECT_EQ(Describe("E'a\\nb\\t\\\\\\'c' e'\\x41\\101\\u00e9'"), "str:a\nb\t\\'c str:AAé");
  EXPECT_EQ(Describe("'a'\n  'b'"), "str:ab");     // continuation across a newline
  EXPECT_EQ(Describe("'a' 'b'"), "str:a str:b");   // same line: two tokens
  EXPECT_EQ(Describe("'a' -- c\n'b'"), "str:ab");  // a -- comment is whitespace
  EXPECT_EQ(Describe("'a'\n-- c\n'b'"), "str:ab");
  EXPECT_EQ(Describe("'a' -- c 'b'"), "str:a");      // the comment hides 'b'
  EXPECT_EQ(Describe("'back\\slash'"), "str:back\\slash");  // standard strings: no escapes
}

TEST(LexerTest, DollarQuotes) {
  EXPECT_EQ(Describe("$$a 'b' -- c\n/* d */$$"), "str:a 'b' -- c\n/* d */");
  EXPECT_EQ(Describe("$py$ x = '$$' $py$"), "str: x = '$$' ");
  EXPECT_EQ(Describe("$a$$b$$a$"), "str:$b$");
  EXPECT_EQ(Describe("AS $$x$$;"), "word:as str:x ;");
  auto toks = Lex("$$body$$");
  EXPECT_EQ(toks[0].string_style, StringStyle::kDollar);
  EXPECT_EQ(toks[0].raw, "$$body$$");
}

TEST(LexerTest, Numbers) {
  EXPECT_EQ(Describe("1 12.5 .5 5. 1e3 1E+3 2.5e-3 0x1F 0XaB"),
            "int:1 num:12.5 num:.5 num:5. num:1e3 num:1E+3 num:2.5e-3 int:0x1F int:0XaB");
  EXPECT_EQ(Describe("t.1"), "word:t num:.1");
  EXPECT_EQ(Describe("1.x"), "error:trailing junk after numeric literal at or near \"1.x\"");
  EXPECT_EQ(Describe("123abc"),
            "error:trailing junk after numeric literal at or near \"123abc\"");
  EXPECT_EQ(Describe("1e"), "error:trailing junk after numeric literal at or near \"1e\"");
}

TEST(LexerTest, ParametersAndOperators) {
  EXPECT_EQ(Describe("$1 $23 ?"), "param:1 param:23 param:");
  EXPECT_EQ(Describe("a::int || b <> c != d <= e >= f == g"),
            "word:a :: word:int || word:b <> word:c <> word:d <= word:e >= word:f = word:g");
  EXPECT_EQ(Describe("(a,b);.*+-/%^<>=[]:"),
            "( word:a , word:b ) ; . * + - / % ^ <> = [ ] :");
  EXPECT_EQ(Describe("a ~ b @> c"), "word:a op:~ word:b op:@> word:c");
  EXPECT_EQ(Describe("1-2"), "int:1 - int:2");
  EXPECT_EQ(Describe("a--comment\n-b"), "word:a - word:b");
}

TEST(LexerTest, Comments) {
  EXPECT_EQ(Describe("a -- x\nb /* c /* nested */ still */ d"), "word:a word:b word:d");
  EXPECT_EQ(Describe("a/**/b"), "word:a word:b");
  EXPECT_EQ(Describe("-- only"), "");
}

TEST(LexerTest, PositionsAcrossLines) {
  auto toks = Lex("SELECT a,\n  'é' AS\tx\n\n  FROM t");
  ASSERT_GE(toks.size(), 8u);
  auto at = [&](size_t i, int line, int col, int off) {
    EXPECT_EQ(toks[i].pos.line, line) << i;
    EXPECT_EQ(toks[i].pos.column, col) << i;
    EXPECT_EQ(toks[i].pos.offset, off) << i;
  };
  at(0, 1, 1, 0);   // SELECT
  at(1, 1, 8, 7);   // a
  at(2, 1, 9, 8);   // ,
  at(3, 2, 3, 12);  // 'é'
  at(4, 2, 7, 17);  // AS  (é is one character, two bytes)
  at(5, 2, 10, 20); // x   (tab counts as one column)
  at(6, 4, 3, 25);  // FROM
  at(7, 4, 8, 30);  // t
  EXPECT_EQ(toks[8].type, TokenType::kEnd);
  at(8, 4, 9, 31);
  EXPECT_EQ(toks[3].raw, "'é'");
}

TEST(LexerTest, UnterminatedThingsReportTheirStart) {
  auto last = [](std::string_view sql) { return Lex(sql).back(); };
  Token t = last("SELECT 'abc");
  EXPECT_EQ(t.type, TokenType::kError);
  EXPECT_EQ(t.text, "unterminated quoted string");
  EXPECT_EQ(t.pos.column, 8);
  t = last("SELECT 1 /* a /* b */");
  EXPECT_EQ(t.text, "unterminated /* comment");
  EXPECT_EQ(t.pos.column, 10);
  t = last("x\n  $fn$ body $fn");
  EXPECT_EQ(t.text, "unterminated dollar-quoted string (missing closing $fn$)");
  EXPECT_EQ(t.pos.line, 2);
  EXPECT_EQ(t.pos.column, 3);
  t = last("\"abc");
  EXPECT_EQ(t.text, "unterminated quoted identifier");
  t = last("E'abc\\'");
  EXPECT_EQ(t.text, "unterminated quoted string");
  t = last("E'a\\0b'");
  EXPECT_EQ(t.text, "invalid escape: strings cannot contain NUL (\\0)");
  EXPECT_EQ(t.pos.column, 4);
  t = last("\"\"");
  EXPECT_EQ(t.text, "zero-length quoted identifier");
  EXPECT_EQ(Lex("a # b")[1].type, TokenType::kOperator);
  t = last("a \x01 b");
  EXPECT_EQ(t.type, TokenType::kError);
}

TEST(LexerTest, EndPosition) {
  SourcePosition p = EndPosition("ab\ncd");
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.column, 3);
  EXPECT_EQ(p.offset, 5);
}

}  // namespace
}  // namespace copra
