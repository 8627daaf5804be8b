// BindScope: the columns visible to expressions at one point of a query
// (the FROM clause's output), with the table qualifier each came from, for
// resolving `c`, `t.c` and `t.*`.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "types/logical_type.h"

namespace copra {

// A field of a composite (record) value; see planner/set_function.h.
struct CompositeField {
  std::string name;
  LogicalType type;
};

struct ScopeColumn {
  std::string qualifier;  // table name or alias ("" for derived columns)
  std::string name;
  LogicalType type;
  bool hidden = false;  // not expanded by * (e.g. the right side of USING)
  // For a column of composite values (record text, e.g. a derived table's
  // _pg_expandarray(...) AS keys): its fields, for (keys).x. Else empty.
  std::vector<CompositeField> fields = {};
};

class BindScope {
 public:
  BindScope() = default;
  explicit BindScope(std::vector<ScopeColumn> columns) : columns_(std::move(columns)) {}

  const std::vector<ScopeColumn>& columns() const { return columns_; }
  void Append(const BindScope& other);

  // Resolves `qualifier.name` (qualifier may be empty) to a column index.
  // Errors: kUndefinedColumn with a suggestion, kAmbiguousColumn.
  Result<int> Resolve(const std::string& qualifier, const std::string& name,
                      SourcePosition pos) const;
  // True when some column has this qualifier.
  bool HasQualifier(const std::string& qualifier) const;

 private:
  std::vector<ScopeColumn> columns_;
};

}  // namespace copra
