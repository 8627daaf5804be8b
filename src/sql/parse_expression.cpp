// Expression parsing: precedence climbing over the levels in
// sql/expr_precedence.h, with prefix operators (NOT, unary +/-) and postfix
// forms (IS ..., ::type, [NOT] LIKE/BETWEEN/IN) handled in the infix loop.
#include <fmt/format.h>

#include <charconv>

#include "sql/expr_precedence.h"
#include "sql/keywords.h"
#include "sql/parser.h"
#include "sql/parser_impl.h"

namespace copra {
namespace {

std::optional<BinaryOp> BinaryOpFor(TokenType type) {
  switch (type) {
    case TokenType::kEq: return BinaryOp::kEq;
    case TokenType::kNotEq: return BinaryOp::kNotEq;
    case TokenType::kLt: return BinaryOp::kLt;
    case TokenType::kLtEq: return BinaryOp::kLtEq;
    case TokenType::kGt: return BinaryOp::kGt;
    case TokenType::kGtEq: return BinaryOp::kGtEq;
    case TokenType::kConcat: return BinaryOp::kConcat;
    case TokenType::kPlus: return BinaryOp::kAdd;
    case TokenType::kMinus: return BinaryOp::kSub;
    case TokenType::kStar: return BinaryOp::kMul;
    case TokenType::kSlash: return BinaryOp::kDiv;
    case TokenType::kPercent: return BinaryOp::kMod;
    case TokenType::kCaret: return BinaryOp::kPow;
    default: return std::nullopt;
  }
}

// Sets kInteger with int_value when `text` (decimal, optional '-') fits int64.
void ClassifyNumber(LiteralExpr* lit) {
  int64_t v = 0;
  const char* begin = lit->text.data();
  const char* end = begin + lit->text.size();
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec == std::errc() && ptr == end) {
    lit->literal_kind = LiteralKind::kInteger;
    lit->int_value = v;
  } else {
    lit->literal_kind = LiteralKind::kNumeric;
  }
}

}  // namespace

std::unique_ptr<LiteralExpr> MakeStringLiteral(SourcePosition pos, std::string text) {
  auto lit = std::make_unique<LiteralExpr>(pos);
  lit->literal_kind = LiteralKind::kString;
  lit->text = std::move(text);
  return lit;
}

std::unique_ptr<FunctionCallExpr> MakeCall(SourcePosition pos, std::string name) {
  auto call = std::make_unique<FunctionCallExpr>(pos);
  call->name = std::move(name);
  return call;
}

std::unique_ptr<LiteralExpr> MakeIntegerLiteral(SourcePosition pos, int64_t value) {
  auto lit = std::make_unique<LiteralExpr>(pos);
  lit->literal_kind = LiteralKind::kInteger;
  lit->int_value = value;
  lit->text = std::to_string(value);
  return lit;
}

Result<ExprPtr> Parser::ParseExpr() { return ParseBinary(kPrecOr); }

Result<ExprPtr> Parser::ParseBinary(int min_prec) {
  COPRA_PARSER_ENTER();
  COPRA_ASSIGN_OR_RETURN(ExprPtr left, ParsePrefix());
  ChainDepth chain(this);
  while (true) {
    bool done = false;
    COPRA_ASSIGN_OR_RETURN(left, ParseInfix(std::move(left), min_prec, &done));
    if (done) break;
    COPRA_RETURN_NOT_OK(chain.Add());
  }
  return left;
}

