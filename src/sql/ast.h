// The SQL abstract syntax tree: include this to walk parsed statements.
//
//   Statement (statement.h)  -- kind: StatementKind; one struct per statement
//     QueryNode (query_node.h) -- kind: QueryNodeKind (SELECT / set op / VALUES)
//       TableRef               -- kind: TableRefKind (table / subquery /
//                                 table function / join)
//       Expr (expression.h)    -- kind: ExprKind
//
// Nodes are plain structs owning their children via std::unique_ptr. Walk
// with `switch (node.kind)` and `node.As<ConcreteType>()`. Every node has
// `pos`, the 1-based line:column (and byte offset) of its first token, for
// positioned binder errors. ToString() renders canonical SQL that parses
// back to an equal tree.
#pragma once

#include "sql/expression.h"
#include "sql/object_name.h"
#include "sql/query_node.h"
#include "sql/statement.h"
