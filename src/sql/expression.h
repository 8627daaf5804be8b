// SQL expression AST produced by the parser (sql/parser.h) and consumed by the
// binder. Plain structs owning their children through std::unique_ptr; walk
// them with a switch on `kind` and `As<T>()`.
//
// Every node carries `pos`, the position of its first token. Syntactic sugar
// is removed by the parser so the binder sees few node kinds:
//   EXTRACT(f FROM x)             -> date_part('f', x)
//   SUBSTRING(x FROM a FOR b)     -> substring(x, a, b)   (FOR only: a = 1)
//   TRIM([BOTH|LEADING|TRAILING] [c] FROM x) -> btrim|ltrim|rtrim(x [, c])
//   POSITION(a IN b)              -> strpos(b, a)
//   x ISNULL / x NOTNULL          -> x IS [NOT] NULL
//   NOT EXISTS (q)                -> NOT (EXISTS (q))
//   TIMESTAMP '..', DATE '..', INTERVAL '1' DAY, INTERVAL 5 MINUTE
//                                 -> LiteralExpr kTypedString
//   -<numeric literal>            -> a negative literal
//   current_timestamp, current_date, ... (no parens) -> FunctionCallExpr with
//                                    `keyword_form` set and no arguments;
//                                    current_timestamp(3) is a plain call
//   GROUP BY 2, ORDER BY 2        -> integer literals (positions; binder's job)
// Thread safety: none; an AST is owned by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "sql/object_name.h"

namespace copra {

struct QueryNode;  // sql/query_node.h

// While alive, ToString() on this thread parenthesises every operator
// subexpression ("(a + (b * c))") so the rendering shows the tree shape
// unambiguously; for tests and debugging output.
class FullParenthesesScope {
 public:
  FullParenthesesScope();
  ~FullParenthesesScope();
  FullParenthesesScope(const FullParenthesesScope&) = delete;
  FullParenthesesScope& operator=(const FullParenthesesScope&) = delete;

  static bool Active();

 private:
  bool previous_;
};

enum class ExprKind : uint8_t {
  kLiteral,
  kColumnRef,
  kStar,
  kParameter,
  kUnary,
  kBinary,
  kIs,
  kLike,
  kBetween,
  kInList,
  kInSubquery,
  kExists,
  kSubquery,
  kFunctionCall,
  kCase,
  kCast,
};

const char* ExprKindName(ExprKind kind);

struct Expr {
  Expr(ExprKind kind, SourcePosition pos) : kind(kind), pos(pos) {}
  virtual ~Expr() = default;
  Expr(const Expr&) = delete;
  Expr& operator=(const Expr&) = delete;

  // SQL-ish rendering with minimal parentheses; re-parses to the same tree.
  // Used for default column names ("a + 1") and EXPLAIN.
  virtual std::string ToString() const = 0;

  template <typename T>
  T& As() {
    COPRA_CHECK(kind == T::kKind);
    return static_cast<T&>(*this);
  }
  template <typename T>
  const T& As() const {
    COPRA_CHECK(kind == T::kKind);
    return static_cast<const T&>(*this);
  }

  const ExprKind kind;
  SourcePosition pos;
};

using ExprPtr = std::unique_ptr<Expr>;

enum class LiteralKind : uint8_t {
  kNull,
  kBoolean,
  kInteger,      // fits int64: int_value (also hex 0x1F)
  kNumeric,      // 1.5, 1e3, .5, or an integer too large for int64: text
  kString,       // 'abc', E'a\nb', $$...$$: text holds the contents
  kTypedString,  // TIMESTAMP '...', DATE '...', INTERVAL '...': type_name + text
};

struct LiteralExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kLiteral;
  explicit LiteralExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  LiteralKind literal_kind = LiteralKind::kNull;
  bool bool_value = false;  // kBoolean
  int64_t int_value = 0;    // kInteger
  // kInteger/kNumeric: the number as written (sign included when folded);
  // kString/kTypedString: the string contents with escapes resolved. For
  // INTERVAL '1' DAY the unit is appended: "1 day".
  std::string text;
  std::string type_name;  // kTypedString: "timestamp", "date", "interval", ...
};

// a, t.a, db.t.a
struct ColumnRefExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kColumnRef;
  explicit ColumnRefExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  const std::string& column() const { return names.back(); }
  std::vector<std::string> names;  // 1..4 parts; the last is the column
};

// * or t.* (in a select list, or count(*) is FunctionCallExpr::star instead)
struct StarExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kStar;
  explicit StarExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  std::vector<std::string> qualifier;  // empty for a bare *
};

// $1, $2, ... (or ?, numbered left to right from 1)
struct ParameterExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kParameter;
  explicit ParameterExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  int index = 0;  // 1-based
};

enum class UnaryOp : uint8_t { kNot, kMinus, kPlus };

struct UnaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kUnary;
  explicit UnaryExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  UnaryOp op = UnaryOp::kNot;
  ExprPtr operand;
};

enum class BinaryOp : uint8_t {
  kOr,
  kAnd,
  kEq,
  kNotEq,  // <> and !=
  kLt,
  kLtEq,
  kGt,
  kGtEq,
  kConcat,  // ||
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,  // ^
};

// "+", "<>", "AND", ...
const char* BinaryOpSymbol(BinaryOp op);

struct BinaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kBinary;
  explicit BinaryExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  BinaryOp op = BinaryOp::kAdd;
  ExprPtr left;
  ExprPtr right;
  SourcePosition op_pos;  // the operator token, for "operator does not exist"
};

