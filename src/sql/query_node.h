// Query AST: SELECT blocks, set operations, VALUES lists and FROM-clause
// table references. Produced by the parser, consumed by the binder.
//
// A query is a tree of QueryNodes. WITH, ORDER BY, LIMIT and OFFSET live on
// the QueryNode base because they apply to whatever node they were written
// after: for `SELECT .. UNION SELECT .. ORDER BY x LIMIT 5` they sit on the
// SetOperationNode, not on the right-hand SelectNode. A parenthesised query
// keeps its own ORDER BY/LIMIT.
//
// GROUP BY items are plain expressions; an integer literal there (or in ORDER
// BY) means a select-list position and is the binder's to interpret.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sql/expression.h"

namespace copra {

struct CommonTableExpr;

enum class QueryNodeKind : uint8_t { kSelect, kSetOperation, kValues };

struct QueryNode {
  QueryNode(QueryNodeKind kind, SourcePosition pos) : kind(kind), pos(pos) {}
  virtual ~QueryNode();
  QueryNode(const QueryNode&) = delete;
  QueryNode& operator=(const QueryNode&) = delete;

  // Renders the whole query (WITH .. ORDER BY .. LIMIT included).
  std::string ToString() const;
  // Renders the node body only, without WITH/ORDER BY/LIMIT/OFFSET.
  virtual std::string BodyToString() const = 0;

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

  const QueryNodeKind kind;
  SourcePosition pos;
  std::vector<CommonTableExpr> ctes;  // WITH name AS (query), ...
  std::vector<OrderByItem> order_by;
  ExprPtr limit;   // null: no LIMIT (or LIMIT ALL)
  ExprPtr offset;  // null: no OFFSET
};

using QueryNodePtr = std::unique_ptr<QueryNode>;

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> column_aliases;  // WITH c(a, b) AS (...)
  QueryNodePtr query;
  SourcePosition pos;
};

// ---- FROM clause -----------------------------------------------------------

enum class TableRefKind : uint8_t { kBaseTable, kSubquery, kTableFunction, kJoin };

struct TableRef {
  TableRef(TableRefKind kind, SourcePosition pos) : kind(kind), pos(pos) {}
  virtual ~TableRef() = default;
  TableRef(const TableRef&) = delete;
  TableRef& operator=(const TableRef&) = delete;

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

  const TableRefKind kind;
  SourcePosition pos;
  std::string alias;                        // "" when none (never set on joins)
  std::vector<std::string> column_aliases;  // t AS x(a, b)

 protected:
  std::string AliasToString() const;  // " AS x(a, b)" or ""
};

using TableRefPtr = std::unique_ptr<TableRef>;

// t, db.t
struct BaseTableRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kBaseTable;
  explicit BaseTableRef(SourcePosition pos) : TableRef(kKind, pos) {}
  std::string ToString() const override;

  ObjectName name;
};

// (SELECT ...) [AS] alias
struct SubqueryRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kSubquery;
  explicit SubqueryRef(SourcePosition pos) : TableRef(kKind, pos) {}
  std::string ToString() const override;

  QueryNodePtr query;
};

// generate_series(1, 10) [AS] alias, run_script('x')
struct TableFunctionRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kTableFunction;
  explicit TableFunctionRef(SourcePosition pos) : TableRef(kKind, pos) {}
  std::string ToString() const override;

  std::string schema;  // usually empty
  std::string name;
  std::vector<ExprPtr> args;
};

enum class JoinType : uint8_t { kInner, kLeft, kRight, kFull, kCross };

const char* JoinTypeName(JoinType type);  // "INNER", "LEFT", ...

// left [NATURAL] JOIN right ON cond | USING (cols); comma joins in FROM are
// kept as separate SelectNode::from entries instead.
struct JoinRef : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kJoin;
  explicit JoinRef(SourcePosition pos) : TableRef(kKind, pos) {}
  std::string ToString() const override;

  JoinType type = JoinType::kInner;
  bool natural = false;
  TableRefPtr left;
  TableRefPtr right;
  ExprPtr condition;                       // ON; null for USING/NATURAL/CROSS
  std::vector<std::string> using_columns;  // USING (a, b)
};

// ---- query nodes ------------------------------------------------------------

// WINDOW name AS (spec)
struct NamedWindow {
  std::string name;
  std::unique_ptr<WindowSpec> spec;
  SourcePosition pos;
};

// expr [[AS] alias], *, t.*
struct SelectItem {
  ExprPtr expr;       // StarExpr for * and t.*
  std::string alias;  // "" when none
  SourcePosition pos;
  std::string ToString() const;
};

struct SelectNode : QueryNode {
  static constexpr QueryNodeKind kKind = QueryNodeKind::kSelect;
  explicit SelectNode(SourcePosition pos) : QueryNode(kKind, pos) {}
  std::string BodyToString() const override;

  bool distinct = false;
  std::vector<SelectItem> items;
  std::vector<TableRefPtr> from;  // empty: SELECT without FROM; >1: comma join
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  std::vector<NamedWindow> windows;  // WINDOW w AS (...), ...
  // SELECT DISTINCT ON (exprs): keep the first row of each distinct value
  // (first by ORDER BY); `distinct` is false when this is set.
  std::vector<ExprPtr> distinct_on;
};

enum class SetOpKind : uint8_t { kUnion, kIntersect, kExcept };

struct SetOperationNode : QueryNode {
  static constexpr QueryNodeKind kKind = QueryNodeKind::kSetOperation;
  explicit SetOperationNode(SourcePosition pos) : QueryNode(kKind, pos) {}
  std::string BodyToString() const override;

  SetOpKind op = SetOpKind::kUnion;
  bool all = false;
  QueryNodePtr left;
  QueryNodePtr right;
};

// VALUES (1, 'a'), (2, 'b'): a query on its own, or INSERT's source
struct ValuesNode : QueryNode {
  static constexpr QueryNodeKind kKind = QueryNodeKind::kValues;
  explicit ValuesNode(SourcePosition pos) : QueryNode(kKind, pos) {}
  std::string BodyToString() const override;

  std::vector<std::vector<ExprPtr>> rows;  // at least one row, all non-empty
};

}  // namespace copra