Result<ExprPtr> Parser::ParsePrefix() {
  const Token& t = Cur();
  SourcePosition pos = t.pos;
  if (t.IsWord("not")) {
    Advance();
    COPRA_ASSIGN_OR_RETURN(ExprPtr operand, ParseBinary(kPrecNot));
    auto e = std::make_unique<UnaryExpr>(pos);
    e->op = UnaryOp::kNot;
    e->operand = std::move(operand);
    return ExprPtr(std::move(e));
  }
  if (t.type == TokenType::kMinus || t.type == TokenType::kPlus) {
    bool minus = t.type == TokenType::kMinus;
    Advance();
    COPRA_ASSIGN_OR_RETURN(ExprPtr operand, ParseBinary(kPrecUnary));
    if (minus && operand->kind == ExprKind::kLiteral) {
      auto& lit = operand->As<LiteralExpr>();
      bool number =
          lit.literal_kind == LiteralKind::kInteger || lit.literal_kind == LiteralKind::kNumeric;
      bool hex = lit.text.size() > 1 && (lit.text[1] == 'x' || lit.text[1] == 'X');
      if (number && !lit.text.empty() && lit.text[0] != '-') {
        lit.pos = pos;
        if (hex) {
          // Hex literals keep their spelling; negate the value.
          if (lit.literal_kind == LiteralKind::kInteger && lit.int_value > 0) {
            lit.int_value = -lit.int_value;
            lit.text = "-" + lit.text;
            return operand;
          }
        } else {
          lit.text = "-" + lit.text;
          if (lit.text.find_first_of(".eE") == std::string::npos) {
            ClassifyNumber(&lit);
          }
          return operand;
        }
      }
    }
    auto e = std::make_unique<UnaryExpr>(pos);
    e->op = minus ? UnaryOp::kMinus : UnaryOp::kPlus;
    e->operand = std::move(operand);
    return ExprPtr(std::move(e));
  }
  return ParsePrimary();
}

