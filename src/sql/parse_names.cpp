// Names, options and type names: the small shared pieces of the grammar
// (qualified names, identifier lists, WITH/SETTINGS options, type text).
#include <fmt/format.h>

#include "sql/keywords.h"
#include "sql/parser.h"
#include "sql/parser_impl.h"

namespace copra {

bool Parser::AtIdentifier() const {
  const Token& t = Cur();
  return t.type == TokenType::kQuotedIdent ||
         (t.type == TokenType::kWord && !IsReservedWord(t.text));
}

Result<std::string> Parser::ParseIdentifier(std::string_view what) {
  if (AtIdentifier()) {
    std::string name = Cur().text;
    Advance();
    return name;
  }
  if (Cur().type == TokenType::kWord) {
    // A reserved word: say so, since "expected an identifier" alone puzzles.
    return ErrorAt(Cur().pos, fmt::format("syntax error at or near \"{}\": expected {} ({} is a "
                                          "reserved word; write \"{}\" to use it as a name)",
                                          Cur().raw, what, Upper(Cur().text), Cur().text));
  }
  return UnexpectedExpecting(std::string(what));
}

Result<std::string> Parser::ParseLabel(std::string_view what) {
  const Token& t = Cur();
  if (t.type == TokenType::kWord || t.type == TokenType::kQuotedIdent) {
    std::string name = t.text;
    Advance();
    return name;
  }
  return UnexpectedExpecting(std::string(what));
}

Result<ObjectName> Parser::ParseObjectName(std::string_view what) {
  ObjectName name;
  name.pos = Cur().pos;
  COPRA_ASSIGN_OR_RETURN(std::string first, ParseIdentifier(what));
  name.parts.push_back(std::move(first));
  while (Cur().type == TokenType::kDot) {
    if (name.parts.size() >= 3) {
      return ErrorAt(Cur().pos, fmt::format("improper qualified name (too many dotted names): {}.",
                                            name.ToString()));
    }
    Advance();
    COPRA_ASSIGN_OR_RETURN(std::string part, ParseIdentifier(what));
    name.parts.push_back(std::move(part));
  }
  return name;
}

Result<std::vector<std::string>> Parser::ParseIdentifierList() {
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
  std::vector<std::string> names;
  do {
    COPRA_ASSIGN_OR_RETURN(std::string n, ParseIdentifier("a column name"));
    names.push_back(std::move(n));
  } while (MatchToken(TokenType::kComma));
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  return names;
}

Result<std::string> Parser::ParseStringLiteral(std::string_view what) {
  if (Cur().type != TokenType::kString) return UnexpectedExpecting(std::string(what));
  std::string s = Cur().text;
  Advance();
  return s;
}

Result<SqlOption> Parser::ParseOption(bool require_equals) {
  SqlOption opt;
  opt.pos = Cur().pos;
  const Token& k = Cur();
  if (k.type == TokenType::kString) {
    opt.key = k.text;
    Advance();
  } else if (k.type == TokenType::kWord || k.type == TokenType::kQuotedIdent) {
    opt.key = k.text;
    Advance();
    while (Cur().type == TokenType::kDot &&
           (Peek(1).type == TokenType::kWord || Peek(1).type == TokenType::kQuotedIdent)) {
      Advance();
      opt.key += "." + Cur().text;
      Advance();
    }
  } else {
    return UnexpectedExpecting("an option name");
  }
  bool has_equals = MatchToken(TokenType::kEq);
  if (require_equals && !has_equals) return Unexpected();
  const Token& v = Cur();
  switch (v.type) {
    case TokenType::kString:
    case TokenType::kQuotedIdent:
      opt.value = v.text;
      opt.quoted = true;
      Advance();
      break;
    case TokenType::kWord:
    case TokenType::kInteger:
    case TokenType::kNumeric:
      opt.value = v.text;
      Advance();
      break;
    case TokenType::kMinus:
    case TokenType::kPlus:
      if (Peek(1).type == TokenType::kInteger || Peek(1).type == TokenType::kNumeric) {
        opt.value = (v.type == TokenType::kMinus ? "-" : "") + Peek(1).text;
        Advance();
        Advance();
        break;
      }
      return UnexpectedExpecting("an option value");
    default:
      if (!has_equals) {
        // PostgreSQL: a boolean option written alone means true, (HEADER).
        opt.value = "true";
        break;
      }
      return UnexpectedExpecting("an option value");
  }
  return opt;
}

Result<std::vector<SqlOption>> Parser::ParseParenOptions(bool require_equals) {
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
  std::vector<SqlOption> options;
  if (MatchToken(TokenType::kRParen)) return options;
  do {
    COPRA_ASSIGN_OR_RETURN(SqlOption opt, ParseOption(require_equals));
    options.push_back(std::move(opt));
  } while (MatchToken(TokenType::kComma));
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  return options;
}

Result<std::vector<SqlOption>> Parser::ParseSettingsList() {
  std::vector<SqlOption> options;
  do {
    COPRA_ASSIGN_OR_RETURN(SqlOption opt, ParseOption(/*require_equals=*/true));
    options.push_back(std::move(opt));
  } while (MatchToken(TokenType::kComma));
  return options;
}

namespace {
bool IsIntegerTypeWord(std::string_view w) {
  return w == "int" || w == "integer" || w == "bigint" || w == "smallint" || w == "tinyint" ||
         w == "mediumint" || w == "int2" || w == "int4" || w == "int8" || w == "int16" ||
         w == "int32" || w == "int64";
}
}  // namespace

Result<std::string> Parser::ParseTypeName() {
  COPRA_PARSER_ENTER();
  const Token& t = Cur();
  if (!(t.type == TokenType::kQuotedIdent ||
        (t.type == TokenType::kWord && !IsReservedWord(t.text)))) {
    return UnexpectedExpecting("a type name");
  }
  // pg_catalog.int4, pg_catalog.regtype: PostgreSQL's types live in
  // pg_catalog, and so do Copra's as far as clients can tell.
  if (t.IsWord("pg_catalog") && Peek(1).type == TokenType::kDot &&
      (Peek(2).type == TokenType::kWord || Peek(2).type == TokenType::kQuotedIdent)) {
    Advance();
    Advance();
  }
  const Token& name = Cur();
  std::string word = name.text;
  if (name.type == TokenType::kQuotedIdent) {
    // Type names are case-insensitive: "Int64" is int64. A quoted name that
    // is not a plain word stays quoted so the text reads back the same.
    std::string lower = Lower(word);
    word = QuoteIdentifier(lower) == lower ? lower : QuoteIdentifier(word);
  }
  std::string out = word;
  Advance();
  if (word == "double" && MatchWord("precision")) out += " precision";
  if ((word == "character" || word == "char" || word == "national") && MatchWord("varying")) {
    out += " varying";
  }
  if (Cur().type == TokenType::kLParen) {
    Advance();
    out += "(";
    bool first = true;
    do {
      if (!first) out += ",";
      first = false;
      const Token& a = Cur();
      if (a.type == TokenType::kInteger) {
        out += a.text;
        Advance();
      } else if (a.type == TokenType::kString) {
        out += QuoteString(a.text);
        Advance();
      } else {
        COPRA_ASSIGN_OR_RETURN(std::string inner, ParseTypeName());
        out += inner;
      }
    } while (MatchToken(TokenType::kComma));
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    out += ")";
  }
  if (word == "timestamp" || word == "time") {
    if (Cur().IsWord("with") && Peek(1).IsWord("time") && Peek(2).IsWord("zone")) {
      Advance();
      Advance();
      Advance();
      out += " with time zone";
    } else if (Cur().IsWord("without") && Peek(1).IsWord("time") && Peek(2).IsWord("zone")) {
      Advance();
      Advance();
      Advance();
      out += " without time zone";
    }
  }
  if (IsIntegerTypeWord(word)) {
    if (MatchWord("unsigned")) {
      out += " unsigned";
    } else if (MatchWord("signed")) {
      out += " signed";
    }
  }
  // Array types (int2[], text[3]) are held in PostgreSQL's text form:
  // ParseTypeName maps every "[]" name to STRING.
  while (Cur().type == TokenType::kLBracket) {
    Advance();
    if (Cur().type == TokenType::kInteger) Advance();
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRBracket));
    out += "[]";
  }
  return out;
}

}  // namespace copra
