// Internal: the recursive-descent parser behind sql/parser.h. Split by
// concern across parse_*.cpp files; only parser.cpp and tests include this.
//
// Error reporting: every keyword/punctuation test that fails at the current
// token records what would have been accepted there (`expected_`). When a
// syntax error is raised at that token, the message lists those
// alternatives, so `SELECT a FROM t WHER x` reports the clauses that could
// follow. A word one edit away from an expected keyword adds a "did you mean"
// hint. Lexical errors arrive as a kError token and are reported when the
// parser reaches them, so the first error in the text wins.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sql/ast.h"
#include "sql/token.h"

namespace copra {

struct AliasFollower;  // parse_query.cpp

class Parser {
 public:
  explicit Parser(std::string_view sql);

  Result<std::vector<StatementPtr>> ParseStatements();
  Result<ExprPtr> ParseStandaloneExpression();

 private:
  friend class DepthScope;
  friend class ChainDepth;

  // ---- token cursor (parser.cpp) -------------------------------------------
  const Token& Peek(size_t ahead = 0) const;
  const Token& Cur() const { return Peek(0); }
  void Advance();
  // Current token is the (lower-case) word `kw`; records the expectation.
  bool CheckWord(std::string_view kw);
  // Like CheckWord, and consumes it on success.
  bool MatchWord(std::string_view kw);
  // Two-word keywords (GROUP BY, NOT NULL): false when `kw` is absent (and
  // records "KW KW2" as expected), true when both were consumed, and an
  // error at the second word when only `kw` is there.
  Result<bool> MatchWords(std::string_view kw, std::string_view kw2);
  Status ExpectWord(std::string_view kw);
  bool CheckToken(TokenType type);
  bool MatchToken(TokenType type);
  Status ExpectToken(TokenType type);
  // Records `desc` as acceptable at the current token; `hint_keyword` (lower
  // case) is used for "did you mean"; an empty desc is hint-only.
  void AddExpected(std::string desc, std::string hint_keyword = {});
  // Syntax error at the current token using the recorded expectations.
  Status Unexpected();
  // Syntax error at the current token with an explicit expectation.
  Status UnexpectedExpecting(std::string what);
  Status ErrorAt(SourcePosition pos, std::string message) const;
  Status NotSupportedAt(SourcePosition pos, std::string message) const;
  // Enters one level of nesting; fails past kMaxParseDepth.
  Status Enter();
  std::string_view SourceSince(size_t start_offset) const;

  // ---- names (parse_names.cpp) -----------------------------------------------
  // A non-reserved word or a quoted identifier.
  bool AtIdentifier() const;
  Result<std::string> ParseIdentifier(std::string_view what = "an identifier");
  // Any word (reserved too) or quoted identifier, as after AS.
  Result<std::string> ParseLabel(std::string_view what);
  Result<ObjectName> ParseObjectName(std::string_view what);
  Result<std::vector<std::string>> ParseIdentifierList();  // (a, b, c)
  Result<std::string> ParseStringLiteral(std::string_view what);
  // key [=] value pairs; `require_equals` for WITH (k = v) / SETTINGS.
  Result<SqlOption> ParseOption(bool require_equals);
  Result<std::vector<SqlOption>> ParseParenOptions(bool require_equals);
  Result<std::vector<SqlOption>> ParseSettingsList();  // k = v, k = v
  Result<std::string> ParseTypeName();

  // ---- statements (parser.cpp, parse_ddl.cpp, parse_utility.cpp) -------------
  Result<StatementPtr> ParseStatement();
  Result<StatementPtr> ParseExplain();
  Result<StatementPtr> ParseCreate();
  Result<StatementPtr> ParseCreateTable(SourcePosition pos, bool is_stream);
  Result<ColumnDefinition> ParseColumnDefinition();
  Result<StatementPtr> ParseCreateDatabase(SourcePosition pos);
  Result<StatementPtr> ParseCreateScript(SourcePosition pos, bool or_replace);
  Result<StatementPtr> ParseCreateFunction(SourcePosition pos, bool or_replace, bool aggregate);
  Result<StatementPtr> ParseCreateExternalStream(SourcePosition pos, bool or_replace);
  Result<StatementPtr> ParseCreateView(SourcePosition pos, bool or_replace, bool materialized);
  Result<StatementPtr> ParseCreateUser(SourcePosition pos);
  Result<StatementPtr> ParseAlterUser();
  // PASSWORD 'pw' | SUPERUSER | NOSUPERUSER, any number, any order; returns
  // how many were given.
  Result<int> ParseUserOptions(std::optional<std::string>* password,
                               std::optional<bool>* superuser);
  Result<StatementPtr> ParseAlterTable();  // parse_alter.cpp
  Result<StatementPtr> ParseDrop();
  Result<StatementPtr> ParseUse();
  Result<StatementPtr> ParseShow();
  Result<StatementPtr> ParseDescribe();
  Result<StatementPtr> ParseSet();
  Result<StatementPtr> ParseReset();
  Result<StatementPtr> ParseInsert();
  Result<StatementPtr> ParseDelete();
  Result<StatementPtr> ParseTruncate();
  Result<StatementPtr> ParseCopy();
  Result<StatementPtr> ParseAdmin();
  Result<StatementPtr> ParseTransaction();
  Result<StatementPtr> ParseGrant(bool revoke);
  Status ParseBody(std::string* body, SourcePosition* body_pos);
  Status SkipTransactionModes();

