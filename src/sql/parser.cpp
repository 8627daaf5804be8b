#include "sql/parser.h"

#include <fmt/format.h>

#include "sql/keywords.h"
#include "sql/lexer.h"
#include "sql/parser_impl.h"
#include "sql/stack_guard.h"

namespace copra {

Parser::Parser(std::string_view sql) : sql_(sql), tokens_(Tokenize(sql)) {}

// ---- token cursor ------------------------------------------------------------

const Token& Parser::Peek(size_t ahead) const {
  size_t i = pos_ + ahead;
  // The last token is kEnd or kError; it repeats forever.
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

void Parser::Advance() {
  const Token& t = Cur();
  if (t.type == TokenType::kEnd || t.type == TokenType::kError) return;
  last_end_ = static_cast<size_t>(t.pos.offset) + t.raw.size();
  ++pos_;
}

void Parser::AddExpected(std::string desc, std::string hint_keyword) {
  if (expected_at_ != pos_) {
    expected_.clear();
    expected_at_ = pos_;
  }
  for (const Expected& e : expected_) {
    if (e.desc == desc && e.keyword == hint_keyword) return;
  }
  expected_.push_back(Expected{std::move(desc), std::move(hint_keyword)});
}

namespace {
const char* TokenDesc(TokenType type) {
  switch (type) {
    case TokenType::kLParen: return "\"(\"";
    case TokenType::kRParen: return "\")\"";
    case TokenType::kLBracket: return "\"[\"";
    case TokenType::kRBracket: return "\"]\"";
    case TokenType::kComma: return "\",\"";
    case TokenType::kSemicolon: return "\";\"";
    case TokenType::kDot: return "\".\"";
    case TokenType::kEq: return "\"=\"";
    case TokenType::kStar: return "\"*\"";
    case TokenType::kString: return "a string literal";
    case TokenType::kInteger: return "an integer";
    case TokenType::kWord:
    case TokenType::kQuotedIdent: return "an identifier";
    default: return "a token";
  }
}
}  // namespace

bool Parser::CheckWord(std::string_view kw) {
  if (Cur().IsWord(kw)) return true;
  AddExpected(Upper(kw), std::string(kw));
  return false;
}

bool Parser::MatchWord(std::string_view kw) {
  if (!CheckWord(kw)) return false;
  Advance();
  return true;
}

Result<bool> Parser::MatchWords(std::string_view kw, std::string_view kw2) {
  if (!Cur().IsWord(kw)) {
    AddExpected(Upper(kw) + " " + Upper(kw2), std::string(kw));
    return false;
  }
  Advance();
  COPRA_RETURN_NOT_OK(ExpectWord(kw2));
  return true;
}

Status Parser::ExpectWord(std::string_view kw) {
  if (MatchWord(kw)) return Status::OK();
  return Unexpected();
}

bool Parser::CheckToken(TokenType type) {
  if (Cur().type == type) return true;
  AddExpected(TokenDesc(type));
  return false;
}

bool Parser::MatchToken(TokenType type) {
  if (!CheckToken(type)) return false;
  Advance();
  return true;
}

Status Parser::ExpectToken(TokenType type) {
  if (MatchToken(type)) return Status::OK();
  return Unexpected();
}

Status Parser::ErrorAt(SourcePosition pos, std::string message) const {
  return Status::SyntaxError(std::move(message), pos);
}

Status Parser::NotSupportedAt(SourcePosition pos, std::string message) const {
  return Status::NotSupported(std::move(message), pos);
}

Status Parser::UnexpectedExpecting(std::string what) {
  AddExpected(std::move(what));
  return Unexpected();
}

Status Parser::Unexpected() {
  const Token& t = Cur();
  if (t.type == TokenType::kError) return ErrorAt(t.pos, t.text);
  std::string msg;
  if (t.type == TokenType::kEnd) {
    msg = "unexpected end of input";
  } else {
    std::string_view raw = t.raw;
    std::string shown(raw.substr(0, 40));
    if (raw.size() > 40) shown += "...";
    msg = fmt::format("syntax error at or near \"{}\"", shown);
  }
  std::vector<std::string> listed;
  std::string hint;
  if (expected_at_ == pos_) {
    for (const Expected& e : expected_) {
      if (!e.desc.empty()) listed.push_back(e.desc);
      if (hint.empty() && !e.keyword.empty() && t.type == TokenType::kWord && t.text.size() >= 2 &&
          e.keyword.size() >= 3 && TypoDistance(t.text, e.keyword, 1) <= 1) {
        hint = Upper(e.keyword);
      }
    }
  }
  if (!listed.empty()) {
    msg += ": expected ";
    for (size_t i = 0; i < listed.size(); ++i) {
      if (i > 0) msg += i + 1 == listed.size() ? " or " : ", ";
      msg += listed[i];
    }
  }
  bool hint_is_the_only_option = listed.size() == 1 && listed[0] == hint;
  if (!hint.empty() && !hint_is_the_only_option) msg += fmt::format(" (did you mean {}?)", hint);
  return ErrorAt(t.pos, std::move(msg));
}

Status Parser::Enter() {
  if (++depth_ > kMaxParseDepth || StackNearlyExhausted()) {
    --depth_;
    return ErrorAt(Cur().pos, fmt::format("statement is nested too deeply (more than {} levels)",
                                          kMaxParseDepth));
  }
  return Status::OK();
}

ChainDepth::~ChainDepth() { p_->depth_ -= added_; }

Status ChainDepth::Add() {
  COPRA_RETURN_NOT_OK(p_->Enter());
  ++added_;
  return Status::OK();
}

std::string_view Parser::SourceSince(size_t start_offset) const {
  if (last_end_ <= start_offset) return {};
  return sql_.substr(start_offset, last_end_ - start_offset);
}

// ---- statements -------------------------------------------------------------------

Result<StatementPtr> Parser::ParseStatement() {
  const Token& t = Cur();
  if (t.type == TokenType::kLParen || t.IsWord("select") || t.IsWord("with") ||
      t.IsWord("values")) {
    auto stmt = std::make_unique<SelectStatement>(t.pos);
    COPRA_ASSIGN_OR_RETURN(stmt->query, ParseQuery());
    return StatementPtr(std::move(stmt));
  }
  if (t.type == TokenType::kWord) {
    const std::string& w = t.text;
    if (w == "explain") return ParseExplain();
    if (w == "create") return ParseCreate();
    if (w == "drop") return ParseDrop();
    if (w == "use") return ParseUse();
    if (w == "show") return ParseShow();
    if (w == "describe" || w == "desc") return ParseDescribe();
    if (w == "set") return ParseSet();
    if (w == "reset") return ParseReset();
    if (w == "insert") return ParseInsert();
    if (w == "delete") return ParseDelete();
    if (w == "truncate") return ParseTruncate();
    if (w == "copy") return ParseCopy();
    if (w == "admin") return ParseAdmin();
    if (w == "begin" || w == "start" || w == "commit" || w == "end" || w == "rollback" ||
        w == "abort") {
      return ParseTransaction();
    }
    if (w == "alter" && Peek(1).IsWord("user")) return ParseAlterUser();
    if (w == "alter" && Peek(1).IsWord("table")) return ParseAlterTable();
    if (w == "grant") return ParseGrant(false);
    if (w == "revoke") return ParseGrant(true);
    if (w == "update") {
      return NotSupportedAt(t.pos,
                            "UPDATE is not supported: to change a row, INSERT a row with the same "
                            "primary key and time index (it replaces the old one)");
    }
    if (w == "alter") {
      return NotSupportedAt(t.pos, "ALTER is only supported as ALTER TABLE and ALTER USER");
    }
  }
  // Hint-only expectations: the message names a few, the hint checks all.
  static constexpr std::string_view kStatementWords[] = {
      "select", "insert", "create",   "drop",  "show",  "explain", "describe", "delete",
      "copy",   "with",   "values",   "use",   "set",   "reset",   "truncate", "admin",
      "begin",  "commit", "rollback", "start", "grant", "revoke",  "alter"};
  for (std::string_view kw : kStatementWords) AddExpected("", std::string(kw));
  return UnexpectedExpecting("a statement (SELECT, INSERT, CREATE, DROP, SHOW, ...)");
}

Result<StatementPtr> Parser::ParseExplain() {
  auto stmt = std::make_unique<ExplainStatement>(Cur().pos);
  Advance();  // EXPLAIN
  if (Cur().type == TokenType::kLParen && Peek(1).type == TokenType::kWord && !AtQueryStart(1)) {
    Advance();
    do {
      const Token& opt = Cur();
      bool* flag = nullptr;
      if (opt.IsWord("analyze") || opt.IsWord("analyse")) {  // British spelling too
        flag = &stmt->analyze;
      } else if (opt.IsWord("verbose")) {
        flag = &stmt->verbose;
      } else {
        AddExpected("ANALYZE", "analyze");
        AddExpected("VERBOSE", "verbose");
        return Unexpected();
      }
      Advance();
      bool value = true;
      if (MatchWord("false") || MatchWord("off")) {
        value = false;
      } else if (MatchWord("true") || MatchWord("on")) {
        value = true;
      }
      *flag = value;
    } while (MatchToken(TokenType::kComma));
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
  } else {
    while (true) {
      if (!stmt->analyze && (Cur().IsWord("analyse") || MatchWord("analyze"))) {
        if (Cur().IsWord("analyse")) Advance();  // British spelling, not listed
        stmt->analyze = true;
      } else if (!stmt->verbose && MatchWord("verbose")) {
        stmt->verbose = true;
      } else {
        break;
      }
    }
  }
  COPRA_PARSER_ENTER();
  size_t start = static_cast<size_t>(Cur().pos.offset);
  COPRA_ASSIGN_OR_RETURN(stmt->statement, ParseStatement());
  stmt->statement->text = std::string(SourceSince(start));
  return StatementPtr(std::move(stmt));
}

Result<std::vector<StatementPtr>> Parser::ParseStatements() {
  std::vector<StatementPtr> out;
  while (true) {
    while (Cur().type == TokenType::kSemicolon) Advance();
    if (Cur().type == TokenType::kEnd) break;
    if (Cur().type == TokenType::kError) return ErrorAt(Cur().pos, Cur().text);
    size_t start = static_cast<size_t>(Cur().pos.offset);
    next_question_param_ = 1;
    COPRA_ASSIGN_OR_RETURN(StatementPtr stmt, ParseStatement());
    stmt->text = std::string(SourceSince(start));
    if (Cur().type != TokenType::kSemicolon && Cur().type != TokenType::kEnd) {
      return UnexpectedExpecting("end of statement");
    }
    out.push_back(std::move(stmt));
  }
  return out;
}

Result<ExprPtr> Parser::ParseStandaloneExpression() {
  COPRA_ASSIGN_OR_RETURN(ExprPtr e, ParseExpr());
  if (Cur().type != TokenType::kEnd) return UnexpectedExpecting("end of input");
  return e;
}

// ---- public API -------------------------------------------------------------------

Result<std::vector<StatementPtr>> ParseSql(std::string_view sql) {
  Parser parser(sql);
  return parser.ParseStatements();
}

Result<ExprPtr> ParseExpression(std::string_view sql) {
  Parser parser(sql);
  return parser.ParseStandaloneExpression();
}

}  // namespace copra