enum class IsTest : uint8_t { kNull, kTrue, kFalse, kUnknown, kDistinctFrom };

// x IS [NOT] NULL|TRUE|FALSE|UNKNOWN, x IS [NOT] DISTINCT FROM y
struct IsExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kIs;
  explicit IsExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  IsTest test = IsTest::kNull;
  bool negated = false;
  ExprPtr operand;
  ExprPtr right;  // kDistinctFrom only
};

// x [NOT] LIKE|ILIKE pattern [ESCAPE e]
struct LikeExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kLike;
  explicit LikeExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  bool negated = false;
  bool case_insensitive = false;  // ILIKE
  ExprPtr operand;
  ExprPtr pattern;
  ExprPtr escape;  // may be null
};

// x [NOT] BETWEEN low AND high
struct BetweenExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kBetween;
  explicit BetweenExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  bool negated = false;
  ExprPtr operand;
  ExprPtr low;
  ExprPtr high;
};

// x [NOT] IN (e1, e2, ...)
struct InListExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kInList;
  explicit InListExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  bool negated = false;
  ExprPtr operand;
  std::vector<ExprPtr> list;  // never empty
};

// x [NOT] IN (SELECT ...)
struct InSubqueryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kInSubquery;
  explicit InSubqueryExpr(SourcePosition pos);
  ~InSubqueryExpr() override;
  std::string ToString() const override;

  bool negated = false;
  ExprPtr operand;
  std::unique_ptr<QueryNode> subquery;
};

// EXISTS (SELECT ...)
struct ExistsExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kExists;
  explicit ExistsExpr(SourcePosition pos);
  ~ExistsExpr() override;
  std::string ToString() const override;

  std::unique_ptr<QueryNode> subquery;
};

// (SELECT ...) used as a scalar
struct SubqueryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubquery;
  explicit SubqueryExpr(SourcePosition pos);
  ~SubqueryExpr() override;
  std::string ToString() const override;

  std::unique_ptr<QueryNode> subquery;
};

enum class NullsOrder : uint8_t { kDefault, kFirst, kLast };

// One ORDER BY key (query ORDER BY, or inside an aggregate call).
// Defaults follow PostgreSQL: NULLS LAST for ASC, NULLS FIRST for DESC.
struct OrderByItem {
  ExprPtr expr;
  bool descending = false;
  NullsOrder nulls = NullsOrder::kDefault;
  SourcePosition pos;
  std::string ToString() const;
};

// Window frames: ROWS | RANGE BETWEEN <start> AND <end>.
enum class WindowFrameMode : uint8_t { kRows, kRange, kGroups };
enum class WindowBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,  // <offset> PRECEDING
  kCurrentRow,
  kFollowing,  // <offset> FOLLOWING
  kUnboundedFollowing,
};

struct WindowFrameBoundSpec {
  WindowBoundKind kind = WindowBoundKind::kUnboundedPreceding;
  ExprPtr offset;  // kPreceding / kFollowing only
  SourcePosition pos;
  std::string ToString() const;
};

// OVER (...) or a WINDOW clause entry: [base] [PARTITION BY ...]
// [ORDER BY ...] [frame]. `OVER w` is a spec with only `base_name`.
struct WindowSpec {
  std::string base_name;  // a WINDOW clause name this spec refines; may be empty
  std::vector<ExprPtr> partition_by;
  std::vector<OrderByItem> order_by;
  bool has_frame = false;
  WindowFrameMode mode = WindowFrameMode::kRange;
  WindowFrameBoundSpec start;  // defaults: RANGE UNBOUNDED PRECEDING
  WindowFrameBoundSpec end;    // .. CURRENT ROW (set by the parser)
  bool bare_name = false;      // OVER w (no parentheses)
  SourcePosition pos;
  WindowSpec() { end.kind = WindowBoundKind::kCurrentRow; }
  std::string ToString() const;
};

// f(args), count(*), count(DISTINCT x), f(x ORDER BY y) FILTER (WHERE c),
// f(args) OVER (...)
struct FunctionCallExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kFunctionCall;
  explicit FunctionCallExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  std::string schema;  // pg_catalog.f -> "pg_catalog"; usually empty
  std::string name;    // normalised (lower case unless quoted)
  std::vector<ExprPtr> args;
  bool distinct = false;
  bool star = false;  // count(*): args is empty
  std::vector<OrderByItem> order_by;
  ExprPtr filter;                    // FILTER (WHERE ...), may be null
  std::unique_ptr<WindowSpec> over;  // OVER ...: a window function call; may be null
  bool keyword_form = false;         // current_timestamp etc. written without ()
};

struct CaseWhen {
  ExprPtr condition;  // searched CASE: a boolean; simple CASE: a value
  ExprPtr result;
};

// CASE [operand] WHEN ... THEN ... [ELSE ...] END
struct CaseExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kCase;
  explicit CaseExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  ExprPtr operand;              // null for a searched CASE
  std::vector<CaseWhen> whens;  // never empty
  ExprPtr else_result;          // may be null
};

// CAST(x AS type) or x::type
struct CastExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kCast;
  explicit CastExpr(SourcePosition pos) : Expr(kKind, pos) {}
  std::string ToString() const override;

  ExprPtr operand;
  // Type as text, normalised: lower case words single-spaced, arguments
  // without spaces: "timestamp(3)", "double precision", "varchar(20)",
  // "bigint unsigned". Convert with ParseTypeName (types/logical_type.h).
  std::string type_name;
  bool double_colon = false;  // written x::type
  SourcePosition type_pos;
};

}  // namespace copra
