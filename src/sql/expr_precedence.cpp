#include "sql/expr_precedence.h"

namespace copra {

int BinaryPrecedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return kPrecOr;
    case BinaryOp::kAnd: return kPrecAnd;
    case BinaryOp::kEq:
    case BinaryOp::kNotEq:
    case BinaryOp::kLt:
    case BinaryOp::kLtEq:
    case BinaryOp::kGt:
    case BinaryOp::kGtEq: return kPrecCompare;
    case BinaryOp::kConcat: return kPrecConcat;
    case BinaryOp::kAdd:
    case BinaryOp::kSub: return kPrecAdd;
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kMod: return kPrecMul;
    case BinaryOp::kPow: return kPrecPow;
  }
  return kPrecPrimary;
}

int ExprPrecedence(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kUnary:
      return e.As<UnaryExpr>().op == UnaryOp::kNot ? kPrecNot : kPrecUnary;
    case ExprKind::kBinary:
      return BinaryPrecedence(e.As<BinaryExpr>().op);
    case ExprKind::kIs:
      return kPrecIs;
    case ExprKind::kLike:
    case ExprKind::kBetween:
    case ExprKind::kInList:
    case ExprKind::kInSubquery:
      return kPrecLike;
    case ExprKind::kCast:
      return e.As<CastExpr>().double_colon ? kPrecCast : kPrecPrimary;
    case ExprKind::kLiteral: {
      // A folded negative number renders as "-5" and so binds like unary minus.
      const auto& lit = e.As<LiteralExpr>();
      bool negative = (lit.literal_kind == LiteralKind::kInteger ||
                       lit.literal_kind == LiteralKind::kNumeric) &&
                      !lit.text.empty() && lit.text[0] == '-';
      return negative ? kPrecUnary : kPrecPrimary;
    }
    default:
      return kPrecPrimary;
  }
}

}  // namespace copra