// One infix/postfix step; sets *done when the next token does not continue
// an expression at `min_prec`.
Result<ExprPtr> Parser::ParseInfix(ExprPtr left, int min_prec, bool* done) {
  const Token& t = Cur();
  SourcePosition op_pos = t.pos;
  SourcePosition pos = left->pos;

  if (auto op = BinaryOpFor(t.type)) {
    int prec = BinaryPrecedence(*op);
    if (prec < min_prec) {
      *done = true;
      return left;
    }
    Advance();
    if ((Cur().IsWord("any") || Cur().IsWord("some") || Cur().IsWord("all")) &&
        Peek(1).type == TokenType::kLParen) {
      return ParseQuantifiedComparison(std::move(left), *op, op_pos);
    }
    COPRA_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(prec + 1));
    auto e = std::make_unique<BinaryExpr>(pos);
    e->op = *op;
    e->op_pos = op_pos;
    e->left = std::move(left);
    e->right = std::move(right);
    return ExprPtr(std::move(e));
  }
  if (t.type == TokenType::kDoubleColon) {
    Advance();
    auto e = std::make_unique<CastExpr>(pos);
    e->type_pos = Cur().pos;
    COPRA_ASSIGN_OR_RETURN(e->type_name, ParseTypeName());
    e->operand = std::move(left);
    e->double_colon = true;
    return ExprPtr(std::move(e));
  }
  if (t.type == TokenType::kLBracket) {
    // PostgreSQL's array subscript a[i]: array_element(a, i) over the text
    // form of arrays (function/pg_array.h).
    if (kPrecCast < min_prec) {
      *done = true;
      return left;
    }
    Advance();
    COPRA_ASSIGN_OR_RETURN(ExprPtr index, ParseExpr());
    if (Cur().type == TokenType::kColon) {
      return NotSupportedAt(Cur().pos, "array slices are not supported");
    }
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRBracket));
    auto call = MakeCall(op_pos, "array_element");
    call->args.push_back(std::move(left));
    call->args.push_back(std::move(index));
    return ExprPtr(std::move(call));
  }
  // PostgreSQL's regular-expression match operators, also written
  // OPERATOR(pg_catalog.~) as psql does: a ~ b is regexp_like(a, b), ~* adds
  // the 'i' flag, !~ and !~* negate.
  std::string regex_op;
  bool operator_form = false;
  if (t.type == TokenType::kOperator &&
      (t.raw == "~" || t.raw == "~*" || t.raw == "!~" || t.raw == "!~*")) {
    regex_op = std::string(t.raw);
  } else if (t.IsWord("operator") && Peek(1).type == TokenType::kLParen) {
    size_t k = 2;
    if (Peek(k).type == TokenType::kWord && Peek(k + 1).type == TokenType::kDot) k += 2;
    const Token& op = Peek(k);
    if (Peek(k + 1).type == TokenType::kRParen &&
        (op.type == TokenType::kOperator || BinaryOpFor(op.type).has_value())) {
      if (op.raw == "~" || op.raw == "~*" || op.raw == "!~" || op.raw == "!~*") {
        regex_op = std::string(op.raw);
      } else if (auto plain = BinaryOpFor(op.type)) {
        int prec = BinaryPrecedence(*plain);
        if (prec < min_prec) {
          *done = true;
          return left;
        }
        for (size_t i = 0; i <= k + 1; ++i) Advance();
        COPRA_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(prec + 1));
        auto e = std::make_unique<BinaryExpr>(pos);
        e->op = *plain;
        e->op_pos = op_pos;
        e->left = std::move(left);
        e->right = std::move(right);
        return ExprPtr(std::move(e));
      } else {
        return ErrorAt(op.pos, fmt::format("operator does not exist: {}", op.raw));
      }
      operator_form = true;
      for (size_t i = 0; i < k; ++i) Advance();  // now at the operator itself
    }
  }
  if (!regex_op.empty()) {
    if (kPrecLike < min_prec) {
      *done = true;
      return left;
    }
    Advance();
    if (operator_form) Advance();  // the ')' of OPERATOR(...)
    COPRA_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(kPrecLike + 1));
    auto call = MakeCall(op_pos, "regexp_like");
    call->args.push_back(std::move(left));
    call->args.push_back(std::move(right));
    if (regex_op.find('*') != std::string::npos) {
      call->args.push_back(MakeStringLiteral(op_pos, "i"));
    }
    if (regex_op[0] != '!') return ExprPtr(std::move(call));
    auto e = std::make_unique<UnaryExpr>(pos);
    e->op = UnaryOp::kNot;
    e->operand = std::move(call);
    return ExprPtr(std::move(e));
  }
  if (t.type == TokenType::kOperator) {
    return ErrorAt(t.pos, fmt::format("operator does not exist: {}", t.raw));
  }
  if (t.type != TokenType::kWord) {
    *done = true;
    return left;
  }

  const std::string& w = t.text;
  // expr COLLATE name: Copra compares strings bytewise (the "C" collation);
  // the clause is accepted and has no effect.
  if (w == "collate") {
    if (kPrecCast < min_prec) {
      *done = true;
      return left;
    }
    Advance();
    while (true) {
      if (Cur().type != TokenType::kWord && Cur().type != TokenType::kQuotedIdent) {
        return ErrorAt(Cur().pos, "syntax error: expected a collation name after COLLATE");
      }
      Advance();
      if (Cur().type != TokenType::kDot) break;
      Advance();
    }
    return left;
  }
  if ((w == "and" || w == "or")) {
    BinaryOp op = w == "and" ? BinaryOp::kAnd : BinaryOp::kOr;
    int prec = BinaryPrecedence(op);
    if (prec < min_prec) {
      *done = true;
      return left;
    }
    Advance();
    COPRA_ASSIGN_OR_RETURN(ExprPtr right, ParseBinary(prec + 1));
    auto e = std::make_unique<BinaryExpr>(pos);
    e->op = op;
    e->op_pos = op_pos;
    e->left = std::move(left);
    e->right = std::move(right);
    return ExprPtr(std::move(e));
  }
  if (w == "is" || w == "isnull" || w == "notnull") {
    if (kPrecIs < min_prec) {
      *done = true;
      return left;
    }
    Advance();
    auto e = std::make_unique<IsExpr>(pos);
    e->operand = std::move(left);
    if (w != "is") {
      e->test = IsTest::kNull;
      e->negated = w == "notnull";
      return ExprPtr(std::move(e));
    }
    e->negated = MatchWord("not");
    if (MatchWord("null")) {
      e->test = IsTest::kNull;
    } else if (MatchWord("true")) {
      e->test = IsTest::kTrue;
    } else if (MatchWord("false")) {
      e->test = IsTest::kFalse;
    } else if (MatchWord("unknown")) {
      e->test = IsTest::kUnknown;
    } else if (Cur().IsWord("distinct")) {
      Advance();
      COPRA_RETURN_NOT_OK(ExpectWord("from"));
      e->test = IsTest::kDistinctFrom;
      COPRA_ASSIGN_OR_RETURN(e->right, ParseBinary(kPrecIs + 1));
    } else {
      return Unexpected();
    }
    return ExprPtr(std::move(e));
  }

  // [NOT] LIKE | ILIKE | BETWEEN | IN
  bool negated = false;
  std::string_view kw = w;
  if (w == "not") {
    const Token& next = Peek(1);
    if (!(next.IsWord("like") || next.IsWord("ilike") || next.IsWord("between") ||
          next.IsWord("in") || next.IsWord("similar"))) {
      *done = true;
      return left;
    }
    negated = true;
    kw = next.text;
  }
  if (kw == "like" || kw == "ilike" || kw == "between" || kw == "in" || kw == "similar") {
    if (kPrecLike < min_prec) {
      *done = true;
      return left;
    }
    if (negated) Advance();
    if (kw == "similar") {
      return NotSupportedAt(Cur().pos,
                            "SIMILAR TO is not supported; use LIKE or a regexp function");
    }
    Advance();
    if (kw == "like" || kw == "ilike") {
      auto e = std::make_unique<LikeExpr>(pos);
      e->negated = negated;
      e->case_insensitive = kw == "ilike";
      e->operand = std::move(left);
      COPRA_ASSIGN_OR_RETURN(e->pattern, ParseBinary(kPrecLike + 1));
      if (MatchWord("escape")) {
        COPRA_ASSIGN_OR_RETURN(e->escape, ParseBinary(kPrecLike + 1));
      }
      return ExprPtr(std::move(e));
    }
    if (kw == "between") {
      auto e = std::make_unique<BetweenExpr>(pos);
      e->negated = negated;
      e->operand = std::move(left);
      if (Cur().IsWord("symmetric") || Cur().IsWord("asymmetric")) {
        return NotSupportedAt(Cur().pos, "BETWEEN SYMMETRIC is not supported");
      }
      COPRA_ASSIGN_OR_RETURN(e->low, ParseBinary(kPrecLike + 1));
      COPRA_RETURN_NOT_OK(ExpectWord("and"));
      COPRA_ASSIGN_OR_RETURN(e->high, ParseBinary(kPrecLike + 1));
      return ExprPtr(std::move(e));
    }
    // IN
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
    if (AtQueryStart()) {
      auto e = std::make_unique<InSubqueryExpr>(pos);
      e->negated = negated;
      e->operand = std::move(left);
      COPRA_ASSIGN_OR_RETURN(e->subquery, ParseQuery());
      COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
      return ExprPtr(std::move(e));
    }
    auto e = std::make_unique<InListExpr>(pos);
    e->negated = negated;
    e->operand = std::move(left);
    COPRA_ASSIGN_OR_RETURN(e->list, ParseExprList());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    return ExprPtr(std::move(e));
  }
  *done = true;
  return left;
}

