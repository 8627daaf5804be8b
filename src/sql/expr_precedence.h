// Operator binding strengths shared by the expression parser and the
// ToString renderers, so rendering adds exactly the parentheses needed to
// parse back to the same tree. Order follows PostgreSQL:
//   OR < AND < NOT < IS < comparison < LIKE/BETWEEN/IN < || < + - < * / %
//   < ^ < unary + - < :: < primary
#pragma once

#include "sql/expression.h"

namespace copra {

inline constexpr int kPrecOr = 1;
inline constexpr int kPrecAnd = 2;
inline constexpr int kPrecNot = 3;
inline constexpr int kPrecIs = 4;
inline constexpr int kPrecCompare = 5;
inline constexpr int kPrecLike = 6;  // LIKE, ILIKE, BETWEEN, IN
inline constexpr int kPrecConcat = 7;
inline constexpr int kPrecAdd = 8;
inline constexpr int kPrecMul = 9;
inline constexpr int kPrecPow = 10;
inline constexpr int kPrecUnary = 11;
inline constexpr int kPrecCast = 12;
inline constexpr int kPrecPrimary = 13;

int BinaryPrecedence(BinaryOp op);

// How tightly the rendered form of `e` binds.
int ExprPrecedence(const Expr& e);

}  // namespace copra
