// PreparedStatement: one parsed SQL statement with $1..$n placeholders,
// parsed once by Session::Prepare and run any number of times with different
// parameter values by Session::ExecutePrepared (the PostgreSQL extended query
// protocol's named and unnamed statements).
//
// Immutable after Prepare; safe to share between threads, but run it only
// through the Session that prepared it (Sessions are single-threaded).
#pragma once

#include <memory>
#include <string>

#include "sql/statement.h"

namespace copra {

struct PreparedStatement {
  std::string sql;
  // nullptr for an empty query ("" or only comments and semicolons).
  std::shared_ptr<const Statement> statement;
  // Highest $n in the text (or the number of ? placeholders).
  int parameter_count = 0;

  bool empty() const { return statement == nullptr; }
  // True for statements that produce rows (queries, EXPLAIN, SHOW,
  // DESCRIBE); false for commands and the empty query.
  bool returns_rows() const;
};

// The number of parameters `sql` refers to: the highest $n, or the count of
// ? placeholders. Pure; thread-safe.
int CountParameters(std::string_view sql);

}  // namespace copra