Result<std::vector<ExprPtr>> Parser::ParseExprList() {
  std::vector<ExprPtr> list;
  do {
    COPRA_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
    list.push_back(std::move(e));
  } while (MatchToken(TokenType::kComma));
  return list;
}

Result<ExprPtr> Parser::ParseNumber() {
  const Token& t = Cur();
  auto lit = std::make_unique<LiteralExpr>(t.pos);
  lit->text = t.text;
  if (t.type == TokenType::kNumeric) {
    lit->literal_kind = LiteralKind::kNumeric;
  } else if (t.text.size() > 2 && (t.text[1] == 'x' || t.text[1] == 'X')) {
    uint64_t v = 0;
    const char* begin = t.text.data() + 2;
    const char* end = t.text.data() + t.text.size();
    auto [ptr, ec] = std::from_chars(begin, end, v, 16);
    if (ec != std::errc() || ptr != end || v > static_cast<uint64_t>(INT64_MAX)) {
      return ErrorAt(t.pos,
                     fmt::format("hexadecimal literal {} is out of range for bigint", t.raw));
    }
    lit->literal_kind = LiteralKind::kInteger;
    lit->int_value = static_cast<int64_t>(v);
  } else {
    ClassifyNumber(lit.get());
  }
  Advance();
  return ExprPtr(std::move(lit));
}

