#include "sql/query_node.h"

namespace copra {
namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteIdentifier(names[i]);
  }
  return out;
}

std::string JoinExprs(const std::vector<ExprPtr>& list) {
  std::string out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += list[i]->ToString();
  }
  return out;
}

// A set-operation operand needs parentheses when it carries its own
// WITH/ORDER BY/LIMIT/OFFSET, or when it is a set operation that would
// otherwise regroup (INTERSECT binds tighter; all are left-associative).
std::string SetOperand(const QueryNode& q, const SetOperationNode& parent, bool right) {
  bool wrap = !q.ctes.empty() || !q.order_by.empty() || q.limit || q.offset;
  if (!wrap && q.kind == QueryNodeKind::kSetOperation) {
    const auto& child = q.As<SetOperationNode>();
    bool child_tight = child.op == SetOpKind::kIntersect;
    bool parent_tight = parent.op == SetOpKind::kIntersect;
    if (right) {
      wrap = !(child_tight && !parent_tight);
    } else {
      wrap = parent_tight && !child_tight;
    }
  }
  return wrap ? "(" + q.ToString() + ")" : q.BodyToString();
}

}  // namespace

QueryNode::~QueryNode() = default;

std::string QueryNode::ToString() const {
  std::string out;
  if (!ctes.empty()) {
    out = "WITH ";
    for (size_t i = 0; i < ctes.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteIdentifier(ctes[i].name);
      if (!ctes[i].column_aliases.empty()) out += "(" + JoinNames(ctes[i].column_aliases) + ")";
      out += " AS (" + ctes[i].query->ToString() + ")";
    }
    out += " ";
  }
  out += BodyToString();
  if (!order_by.empty()) {
    out += " ORDER BY ";
    for (size_t i = 0; i < order_by.size(); ++i) {
      if (i > 0) out += ", ";
      out += order_by[i].ToString();
    }
  }
  if (limit) out += " LIMIT " + limit->ToString();
  if (offset) out += " OFFSET " + offset->ToString();
  return out;
}

std::string TableRef::AliasToString() const {
  std::string out;
  if (!alias.empty()) out = " AS " + QuoteIdentifier(alias);
  if (!column_aliases.empty()) out += "(" + JoinNames(column_aliases) + ")";
  return out;
}

std::string BaseTableRef::ToString() const { return name.ToString() + AliasToString(); }

std::string SubqueryRef::ToString() const {
  return "(" + query->ToString() + ")" + AliasToString();
}

std::string TableFunctionRef::ToString() const {
  std::string out;
  if (!schema.empty()) out = QuoteIdentifier(schema) + ".";
  std::string fn = name == "table" && schema.empty() ? name : QuoteIdentifier(name);
  return out + fn + "(" + JoinExprs(args) + ")" + AliasToString();
}

const char* JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner: return "INNER";
    case JoinType::kLeft: return "LEFT";
    case JoinType::kRight: return "RIGHT";
    case JoinType::kFull: return "FULL";
    case JoinType::kCross: return "CROSS";
  }
  return "?";
}

std::string JoinRef::ToString() const {
  // Joins are left-deep as parsed; a join on the right needs parentheses.
  std::string r = right->ToString();
  if (right->kind == TableRefKind::kJoin) r = "(" + r + ")";
  std::string out = left->ToString() + " ";
  if (natural) out += "NATURAL ";
  out += JoinTypeName(type);
  out += " JOIN " + r;
  if (condition) out += " ON " + condition->ToString();
  if (!using_columns.empty()) out += " USING (" + JoinNames(using_columns) + ")";
  return out;
}

std::string SelectItem::ToString() const {
  std::string out = expr->ToString();
  if (!alias.empty()) out += " AS " + QuoteIdentifier(alias);
  return out;
}

std::string SelectNode::BodyToString() const {
  std::string out = "SELECT ";
  if (distinct) out += "DISTINCT ";
  if (!distinct_on.empty()) out += "DISTINCT ON (" + JoinExprs(distinct_on) + ") ";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i].ToString();
  }
  if (!from.empty()) {
    out += " FROM ";
    for (size_t i = 0; i < from.size(); ++i) {
      if (i > 0) out += ", ";
      out += from[i]->ToString();
    }
  }
  if (where) out += " WHERE " + where->ToString();
  if (!group_by.empty()) out += " GROUP BY " + JoinExprs(group_by);
  if (having) out += " HAVING " + having->ToString();
  for (size_t i = 0; i < windows.size(); ++i) {
    out += i == 0 ? " WINDOW " : ", ";
    out += QuoteIdentifier(windows[i].name) + " AS " + windows[i].spec->ToString();
  }
  return out;
}

std::string SetOperationNode::BodyToString() const {
  const char* name = op == SetOpKind::kUnion       ? "UNION"
                     : op == SetOpKind::kIntersect ? "INTERSECT"
                                                   : "EXCEPT";
  return SetOperand(*left, *this, false) + " " + name + (all ? " ALL " : " ") +
         SetOperand(*right, *this, true);
}

std::string ValuesNode::BodyToString() const {
  std::string out = "VALUES ";
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out += ", ";
    out += "(" + JoinExprs(rows[i]) + ")";
  }
  return out;
}

}  // namespace copra
