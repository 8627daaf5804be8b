// Query parsing: WITH, SELECT blocks, set operations (INTERSECT binds
// tighter than UNION/EXCEPT), VALUES, FROM-clause table references and joins,
// ORDER BY / LIMIT / OFFSET.
#include <fmt/format.h>

#include "sql/keywords.h"
#include "sql/parser.h"
#include "sql/parser_impl.h"

namespace copra {

// Keywords that may follow a select item or a table reference; an implicit
// alias one edit away from one of these is almost surely a typo. Those with
// `listed` appear in the message, the others only feed "did you mean".
struct AliasFollower {
  std::string_view keyword;
  bool listed;
};

namespace {
const std::vector<AliasFollower> kSelectItemFollowers = {
    {"from", true},  {"where", true},  {"group", true}, {"having", true},    {"order", true},
    {"limit", true}, {"offset", true}, {"union", true}, {"intersect", true}, {"except", true}};
const std::vector<AliasFollower> kTableFollowers = {
    {"where", true},    {"group", true}, {"having", true},    {"order", true},  {"limit", true},
    {"offset", true},   {"union", true}, {"intersect", true}, {"except", true}, {"join", true},
    {"inner", false},   {"left", false}, {"right", false},    {"full", false},  {"cross", false},
    {"natural", false}, {"using", false}};

std::string FollowerDesc(std::string_view kw) {
  if (kw == "group" || kw == "order") return Upper(kw) + " BY";
  return Upper(kw);
}

}  // namespace

bool Parser::AtQueryStart(size_t ahead) const {
  size_t i = ahead;
  // Bounded: deeper nesting fails the depth check anyway.
  for (int n = 0; Peek(i).type == TokenType::kLParen && n <= kMaxParseDepth; ++n) ++i;
  const Token& t = Peek(i);
  return t.IsWord("select") || t.IsWord("with") || t.IsWord("values");
}

Result<QueryNodePtr> Parser::ParseQuery() {
  COPRA_PARSER_ENTER();
  SourcePosition pos = Cur().pos;
  std::vector<CommonTableExpr> ctes;
  if (Cur().IsWord("with")) COPRA_RETURN_NOT_OK(ParseWith(&ctes));
  COPRA_ASSIGN_OR_RETURN(QueryNodePtr node, ParseSetOperation(0));
  if (!ctes.empty()) {
    if (!node->ctes.empty()) return ErrorAt(pos, "multiple WITH clauses not allowed");
    node->ctes = std::move(ctes);
    node->pos = pos;
  }
  COPRA_RETURN_NOT_OK(ParseQueryTail(node.get()));
  return node;
}

Status Parser::ParseWith(std::vector<CommonTableExpr>* ctes) {
  Advance();  // WITH
  if (Cur().IsWord("recursive")) {
    return NotSupportedAt(Cur().pos, "WITH RECURSIVE is not supported");
  }
  do {
    CommonTableExpr cte;
    cte.pos = Cur().pos;
    COPRA_ASSIGN_OR_RETURN(cte.name, ParseIdentifier("a WITH query name"));
    if (Cur().type == TokenType::kLParen) {
      COPRA_ASSIGN_OR_RETURN(cte.column_aliases, ParseIdentifierList());
    }
    COPRA_RETURN_NOT_OK(ExpectWord("as"));
    if (Cur().IsWord("materialized")) {
      Advance();
    } else if (Cur().IsWord("not") && Peek(1).IsWord("materialized")) {
      Advance();
      Advance();
    }
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
    COPRA_ASSIGN_OR_RETURN(cte.query, ParseQuery());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    for (const CommonTableExpr& other : *ctes) {
      if (other.name == cte.name) {
        return ErrorAt(cte.pos,
                       fmt::format("WITH query name \"{}\" specified more than once", cte.name));
      }
    }
    ctes->push_back(std::move(cte));
  } while (MatchToken(TokenType::kComma));
  return Status::OK();
}

Result<QueryNodePtr> Parser::ParseSetOperation(int min_prec) {
  COPRA_ASSIGN_OR_RETURN(QueryNodePtr left, ParseSetOperand());
  ChainDepth chain(this);
  while (true) {
    SetOpKind op;
    int prec;
    if (CheckWord("union")) {
      op = SetOpKind::kUnion;
      prec = 1;
    } else if (CheckWord("except")) {
      op = SetOpKind::kExcept;
      prec = 1;
    } else if (CheckWord("intersect")) {
      op = SetOpKind::kIntersect;
      prec = 2;
    } else {
      break;
    }
    if (prec < min_prec) break;
    COPRA_RETURN_NOT_OK(chain.Add());
    Advance();
    auto node = std::make_unique<SetOperationNode>(left->pos);
    node->op = op;
    if (MatchWord("all")) {
      node->all = true;
    } else {
      MatchWord("distinct");
    }
    COPRA_ASSIGN_OR_RETURN(node->right, ParseSetOperation(prec + 1));
    node->left = std::move(left);
    left = std::move(node);
  }
  return left;
}

Result<QueryNodePtr> Parser::ParseSetOperand() {
  if (Cur().type == TokenType::kLParen) {
    Advance();
    COPRA_ASSIGN_OR_RETURN(QueryNodePtr inner, ParseQuery());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    return inner;
  }
  if (Cur().IsWord("select")) return ParseSelectBody();
  if (Cur().IsWord("values")) return ParseValues();
  AddExpected("SELECT", "select");
  AddExpected("VALUES", "values");
  AddExpected("\"(\"");
  return Unexpected();
}

Status Parser::ParseQueryTail(QueryNode* node) {
  COPRA_ASSIGN_OR_RETURN(bool has_order, MatchWords("order", "by"));
  if (has_order) {
    if (!node->order_by.empty()) {
      return ErrorAt(node->pos, "multiple ORDER BY clauses not allowed");
    }
    COPRA_ASSIGN_OR_RETURN(node->order_by, ParseOrderByList());
  }
  bool seen_limit = node->limit != nullptr;
  bool seen_offset = node->offset != nullptr;
  auto dup = [&](const char* what) {
    return ErrorAt(Cur().pos, fmt::format("multiple {} clauses not allowed", what));
  };
  while (true) {
    if (CheckWord("limit")) {
      if (seen_limit) return dup("LIMIT");
      Advance();
      seen_limit = true;
      if (MatchWord("all")) continue;
      COPRA_ASSIGN_OR_RETURN(node->limit, ParseExpr());
      if (MatchToken(TokenType::kComma)) {
        // MySQL's LIMIT offset, count.
        if (seen_offset) return dup("OFFSET");
        seen_offset = true;
        node->offset = std::move(node->limit);
        COPRA_ASSIGN_OR_RETURN(node->limit, ParseExpr());
      }
    } else if (CheckWord("offset")) {
      if (seen_offset) return dup("OFFSET");
      Advance();
      seen_offset = true;
      COPRA_ASSIGN_OR_RETURN(node->offset, ParseExpr());
      if (!MatchWord("rows")) MatchWord("row");
    } else if (Cur().IsWord("fetch")) {
      if (seen_limit) return dup("LIMIT");
      SourcePosition pos = Cur().pos;
      Advance();
      seen_limit = true;
      if (!MatchWord("first")) COPRA_RETURN_NOT_OK(ExpectWord("next"));
      if (Cur().IsWord("row") || Cur().IsWord("rows")) {
        node->limit = MakeIntegerLiteral(pos, 1);
      } else {
        COPRA_ASSIGN_OR_RETURN(node->limit, ParseExpr());
      }
      if (!MatchWord("rows")) COPRA_RETURN_NOT_OK(ExpectWord("row"));
      COPRA_RETURN_NOT_OK(ExpectWord("only"));
    } else {
      break;
    }
  }
  return Status::OK();
}

Result<std::vector<OrderByItem>> Parser::ParseOrderByList() {
  std::vector<OrderByItem> items;
  do {
    OrderByItem item;
    item.pos = Cur().pos;
    COPRA_ASSIGN_OR_RETURN(item.expr, ParseExpr());
    if (MatchWord("desc")) {
      item.descending = true;
    } else {
      MatchWord("asc");
    }
    if (MatchWord("nulls")) {
      if (MatchWord("first")) {
        item.nulls = NullsOrder::kFirst;
      } else if (MatchWord("last")) {
        item.nulls = NullsOrder::kLast;
      } else {
        return Unexpected();
      }
    }
    items.push_back(std::move(item));
  } while (MatchToken(TokenType::kComma));
  return items;
}

Result<QueryNodePtr> Parser::ParseSelectBody() {
  auto node = std::make_unique<SelectNode>(Cur().pos);
  Advance();  // SELECT
  if (MatchWord("distinct")) {
    if (MatchWord("on")) {
      COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
      COPRA_ASSIGN_OR_RETURN(node->distinct_on, ParseExprList());
      COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    } else {
      node->distinct = true;
    }
  } else {
    MatchWord("all");
  }
  do {
    COPRA_ASSIGN_OR_RETURN(SelectItem item, ParseSelectItem());
    node->items.push_back(std::move(item));
  } while (MatchToken(TokenType::kComma));
  if (Cur().IsWord("into")) {
    return NotSupportedAt(Cur().pos, "SELECT ... INTO is not supported; use CREATE TABLE ... AS");
  }
  if (MatchWord("from")) {
    do {
      COPRA_ASSIGN_OR_RETURN(TableRefPtr ref, ParseTableRef());
      node->from.push_back(std::move(ref));
    } while (MatchToken(TokenType::kComma));
  }
  if (MatchWord("where")) {
    COPRA_ASSIGN_OR_RETURN(node->where, ParseExpr());
  }
  COPRA_ASSIGN_OR_RETURN(bool has_group, MatchWords("group", "by"));
  if (has_group) {
    COPRA_ASSIGN_OR_RETURN(node->group_by, ParseExprList());
  }
  if (MatchWord("having")) {
    COPRA_ASSIGN_OR_RETURN(node->having, ParseExpr());
  }
  if (MatchWord("window")) {
    do {
      NamedWindow w;
      w.pos = Cur().pos;
      COPRA_ASSIGN_OR_RETURN(w.name, ParseIdentifier("a window name"));
      COPRA_RETURN_NOT_OK(ExpectWord("as"));
      COPRA_ASSIGN_OR_RETURN(w.spec, ParseWindowSpec());
      node->windows.push_back(std::move(w));
    } while (MatchToken(TokenType::kComma));
  }
  return QueryNodePtr(std::move(node));
}

Result<SelectItem> Parser::ParseSelectItem() {
  SelectItem item;
  item.pos = Cur().pos;
  if (Cur().type == TokenType::kStar) {
    item.expr = std::make_unique<StarExpr>(Cur().pos);
    Advance();
    return item;
  }
  COPRA_ASSIGN_OR_RETURN(item.expr, ParseExpr());
  if (item.expr->kind == ExprKind::kStar) return item;
  COPRA_RETURN_NOT_OK(ParseAlias(&item.alias, kSelectItemFollowers));
  return item;
}

Status Parser::ParseAlias(std::string* alias, const std::vector<AliasFollower>& followers) {
  const Token& t = Cur();
  if (t.IsWord("as")) {
    Advance();
    COPRA_ASSIGN_OR_RETURN(*alias, ParseLabel("an alias"));
    return Status::OK();
  }
  if (t.type == TokenType::kQuotedIdent) {
    *alias = t.text;
    Advance();
    return Status::OK();
  }
  if (t.type != TokenType::kWord || IsReservedWord(t.text)) return Status::OK();
  // An implicit alias. If what follows could not follow an alias and the
  // word is a near-miss of a clause keyword, report the typo instead of
  // failing confusingly one token later.
  const Token& next = Peek(1);
  bool next_fits = next.type == TokenType::kComma || next.type == TokenType::kRParen ||
                   next.type == TokenType::kSemicolon || next.type == TokenType::kEnd ||
                   next.type == TokenType::kLParen || next.IsWord("on") || next.IsWord("into");
  for (const AliasFollower& f : followers) {
    if (next.IsWord(f.keyword)) next_fits = true;
  }
  if (!next_fits) {
    for (const AliasFollower& f : followers) {
      if (TypoDistance(t.text, f.keyword, 1) <= 1) {
        for (const AliasFollower& g : followers) {
          AddExpected(g.listed ? FollowerDesc(g.keyword) : "", std::string(g.keyword));
        }
        AddExpected("end of statement");
        return Unexpected();
      }
    }
  }
  *alias = t.text;
  Advance();
  return Status::OK();
}

Result<TableRefPtr> Parser::ParseTableRef() {
  COPRA_ASSIGN_OR_RETURN(TableRefPtr left, ParseTablePrimary());
  ChainDepth chain(this);
  while (true) {
    const Token& t = Cur();
    bool natural = false;
    JoinType type = JoinType::kInner;
    if (t.IsWord("cross")) {
      Advance();
      COPRA_RETURN_NOT_OK(ExpectWord("join"));
      type = JoinType::kCross;
    } else {
      if (Cur().IsWord("natural")) {
        Advance();
        natural = true;
      }
      const Token& k = Cur();
      if (k.IsWord("join")) {
        Advance();
      } else if (k.IsWord("inner")) {
        Advance();
        COPRA_RETURN_NOT_OK(ExpectWord("join"));
      } else if (k.IsWord("left") || k.IsWord("right") || k.IsWord("full")) {
        type = k.IsWord("left")    ? JoinType::kLeft
               : k.IsWord("right") ? JoinType::kRight
                                   : JoinType::kFull;
        Advance();
        MatchWord("outer");
        COPRA_RETURN_NOT_OK(ExpectWord("join"));
      } else {
        AddExpected("JOIN", "join");
        for (const char* kw : {"inner", "left", "right", "full", "cross", "natural"}) {
          AddExpected("", kw);
        }
        if (natural) return Unexpected();
        break;
      }
    }
    COPRA_RETURN_NOT_OK(chain.Add());
    COPRA_ASSIGN_OR_RETURN(TableRefPtr right, ParseTablePrimary());
    auto join = std::make_unique<JoinRef>(left->pos);
    join->type = type;
    join->natural = natural;
    join->left = std::move(left);
    join->right = std::move(right);
    if (type != JoinType::kCross && !natural) {
      if (MatchWord("on")) {
        COPRA_ASSIGN_OR_RETURN(join->condition, ParseExpr());
      } else if (MatchWord("using")) {
        COPRA_ASSIGN_OR_RETURN(join->using_columns, ParseIdentifierList());
      } else {
        return Unexpected();
      }
    }
    left = std::move(join);
  }
  return left;
}

Result<TableRefPtr> Parser::ParseTablePrimary() {
  COPRA_PARSER_ENTER();
  SourcePosition pos = Cur().pos;
  if (Cur().type == TokenType::kLParen) {
    if (AtQueryStart(1)) {
      Advance();
      auto ref = std::make_unique<SubqueryRef>(pos);
      COPRA_ASSIGN_OR_RETURN(ref->query, ParseQuery());
      COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
      COPRA_RETURN_NOT_OK(ParseTableAlias(ref.get()));
      return TableRefPtr(std::move(ref));
    }
    Advance();
    COPRA_ASSIGN_OR_RETURN(TableRefPtr inner, ParseTableRef());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    return inner;
  }
  if (Cur().IsWord("lateral")) return NotSupportedAt(pos, "LATERAL is not supported");
  ObjectName name;
  if (Cur().IsWord("table") && Peek(1).type == TokenType::kLParen) {
    // Timeplus' table(stream): the historical (non-streaming) view.
    name.parts.push_back("table");
    name.pos = pos;
    Advance();
  } else {
    COPRA_ASSIGN_OR_RETURN(name, ParseObjectName("a table name"));
  }
  TableRefPtr ref;
  if (Cur().type == TokenType::kLParen) {
    if (name.parts.size() > 2) {
      return ErrorAt(pos, fmt::format("improper qualified function name: {}", name.ToString()));
    }
    auto fn = std::make_unique<TableFunctionRef>(pos);
    fn->name = name.parts.back();
    if (name.parts.size() == 2) fn->schema = name.parts[0];
    Advance();
    if (!MatchToken(TokenType::kRParen)) {
      COPRA_ASSIGN_OR_RETURN(fn->args, ParseExprList());
      COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    }
    ref = std::move(fn);
  } else {
    auto table = std::make_unique<BaseTableRef>(pos);
    table->name = std::move(name);
    ref = std::move(table);
  }
  COPRA_RETURN_NOT_OK(ParseTableAlias(ref.get()));
  return ref;
}

Status Parser::ParseTableAlias(TableRef* ref) {
  COPRA_RETURN_NOT_OK(ParseAlias(&ref->alias, kTableFollowers));
  if (!ref->alias.empty() && Cur().type == TokenType::kLParen) {
    COPRA_ASSIGN_OR_RETURN(ref->column_aliases, ParseIdentifierList());
  }
  return Status::OK();
}

Result<QueryNodePtr> Parser::ParseValues() {
  auto node = std::make_unique<ValuesNode>(Cur().pos);
  Advance();  // VALUES
  do {
    SourcePosition row_pos = Cur().pos;
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kLParen));
    COPRA_ASSIGN_OR_RETURN(std::vector<ExprPtr> row, ParseExprList());
    COPRA_RETURN_NOT_OK(ExpectToken(TokenType::kRParen));
    if (!node->rows.empty() && row.size() != node->rows[0].size()) {
      return ErrorAt(row_pos, fmt::format("VALUES lists must all be the same length (row {} has {} "
                                          "values, the first row has {})",
                                          node->rows.size() + 1, row.size(), node->rows[0].size()));
    }
    node->rows.push_back(std::move(row));
  } while (MatchToken(TokenType::kComma));
  return QueryNodePtr(std::move(node));
}

}  // namespace copra
