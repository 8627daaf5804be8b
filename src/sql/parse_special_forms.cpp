// Expressions with their own syntax: CASE, CAST, typed literals
// (TIMESTAMP '...', INTERVAL '1' DAY) and the SQL-standard functions with
// keyword arguments (EXTRACT, SUBSTRING, TRIM, POSITION), which are
// desugared into plain function calls (see sql/expression.h).
#include "sql/expr_precedence.h"
#include "sql/parser.h"
#include "sql/parser_impl.h"

namespace copra {
namespace {

bool IsTypedLiteralWord(std::string_view w) {
  return w == "timestamp" || w == "timestamptz" || w == "date" || w == "time" ||
         w == "interval" || w == "datetime";
}

bool IsIntervalUnit(std::string_view w) {
  static constexpr std::string_view kUnits[] = {
      "year",   "years",   "month",  "months",      "week",         "weeks",
      "day",    "days",    "hour",   "hours",       "minute",       "minutes",
      "second", "seconds", "millisecond", "milliseconds", "microsecond", "microseconds",
      "nanosecond", "nanoseconds"};
  for (std::string_view u : kUnits) {
    if (u == w) return true;
  }
  return false;
}

}  // namespace

// EXTRACT, SUBSTRING, TRIM, POSITION with their keyword argument syntax;
// leaves *handled false when the call uses plain comma arguments.
Result<ExprPtr> Parser::ParseSpecialFunction(bool* handled) {
  const Token& t = Cur();
  SourcePosition pos = t.pos;
  const std::string w = t.text;
  if (w != "extract" && w != "substring" && w != "trim" && w != "position") {
    return ExprPtr();
  }
  if (w == "extract") {
    // extract(field FROM x): the field is a word or a string.
    const Token& field = Peek(2);
    bool field_ok = field.type == TokenType::kWord || field.type == TokenType::kString ||
                    field.type == TokenType::kQuotedIdent;
    if (!field_ok || !Peek(3).IsWord("from")) return ExprPtr();
    *handled = true;
    Advance();
    Advance();
    auto call = MakeCall(pos, "date_part");
    call->args.push_back(MakeStringLiteral(Cur().pos, Cur().text));
    Advance();
    Advance();  // FROM
    COPRA_ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
    call->args.push_back(std::move(source));
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    return ExprPtr(std::move(call));
  }
  if (w == "trim") {
    *handled = true;
    Advance();
    Advance();
    std::string name = "btrim";
    if (MatchWord("leading")) {
      name = "ltrim";
    } else if (MatchWord("trailing")) {
      name = "rtrim";
    } else {
      MatchWord("both");
    }
    auto call = MakeCall(pos, name);
    ExprPtr chars;
    if (!MatchWord("from")) {
      COPRA_ASSIGN_OR_RETURN(ExprPtr first, ParseExpr());
      if (MatchWord("from")) {
        chars = std::move(first);
        COPRA_ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
        call->args.push_back(std::move(source));
      } else if (MatchToken(TokenType::kComma)) {
        // trim(x, chars): the PostgreSQL function form.
        call->args.push_back(std::move(first));
        COPRA_ASSIGN_OR_RETURN(chars, ParseExpr());
      } else {
        call->args.push_back(std::move(first));
      }
    } else {
      COPRA_ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
      call->args.push_back(std::move(source));
    }
    if (chars) call->args.push_back(std::move(chars));
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    return ExprPtr(std::move(call));
  }
  // substring / position: parse the first argument, then look at what follows.
  *handled = true;
  Advance();
  Advance();
  if (w == "position") {
    // position(a IN b): parse `a` above IN so that IN is not taken as a list.
    COPRA_ASSIGN_OR_RETURN(ExprPtr needle, ParseBinary(kPrecLike + 1));
    if (!MatchWord("in")) {
      // Not the special form: position(x, y) as an ordinary function.
      auto call = MakeCall(pos, "position");
      call->args.push_back(std::move(needle));
      while (MatchToken(TokenType::kComma)) {
        COPRA_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
        call->args.push_back(std::move(arg));
      }
      COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
      return ExprPtr(std::move(call));
    }
    COPRA_ASSIGN_OR_RETURN(ExprPtr haystack, ParseExpr());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    auto call = MakeCall(pos, "strpos");
    call->args.push_back(std::move(haystack));
    call->args.push_back(std::move(needle));
    return ExprPtr(std::move(call));
  }
  auto call = MakeCall(pos, "substring");
  COPRA_ASSIGN_OR_RETURN(ExprPtr source, ParseExpr());
  call->args.push_back(std::move(source));
  if (MatchWord("from")) {
    COPRA_ASSIGN_OR_RETURN(ExprPtr start, ParseExpr());
    call->args.push_back(std::move(start));
    if (MatchWord("for")) {
      COPRA_ASSIGN_OR_RETURN(ExprPtr len, ParseExpr());
      call->args.push_back(std::move(len));
    }
  } else if (Cur().IsWord("for")) {
    SourcePosition for_pos = Cur().pos;
    Advance();
    call->args.push_back(MakeIntegerLiteral(for_pos, 1));
    COPRA_ASSIGN_OR_RETURN(ExprPtr len, ParseExpr());
    call->args.push_back(std::move(len));
  } else {
    while (MatchToken(TokenType::kComma)) {
      COPRA_ASSIGN_OR_RETURN(ExprPtr arg, ParseExpr());
      call->args.push_back(std::move(arg));
    }
  }
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  return ExprPtr(std::move(call));
}

Result<ExprPtr> Parser::ParseCase() {
  auto e = std::make_unique<CaseExpr>(Cur().pos);
  Advance();  // CASE
  if (!CheckWord("when")) {
    COPRA_ASSIGN_OR_RETURN(e->operand, ParseExpr());
  }
  while (MatchWord("when")) {
    CaseWhen w;
    COPRA_ASSIGN_OR_RETURN(w.condition, ParseExpr());
    COPRA_RETURN_NOT_OK(ExpectWord("then"));
    COPRA_ASSIGN_OR_RETURN(w.result, ParseExpr());
    e->whens.push_back(std::move(w));
  }
  if (e->whens.empty()) return Unexpected();
  if (MatchWord("else")) {
    COPRA_ASSIGN_OR_RETURN(e->else_result, ParseExpr());
  }
  COPRA_RETURN_NOT_OK(ExpectWord("end"));
  return ExprPtr(std::move(e));
}

Result<ExprPtr> Parser::ParseCast() {
  auto e = std::make_unique<CastExpr>(Cur().pos);
  Advance();  // CAST
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
  COPRA_ASSIGN_OR_RETURN(e->operand, ParseExpr());
  COPRA_RETURN_NOT_OK(ExpectWord("as"));
  e->type_pos = Cur().pos;
  COPRA_ASSIGN_OR_RETURN(e->type_name, ParseTypeName());
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  return ExprPtr(std::move(e));
}

bool Parser::AtTypedLiteral() const {
  const Token& t = Cur();
  if (t.type != TokenType::kWord) return false;
  if (IsTypedLiteralWord(t.text) && Peek(1).type == TokenType::kString) return true;
  // MySQL/Timeplus INTERVAL 5 MINUTE.
  return t.text == "interval" &&
         (Peek(1).type == TokenType::kInteger || Peek(1).type == TokenType::kNumeric) &&
         Peek(2).type == TokenType::kWord && IsIntervalUnit(Peek(2).text);
}

// TIMESTAMP '...', DATE '...', INTERVAL '1 day', INTERVAL '1' DAY,
// INTERVAL 5 MINUTE. REQUIRES: AtTypedLiteral().
Result<ExprPtr> Parser::ParseTypedLiteral() {
  auto lit = std::make_unique<LiteralExpr>(Cur().pos);
  lit->literal_kind = LiteralKind::kTypedString;
  lit->type_name = Cur().text;
  Advance();
  lit->text = Cur().text;
  bool number = Cur().type != TokenType::kString;
  Advance();
  if (lit->type_name == "interval" && Cur().type == TokenType::kWord &&
      IsIntervalUnit(Cur().text)) {
    lit->text += " " + Cur().text;
    Advance();
    if (Cur().IsWord("to")) {
      return NotSupportedAt(Cur().pos, "INTERVAL ... TO ... field ranges are not supported; "
                                       "write INTERVAL '1 day 2 hours'");
    }
  }
  COPRA_DCHECK(!number || lit->type_name == "interval");
  (void)number;
  return ExprPtr(std::move(lit));
}

}  // namespace copra
