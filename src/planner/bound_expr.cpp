#include "planner/bound_expr.h"

#include "function/scalar_function.h"

namespace copra {

namespace {

std::shared_ptr<BoundExpr> Make(BoundExprKind kind, LogicalType type) {
  auto e = std::make_shared<BoundExpr>();
  e->kind = kind;
  e->type = type;
  return e;
}

bool IsInfixOperator(const std::string& name) {
  return name == "+" || name == "-" || name == "*" || name == "/" || name == "%" ||
         name == "=" || name == "<>" || name == "<" || name == "<=" || name == ">" ||
         name == ">=" || name == "||";
}

}  // namespace

BoundExprPtr BoundExpr::ColumnRef(int index, LogicalType type, std::string name) {
  auto e = Make(BoundExprKind::kColumnRef, type);
  e->column_index = index;
  e->name = std::move(name);
  return e;
}

BoundExprPtr BoundExpr::Constant(Value value, std::string name) {
  auto e = Make(BoundExprKind::kConstant, value.type());
  e->name = std::move(name);
  e->value = std::move(value);
  return e;
}

BoundExprPtr BoundExpr::Function(const ScalarFunction* fn, std::vector<BoundExprPtr> args,
                                 std::string name) {
  auto e = Make(BoundExprKind::kFunction, fn->return_type);
  e->function = fn;
  e->children = std::move(args);
  e->name = std::move(name);
  return e;
}

BoundExprPtr BoundExpr::Cast(BoundExprPtr child, LogicalType target) {
  if (child->type == target) return child;
  auto e = Make(BoundExprKind::kCast, target);
  e->name = child->name;
  e->pos = child->pos;
  e->children.push_back(std::move(child));
  return e;
}

BoundExprPtr BoundExpr::And(std::vector<BoundExprPtr> children) {
  auto e = Make(BoundExprKind::kAnd, LogicalType::Boolean());
  e->children = std::move(children);
  return e;
}

BoundExprPtr BoundExpr::Or(std::vector<BoundExprPtr> children) {
  auto e = Make(BoundExprKind::kOr, LogicalType::Boolean());
  e->children = std::move(children);
  return e;
}

BoundExprPtr BoundExpr::Not(BoundExprPtr child) {
  auto e = Make(BoundExprKind::kNot, LogicalType::Boolean());
  e->pos = child->pos;
  e->children.push_back(std::move(child));
  return e;
}

BoundExprPtr BoundExpr::IsNull(BoundExprPtr child, bool negated) {
  auto e = Make(BoundExprKind::kIsNull, LogicalType::Boolean());
  e->negated = negated;
  e->pos = child->pos;
  e->children.push_back(std::move(child));
  return e;
}

bool BoundExpr::IsFoldable() const {
  if (kind == BoundExprKind::kColumnRef || kind == BoundExprKind::kParameter) return false;
  if (kind == BoundExprKind::kFunction && !function->deterministic) return false;
  for (const BoundExprPtr& c : children) {
    if (!c->IsFoldable()) return false;
  }
  return true;
}

bool BoundExpr::ReferencesColumns() const {
  if (kind == BoundExprKind::kColumnRef) return true;
  for (const BoundExprPtr& c : children) {
    if (c->ReferencesColumns()) return true;
  }
  return false;
}

void BoundExpr::CollectColumns(std::vector<int>* out) const {
  if (kind == BoundExprKind::kColumnRef) out->push_back(column_index);
  for (const BoundExprPtr& c : children) c->CollectColumns(out);
}

std::string BoundExpr::ToString() const {
  auto join = [this](const char* sep) {
    std::string out;
    for (size_t i = 0; i < children.size(); ++i) {
      if (i > 0) out += sep;
      out += children[i]->ToString();
    }
    return out;
  };
  switch (kind) {
    case BoundExprKind::kColumnRef:
      return name.empty() ? "#" + std::to_string(column_index) : name;
    case BoundExprKind::kConstant:
      return value.is_null() ? "NULL" : value.ToSqlLiteral();
    case BoundExprKind::kParameter:
      return "$" + std::to_string(column_index + 1);
    case BoundExprKind::kFunction: {
      const std::string& fn = function->name;
      if (children.size() == 2 && IsInfixOperator(fn)) {
        return "(" + children[0]->ToString() + " " + fn + " " + children[1]->ToString() + ")";
      }
      if (fn == "negate" && children.size() == 1) return "(- " + children[0]->ToString() + ")";
      return fn + "(" + join(", ") + ")";
    }
    case BoundExprKind::kCast:
      return "CAST(" + children[0]->ToString() + " AS " + type.ToString() + ")";
    case BoundExprKind::kAnd:
      return "(" + join(" AND ") + ")";
    case BoundExprKind::kOr:
      return "(" + join(" OR ") + ")";
    case BoundExprKind::kNot:
      return "(NOT " + children[0]->ToString() + ")";
    case BoundExprKind::kIsNull:
      return "(" + children[0]->ToString() + (negated ? " IS NOT NULL)" : " IS NULL)");
    case BoundExprKind::kCase: {
      std::string out = "CASE";
      size_t pairs = (children.size() - (has_else ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; ++i) {
        out += " WHEN " + children[2 * i]->ToString() + " THEN " + children[2 * i + 1]->ToString();
      }
      if (has_else) out += " ELSE " + children.back()->ToString();
      return out + " END";
    }
    case BoundExprKind::kCoalesce:
      return "coalesce(" + join(", ") + ")";
  }
  return "?";
}

BoundExprPtr RemapColumns(const BoundExprPtr& expr, const std::vector<int>& mapping) {
  if (expr->kind == BoundExprKind::kColumnRef) {
    int to = mapping.at(static_cast<size_t>(expr->column_index));
    if (to == expr->column_index) return expr;
    auto e = std::make_shared<BoundExpr>(*expr);
    e->column_index = to;
    return e;
  }
  if (expr->children.empty()) return expr;
  std::vector<BoundExprPtr> children;
  bool changed = false;
  for (const BoundExprPtr& c : expr->children) {
    children.push_back(RemapColumns(c, mapping));
    changed |= children.back() != c;
  }
  if (!changed) return expr;
  auto e = std::make_shared<BoundExpr>(*expr);
  e->children = std::move(children);
  return e;
}

void SplitConjunction(const BoundExprPtr& expr, std::vector<BoundExprPtr>* out) {
  if (expr->kind == BoundExprKind::kAnd) {
    for (const BoundExprPtr& c : expr->children) SplitConjunction(c, out);
  } else {
    out->push_back(expr);
  }
}

BoundExprPtr MakeConjunction(std::vector<BoundExprPtr> conjuncts) {
  if (conjuncts.empty()) return nullptr;
  if (conjuncts.size() == 1) return conjuncts[0];
  return BoundExpr::And(std::move(conjuncts));
}

}  // namespace copra