  // ---- queries (parse_query.cpp) ---------------------------------------------
  Result<QueryNodePtr> ParseQuery();
  Result<QueryNodePtr> ParseSetOperation(int min_prec);
  Result<QueryNodePtr> ParseSetOperand();
  Result<QueryNodePtr> ParseSelectBody();
  Result<QueryNodePtr> ParseValues();
  Status ParseWith(std::vector<CommonTableExpr>* ctes);
  Status ParseQueryTail(QueryNode* node);
  Result<std::vector<OrderByItem>> ParseOrderByList();
  Result<SelectItem> ParseSelectItem();
  Status ParseAlias(std::string* alias, const std::vector<AliasFollower>& followers);
  Result<TableRefPtr> ParseTableRef();
  Result<TableRefPtr> ParseTablePrimary();
  Status ParseTableAlias(TableRef* ref);
  bool AtQueryStart(size_t ahead = 0) const;

  // ---- expressions (parse_expression.cpp, parse_special_forms.cpp) ------------
  Result<ExprPtr> ParseExpr();
  Result<ExprPtr> ParseBinary(int min_prec);
  Result<ExprPtr> ParsePrefix();
  Result<ExprPtr> ParsePrimary();
  Result<ExprPtr> ParseInfix(ExprPtr left, int min_prec, bool* done);
  Result<ExprPtr> ParseNumber();
  Result<ExprPtr> ParseParenthesized();
  Result<ExprPtr> ParseQuantifiedComparison(ExprPtr left, BinaryOp op, SourcePosition op_pos);
  Result<ExprPtr> ParseNameOrCall();
  Result<ExprPtr> ParseFunctionCall(SourcePosition pos, std::string schema, std::string name);
  // After OVER: `w` or `( [w] [PARTITION BY ..] [ORDER BY ..] [frame] )`.
  Result<std::unique_ptr<WindowSpec>> ParseOverClause();
  Result<std::unique_ptr<WindowSpec>> ParseWindowSpec();
  Status ParseWindowFrame(WindowSpec* spec);
  Result<WindowFrameBoundSpec> ParseWindowFrameBound();
  Result<ExprPtr> ParseSpecialFunction(bool* handled);
  Result<ExprPtr> ParseCase();
  Result<ExprPtr> ParseCast();
  bool AtTypedLiteral() const;
  Result<ExprPtr> ParseTypedLiteral();
  Result<std::vector<ExprPtr>> ParseExprList();

  struct Expected {
    std::string desc;
    std::string keyword;
  };

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  size_t last_end_ = 0;  // byte offset just past the last consumed token
  int depth_ = 0;
  int next_question_param_ = 1;
  size_t expected_at_ = static_cast<size_t>(-1);
  std::vector<Expected> expected_;
};

// Node builders used when desugaring (e.g. SUBSTRING(x FOR n)).
std::unique_ptr<LiteralExpr> MakeIntegerLiteral(SourcePosition pos, int64_t value);
std::unique_ptr<LiteralExpr> MakeStringLiteral(SourcePosition pos, std::string text);
std::unique_ptr<FunctionCallExpr> MakeCall(SourcePosition pos, std::string name);

// RAII nesting counter; pair with Parser::Enter().
class DepthScope {
 public:
  explicit DepthScope(Parser* p) : p_(p) {}
  ~DepthScope() { --p_->depth_; }
  DepthScope(const DepthScope&) = delete;
  DepthScope& operator=(const DepthScope&) = delete;

 private:
  Parser* p_;
};

// Counts levels added by left-deep chains (a + b + c, t1 JOIN t2 JOIN t3):
// they are parsed iteratively but still deepen the tree that later stages
// walk recursively, so they count against kMaxParseDepth too.
class ChainDepth {
 public:
  explicit ChainDepth(Parser* p) : p_(p) {}
  ~ChainDepth();
  Status Add();
  ChainDepth(const ChainDepth&) = delete;
  ChainDepth& operator=(const ChainDepth&) = delete;

 private:
  Parser* p_;
  int added_ = 0;
};

// Enters a nesting level for the rest of the enclosing scope.
#define COPRA_PARSER_ENTER()    \
  COPRA_RETURN_NOT_OK(Enter()); \
  ::copra::DepthScope _copra_depth_scope(this)

}  // namespace copra