Result<ExprPtr> Parser::ParsePrimary() {
  const Token& t = Cur();
  SourcePosition pos = t.pos;
  switch (t.type) {
    case TokenType::kInteger:
    case TokenType::kNumeric: return ParseNumber();
    case TokenType::kString: {
      auto lit = MakeStringLiteral(pos, t.text);
      Advance();
      return ExprPtr(std::move(lit));
    }
    case TokenType::kParameter: {
      auto p = std::make_unique<ParameterExpr>(pos);
      if (t.text.empty()) {
        p->index = next_question_param_++;
      } else {
        int v = 0;
        auto [ptr, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
        if (ec != std::errc() || ptr != t.text.data() + t.text.size() || v < 1 || v > 65535) {
          return ErrorAt(pos, fmt::format("parameter number {} is out of range (1..65535)", t.raw));
        }
        p->index = v;
      }
      Advance();
      return ExprPtr(std::move(p));
    }
    case TokenType::kLParen: return ParseParenthesized();
    case TokenType::kQuotedIdent: return ParseNameOrCall();
    case TokenType::kWord: break;
    case TokenType::kStar:
      return ErrorAt(pos,
                     "syntax error at or near \"*\": * is only allowed in a select list "
                     "or as count(*)");
    default: return UnexpectedExpecting("an expression");
  }

  const std::string& w = t.text;
  if (w == "null" || w == "true" || w == "false") {
    auto lit = std::make_unique<LiteralExpr>(pos);
    if (w == "null") {
      lit->literal_kind = LiteralKind::kNull;
    } else {
      lit->literal_kind = LiteralKind::kBoolean;
      lit->bool_value = w == "true";
    }
    Advance();
    return ExprPtr(std::move(lit));
  }
  if (w == "case") return ParseCase();
  if (w == "cast") return ParseCast();
  if (w == "exists") {
    Advance();
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
    if (!AtQueryStart()) return UnexpectedExpecting("a subquery (SELECT ...)");
    auto e = std::make_unique<ExistsExpr>(pos);
    COPRA_ASSIGN_OR_RETURN(e->subquery, ParseQuery());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    return ExprPtr(std::move(e));
  }
  if (w == "current_timestamp" || w == "current_date" || w == "current_time" ||
      w == "localtimestamp" || w == "localtime" || w == "current_user" || w == "session_user" ||
      w == "current_role" || w == "current_catalog" || w == "current_schema") {
    std::string name = w;
    Advance();
    // current_timestamp(3) (precision) and MySQL/GreptimeDB's
    // current_timestamp() are ordinary calls.
    if (Cur().type == TokenType::kLParen) return ParseFunctionCall(pos, "", std::move(name));
    auto call = MakeCall(pos, std::move(name));
    call->keyword_form = true;
    return ExprPtr(std::move(call));
  }
  if (AtTypedLiteral()) return ParseTypedLiteral();
  if (w == "array" && Peek(1).type == TokenType::kLParen && AtQueryStart(2)) {
    // ARRAY(subquery): the call "array" with the subquery as its argument;
    // the binder builds the array (planner/bind_array_subquery.cpp).
    Advance();
    Advance();
    auto sub = std::make_unique<SubqueryExpr>(Cur().pos);
    COPRA_ASSIGN_OR_RETURN(sub->subquery, ParseQuery());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    auto call = MakeCall(pos, "array");
    call->args.push_back(std::move(sub));
    return ExprPtr(std::move(call));
  }
  if (w == "array" || w == "row") {
    if (Peek(1).type == TokenType::kLParen || Peek(1).type == TokenType::kLBracket) {
      return NotSupportedAt(pos, fmt::format("{} constructors are not supported", Upper(w)));
    }
  }
  if (Peek(1).type == TokenType::kLParen) {
    bool handled = false;
    COPRA_ASSIGN_OR_RETURN(ExprPtr special, ParseSpecialFunction(&handled));
    if (handled) return special;
    if (w == "left" || w == "right") {
      std::string name = w;
      Advance();
      return ParseFunctionCall(pos, "", std::move(name));
    }
  }
  if (IsReservedWord(w)) return UnexpectedExpecting("an expression");
  return ParseNameOrCall();
}

Result<ExprPtr> Parser::ParseParenthesized() {
  SourcePosition pos = Cur().pos;
  if (AtQueryStart(1)) {
    // "((SELECT 1) + 1)" starts like "((SELECT 1) UNION (SELECT 2))": when
    // the query reading fails, retry as an expression and report whichever
    // attempt got further.
    bool ambiguous = Peek(1).type == TokenType::kLParen;
    size_t saved_pos = pos_;
    size_t saved_end = last_end_;
    int saved_param = next_question_param_;
    size_t saved_expected_at = expected_at_;
    std::vector<Expected> saved_expected = expected_;
    Advance();
    auto e = std::make_unique<SubqueryExpr>(pos);
    auto query = ParseQuery();
    Status query_error;
    if (query.ok()) {
      e->subquery = std::move(query).value();
      query_error = ExpectToken(TokenType::kRParen);
      if (query_error.ok()) return ExprPtr(std::move(e));
    } else {
      query_error = query.status();
    }
    if (!ambiguous) return query_error;
    pos_ = saved_pos;
    last_end_ = saved_end;
    next_question_param_ = saved_param;
    expected_at_ = saved_expected_at;
    expected_ = std::move(saved_expected);
    Advance();
    auto inner = ParseExpr();
    Status expr_error;
    if (inner.ok()) {
      expr_error = ExpectToken(TokenType::kRParen);
      if (expr_error.ok()) return std::move(inner).value();
    } else {
      expr_error = inner.status();
    }
    return expr_error.position().offset > query_error.position().offset ? expr_error : query_error;
  }
  Advance();  // (
  COPRA_ASSIGN_OR_RETURN(ExprPtr inner, ParseExpr());
  if (Cur().type == TokenType::kComma) {
    return NotSupportedAt(pos, "row constructors such as (a, b) are not supported");
  }
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  // PostgreSQL's field selection from a composite value, (f(x)).n or
  // (t.c).n: record_field(value, 'n') (planner/set_function.h).
  while (Cur().type == TokenType::kDot && Peek(1).type != TokenType::kStar) {
    SourcePosition dot = Cur().pos;
    Advance();
    auto field = std::make_unique<LiteralExpr>(Cur().pos);
    field->literal_kind = LiteralKind::kString;
    COPRA_ASSIGN_OR_RETURN(field->text, ParseLabel("a field name"));
    auto call = MakeCall(dot, "record_field");
    call->args.push_back(std::move(inner));
    call->args.push_back(std::move(field));
    inner = std::move(call);
  }
  return inner;
}

Result<ExprPtr> Parser::ParseNameOrCall() {
  SourcePosition pos = Cur().pos;
  std::vector<std::string> names;
  COPRA_ASSIGN_OR_RETURN(std::string first, ParseIdentifier("an expression"));
  names.push_back(std::move(first));
  while (Cur().type == TokenType::kDot) {
    Advance();
    if (Cur().type == TokenType::kStar) {
      Advance();
      auto star = std::make_unique<StarExpr>(pos);
      star->qualifier = std::move(names);
      return ExprPtr(std::move(star));
    }
    if (names.size() >= 4) {
      return ErrorAt(Cur().pos, fmt::format("improper qualified name (too many dotted names): {}",
                                            JoinQualified(names)));
    }
    // After a dot any word is a name: t.select is unusual but unambiguous.
    COPRA_ASSIGN_OR_RETURN(std::string part, ParseLabel("a column name or *"));
    names.push_back(std::move(part));
  }
  if (Cur().type == TokenType::kLParen) {
    if (names.size() > 2) {
      return ErrorAt(pos,
                     fmt::format("improper qualified function name: {}", JoinQualified(names)));
    }
    std::string schema = names.size() == 2 ? names[0] : std::string();
    return ParseFunctionCall(pos, std::move(schema), std::move(names.back()));
  }
  auto col = std::make_unique<ColumnRefExpr>(pos);
  col->names = std::move(names);
  return ExprPtr(std::move(col));
}

Result<ExprPtr> Parser::ParseFunctionCall(SourcePosition pos, std::string schema,
                                          std::string name) {
  // A call level costs about twice the stack of a parenthesis level.
  COPRA_PARSER_ENTER();
  auto call = MakeCall(pos, std::move(name));
  call->schema = std::move(schema);
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
  if (Cur().type == TokenType::kStar) {
    Advance();
    call->star = true;
  } else if (!CheckToken(TokenType::kRParen)) {
    if (MatchWord("distinct")) {
      call->distinct = true;
    } else {
      MatchWord("all");
    }
    COPRA_ASSIGN_OR_RETURN(call->args, ParseExprList());
    COPRA_ASSIGN_OR_RETURN(bool has_order, MatchWords("order", "by"));
    if (has_order) {
      COPRA_ASSIGN_OR_RETURN(call->order_by, ParseOrderByList());
    }
  }
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  if (Cur().IsWord("within") && Peek(1).IsWord("group")) {
    return NotSupportedAt(Cur().pos, "WITHIN GROUP is not supported");
  }
  if (Cur().IsWord("filter") && Peek(1).type == TokenType::kLParen) {
    Advance();
    Advance();
    COPRA_RETURN_NOT_OK(ExpectWord("where"));
    COPRA_ASSIGN_OR_RETURN(call->filter, ParseExpr());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  }
  if (Cur().IsWord("over") &&
      (Peek(1).type == TokenType::kLParen || Peek(1).type == TokenType::kWord ||
       Peek(1).type == TokenType::kQuotedIdent)) {
    Advance();
    COPRA_ASSIGN_OR_RETURN(call->over, ParseOverClause());
  }
  return ExprPtr(std::move(call));
}

Result<std::unique_ptr<WindowSpec>> Parser::ParseOverClause() {
  if (Cur().type != TokenType::kLParen) {
    auto spec = std::make_unique<WindowSpec>();
    spec->pos = Cur().pos;
    COPRA_ASSIGN_OR_RETURN(spec->base_name, ParseIdentifier("a window name"));
    spec->bare_name = true;
    return spec;
  }
  return ParseWindowSpec();
}

Result<std::unique_ptr<WindowSpec>> Parser::ParseWindowSpec() {
  COPRA_PARSER_ENTER();
  auto spec = std::make_unique<WindowSpec>();
  spec->pos = Cur().pos;
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
  auto at_clause = [this] {
    return Cur().IsWord("partition") || Cur().IsWord("order") || Cur().IsWord("rows") ||
           Cur().IsWord("range") || Cur().IsWord("groups");
  };
  if ((Cur().type == TokenType::kWord || Cur().type == TokenType::kQuotedIdent) && !at_clause()) {
    COPRA_ASSIGN_OR_RETURN(spec->base_name, ParseIdentifier("a window name"));
  }
  COPRA_ASSIGN_OR_RETURN(bool has_partition, MatchWords("partition", "by"));
  if (has_partition) {
    COPRA_ASSIGN_OR_RETURN(spec->partition_by, ParseExprList());
  }
  COPRA_ASSIGN_OR_RETURN(bool has_order, MatchWords("order", "by"));
  if (has_order) {
    COPRA_ASSIGN_OR_RETURN(spec->order_by, ParseOrderByList());
  }
  if (Cur().IsWord("rows") || Cur().IsWord("range") || Cur().IsWord("groups")) {
    COPRA_RETURN_NOT_OK(ParseWindowFrame(spec.get()));
  }
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  return spec;
}

Status Parser::ParseWindowFrame(WindowSpec* spec) {
  spec->has_frame = true;
  if (MatchWord("rows")) {
    spec->mode = WindowFrameMode::kRows;
  } else if (MatchWord("range")) {
    spec->mode = WindowFrameMode::kRange;
  } else {
    Advance();
    spec->mode = WindowFrameMode::kGroups;
  }
  if (MatchWord("between")) {
    COPRA_ASSIGN_OR_RETURN(spec->start, ParseWindowFrameBound());
    COPRA_RETURN_NOT_OK(ExpectWord("and"));
    COPRA_ASSIGN_OR_RETURN(spec->end, ParseWindowFrameBound());
  } else {
    COPRA_ASSIGN_OR_RETURN(spec->start, ParseWindowFrameBound());
    spec->end = WindowFrameBoundSpec{WindowBoundKind::kCurrentRow, nullptr, spec->start.pos};
  }
  if (Cur().IsWord("exclude")) {
    return NotSupportedAt(Cur().pos, "EXCLUDE in window frames is not supported");
  }
  return Status::OK();
}

Result<WindowFrameBoundSpec> Parser::ParseWindowFrameBound() {
  WindowFrameBoundSpec bound;
  bound.pos = Cur().pos;
  if (MatchWord("unbounded")) {
    if (MatchWord("preceding")) {
      bound.kind = WindowBoundKind::kUnboundedPreceding;
    } else {
      COPRA_RETURN_NOT_OK(ExpectWord("following"));
      bound.kind = WindowBoundKind::kUnboundedFollowing;
    }
    return bound;
  }
  if (Cur().IsWord("current") && Peek(1).IsWord("row")) {
    Advance();
    Advance();
    bound.kind = WindowBoundKind::kCurrentRow;
    return bound;
  }
  COPRA_ASSIGN_OR_RETURN(bound.offset, ParseExpr());
  if (MatchWord("preceding")) {
    bound.kind = WindowBoundKind::kPreceding;
  } else {
    COPRA_RETURN_NOT_OK(ExpectWord("following"));
    bound.kind = WindowBoundKind::kFollowing;
  }
  return bound;
}

}  // namespace copra

