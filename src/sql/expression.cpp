#include "sql/expression.h"

#include "sql/expr_precedence.h"
#include "sql/query_node.h"

namespace copra {
namespace {

thread_local bool full_parentheses = false;

// Renders `e`, parenthesised when it binds looser than `min_prec`.
std::string Child(const Expr& e, int min_prec) {
  std::string s = e.ToString();
  int prec = ExprPrecedence(e);
  if (prec < min_prec || (full_parentheses && prec < kPrecPrimary)) return "(" + s + ")";
  return s;
}

std::string Join(const std::vector<ExprPtr>& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += list[i]->ToString();
  }
  return out;
}

std::string Subquery(const QueryNode& q) { return "(" + q.ToString() + ")"; }

// left(s, 2), right(s, 2) and current_timestamp(3) are calls although the
// words are reserved; the parser accepts them bare before "(".
std::string QuoteFunctionName(const std::string& name) {
  if (name == "left" || name == "right" || name == "current_timestamp" || name == "current_date" ||
      name == "current_time" || name == "localtimestamp" || name == "localtime") {
    return name;
  }
  return QuoteIdentifier(name);
}

}  // namespace

FullParenthesesScope::FullParenthesesScope() : previous_(full_parentheses) {
  full_parentheses = true;
}
FullParenthesesScope::~FullParenthesesScope() { full_parentheses = previous_; }
bool FullParenthesesScope::Active() { return full_parentheses; }

const char* ExprKindName(ExprKind kind) {
  switch (kind) {
    case ExprKind::kLiteral: return "literal";
    case ExprKind::kColumnRef: return "column reference";
    case ExprKind::kStar: return "*";
    case ExprKind::kParameter: return "parameter";
    case ExprKind::kUnary: return "unary operator";
    case ExprKind::kBinary: return "binary operator";
    case ExprKind::kIs: return "IS";
    case ExprKind::kLike: return "LIKE";
    case ExprKind::kBetween: return "BETWEEN";
    case ExprKind::kInList: return "IN list";
    case ExprKind::kInSubquery: return "IN subquery";
    case ExprKind::kExists: return "EXISTS";
    case ExprKind::kSubquery: return "scalar subquery";
    case ExprKind::kFunctionCall: return "function call";
    case ExprKind::kCase: return "CASE";
    case ExprKind::kCast: return "CAST";
  }
  return "?";
}

const char* BinaryOpSymbol(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "OR";
    case BinaryOp::kAnd: return "AND";
    case BinaryOp::kEq: return "=";
    case BinaryOp::kNotEq: return "<>";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLtEq: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGtEq: return ">=";
    case BinaryOp::kConcat: return "||";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
    case BinaryOp::kPow: return "^";
  }
  return "?";
}

std::string LiteralExpr::ToString() const {
  switch (literal_kind) {
    case LiteralKind::kNull: return "NULL";
    case LiteralKind::kBoolean: return bool_value ? "TRUE" : "FALSE";
    case LiteralKind::kInteger:
    case LiteralKind::kNumeric: return text;
    case LiteralKind::kString: return QuoteString(text);
    case LiteralKind::kTypedString: {
      std::string type = type_name;
      for (char& c : type) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      return type + " " + QuoteString(text);
    }
  }
  return "?";
}

std::string ColumnRefExpr::ToString() const { return JoinQualified(names); }

std::string StarExpr::ToString() const {
  if (qualifier.empty()) return "*";
  return JoinQualified(qualifier) + ".*";
}

std::string ParameterExpr::ToString() const { return "$" + std::to_string(index); }

std::string UnaryExpr::ToString() const {
  switch (op) {
    case UnaryOp::kNot: return "NOT " + Child(*operand, kPrecNot);
    case UnaryOp::kMinus:
    case UnaryOp::kPlus: {
      std::string s = Child(*operand, kPrecUnary);
      // "--x" would start a comment, "+-x" is fine but keep it symmetric.
      if (!s.empty() && (s[0] == '-' || s[0] == '+')) s = "(" + s + ")";
      return (op == UnaryOp::kMinus ? "-" : "+") + s;
    }
  }
  return "?";
}

std::string BinaryExpr::ToString() const {
  int prec = BinaryPrecedence(op);
  return Child(*left, prec) + " " + BinaryOpSymbol(op) + " " + Child(*right, prec + 1);
}

std::string IsExpr::ToString() const {
  std::string out = Child(*operand, kPrecIs) + (negated ? " IS NOT " : " IS ");
  switch (test) {
    case IsTest::kNull: return out + "NULL";
    case IsTest::kTrue: return out + "TRUE";
    case IsTest::kFalse: return out + "FALSE";
    case IsTest::kUnknown: return out + "UNKNOWN";
    case IsTest::kDistinctFrom: return out + "DISTINCT FROM " + Child(*right, kPrecIs + 1);
  }
  return "?";
}

