// Public entry points of the SQL front end: text in, AST (sql/ast.h) out.
//
// Callers: the engine's session (ParseSql), the binder for stored
// definitions (ParseExpression), the interactive shell (SplitStatements,
// IsStatementComplete). All functions are pure and thread-safe.
//
// Errors are Status::SyntaxError (SQLSTATE 42601) positioned at the offending
// token (1-based line and column counted in characters, plus byte offset),
// e.g. `syntax error at or near "FORM": expected FROM, WHERE, ... or end of
// statement`. Hostile input cannot crash the parser: nesting is capped at
// kMaxParseDepth.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sql/ast.h"

namespace copra {

// Limit on the depth of the parsed tree, whether from nesting ("((((1))))",
// subqueries) or from long operator chains ("a OR b OR ...", each term adds
// a level since later stages walk the tree recursively). Deeper input is a
// syntax error, never a stack overflow.
inline constexpr int kMaxParseDepth = 1000;

// Parses every statement in `sql` (separated by ';'; empty statements are
// skipped). Positions are relative to the start of `sql`.
Result<std::vector<StatementPtr>> ParseSql(std::string_view sql);

// Parses a single expression (the whole input must be one expression).
Result<ExprPtr> ParseExpression(std::string_view sql);

// Splits `sql` at top-level ';' (outside strings, quoted identifiers,
// comments and dollar quotes). Pieces exclude the ';' and surrounding
// whitespace; pieces that are empty or only comments are dropped. Never fails:
// an unterminated string simply extends to the end.
std::vector<std::string_view> SplitStatements(std::string_view sql);

// True when the last thing in `text` other than whitespace and comments is
// a top-level ';' (not inside a string, quoted identifier, comment or dollar
// quote). The shell keeps reading lines until this is true, then runs
// SplitStatements on the buffer (which may yield nothing for a lone ";").
bool IsStatementComplete(std::string_view text);

}  // namespace copra