namespace copra {

// x op ANY|SOME|ALL (subquery or array). With a subquery, = ANY is IN and
// <> ALL is NOT IN; with an array (the text form of PostgreSQL arrays that
// pg_catalog holds), = ANY is array_contains(array, x) and <> ALL its
// negation. Other operators are not supported.
Result<ExprPtr> Parser::ParseQuantifiedComparison(ExprPtr left, BinaryOp op,
                                                  SourcePosition op_pos) {
  SourcePosition pos = left->pos;
  const bool all = Cur().IsWord("all");
  SourcePosition quantifier_pos = Cur().pos;
  Advance();
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
  const bool in_form = (op == BinaryOp::kEq && !all) || (op == BinaryOp::kNotEq && all);
  if (!in_form) {
    return NotSupportedAt(op_pos, fmt::format("only = ANY (...) and <> ALL (...) are supported"));
  }
  if (AtQueryStart()) {
    auto e = std::make_unique<InSubqueryExpr>(pos);
    e->negated = all;
    e->operand = std::move(left);
    COPRA_ASSIGN_OR_RETURN(e->subquery, ParseQuery());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    return ExprPtr(std::move(e));
  }
  COPRA_ASSIGN_OR_RETURN(ExprPtr array, ParseExpr());
  COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  auto call = MakeCall(quantifier_pos, "array_contains");
  call->args.push_back(std::move(array));
  call->args.push_back(std::move(left));
  if (!all) return ExprPtr(std::move(call));
  auto e = std::make_unique<UnaryExpr>(pos);
  e->op = UnaryOp::kNot;
  e->operand = std::move(call);
  return ExprPtr(std::move(e));
}

}  // namespace copra