std::string LikeExpr::ToString() const {
  std::string out = Child(*operand, kPrecLike);
  out += negated ? " NOT " : " ";
  out += case_insensitive ? "ILIKE " : "LIKE ";
  out += Child(*pattern, kPrecLike + 1);
  if (escape) out += " ESCAPE " + Child(*escape, kPrecLike + 1);
  return out;
}

std::string BetweenExpr::ToString() const {
  return Child(*operand, kPrecLike) + (negated ? " NOT BETWEEN " : " BETWEEN ") +
         Child(*low, kPrecLike + 1) + " AND " + Child(*high, kPrecLike + 1);
}

std::string InListExpr::ToString() const {
  return Child(*operand, kPrecLike) + (negated ? " NOT IN (" : " IN (") + Join(list) + ")";
}

InSubqueryExpr::InSubqueryExpr(SourcePosition pos) : Expr(kKind, pos) {}
InSubqueryExpr::~InSubqueryExpr() = default;
std::string InSubqueryExpr::ToString() const {
  return Child(*operand, kPrecLike) + (negated ? " NOT IN " : " IN ") + Subquery(*subquery);
}

ExistsExpr::ExistsExpr(SourcePosition pos) : Expr(kKind, pos) {}
ExistsExpr::~ExistsExpr() = default;
std::string ExistsExpr::ToString() const { return "EXISTS " + Subquery(*subquery); }

SubqueryExpr::SubqueryExpr(SourcePosition pos) : Expr(kKind, pos) {}
SubqueryExpr::~SubqueryExpr() = default;
std::string SubqueryExpr::ToString() const { return Subquery(*subquery); }

std::string OrderByItem::ToString() const {
  std::string out = expr->ToString();
  if (descending) out += " DESC";
  if (nulls == NullsOrder::kFirst) out += " NULLS FIRST";
  if (nulls == NullsOrder::kLast) out += " NULLS LAST";
  return out;
}

std::string FunctionCallExpr::ToString() const {
  std::string out;
  if (!schema.empty()) out = QuoteIdentifier(schema) + ".";
  if (keyword_form) {
    // current_timestamp & co. are reserved words; they must not be quoted.
    return out + name;
  }
  out += QuoteFunctionName(name);
  out += "(";
  if (distinct) out += "DISTINCT ";
  if (star) {
    out += "*";
  } else {
    out += Join(args);
  }
  if (!order_by.empty()) {
    out += " ORDER BY ";
    for (size_t i = 0; i < order_by.size(); ++i) {
      if (i > 0) out += ", ";
      out += order_by[i].ToString();
    }
  }
  out += ")";
  if (filter) out += " FILTER (WHERE " + filter->ToString() + ")";
  if (over) out += " OVER " + over->ToString();
  return out;
}

std::string WindowFrameBoundSpec::ToString() const {
  switch (kind) {
    case WindowBoundKind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case WindowBoundKind::kPreceding: return offset->ToString() + " PRECEDING";
    case WindowBoundKind::kCurrentRow: return "CURRENT ROW";
    case WindowBoundKind::kFollowing: return offset->ToString() + " FOLLOWING";
    case WindowBoundKind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "";
}

std::string WindowSpec::ToString() const {
  if (bare_name) return QuoteIdentifier(base_name);
  std::string out = "(";
  auto sep = [&out] {
    if (out.size() > 1) out += " ";
  };
  if (!base_name.empty()) out += QuoteIdentifier(base_name);
  if (!partition_by.empty()) {
    sep();
    out += "PARTITION BY " + Join(partition_by);
  }
  if (!order_by.empty()) {
    sep();
    out += "ORDER BY ";
    for (size_t i = 0; i < order_by.size(); ++i) {
      if (i > 0) out += ", ";
      out += order_by[i].ToString();
    }
  }
  if (has_frame) {
    sep();
    out += mode == WindowFrameMode::kRows    ? "ROWS"
           : mode == WindowFrameMode::kRange ? "RANGE"
                                             : "GROUPS";
    out += " BETWEEN " + start.ToString() + " AND " + end.ToString();
  }
  return out + ")";
}

std::string CaseExpr::ToString() const {
  std::string out = "CASE";
  if (operand) out += " " + operand->ToString();
  for (const CaseWhen& w : whens) {
    out += " WHEN " + w.condition->ToString() + " THEN " + w.result->ToString();
  }
  if (else_result) out += " ELSE " + else_result->ToString();
  return out + " END";
}

std::string CastExpr::ToString() const {
  if (double_colon) return Child(*operand, kPrecCast) + "::" + type_name;
  return "CAST(" + operand->ToString() + " AS " + type_name + ")";
}

}  // namespace copra
